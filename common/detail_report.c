// SPDX-License-Identifier: GPL-2.0
#include "detail.h"
#include "detail_report.h"
#include "identity.h"
#include "msr_names.h"
#include "time_units.h"

const char *detail_kind_name(unsigned int kind)
{
	switch (kind) {
	case DETAIL_IO:
		return "IO";
	case DETAIL_MSR:
		return "MSR";
	case DETAIL_MMIO:
		return "MMIO";
	default:
		return "?";
	}
}

const char *detail_target(const struct detail_row *r, char *buf, size_t len)
{
	const char *name = r->kind == DETAIL_MSR ? msr_name(r->key) : NULL;

	if (name)
		snprintf(buf, len, "%#llx %s", r->key, name);
	else
		snprintf(buf, len, "%#llx", r->key);
	return buf;
}

const char *detail_access(const struct detail_row *r)
{
	if (r->kind == DETAIL_IO)
		return r->dir == DETAIL_WRITE ? "out" : "in";
	return r->dir == DETAIL_WRITE ? "write" : "read";
}

/* The cells before the detail: VM and VCPU with -n, then PID and TID. */
static void lead(FILE *f, const struct detail_layout *l, const char *sep,
		 const struct detail_row *r)
{
	char pid[16], tid[16];

	if (!l->thread_cols)
		return;
	if (identity_enabled()) {
		struct identity_cells cells;

		if (r)
			identity_cells(r->pid_tgid >> 32, (unsigned int)r->pid_tgid,
				       &cells);
		fprintf(f, "%-*s%s%-*s%s", IDENTITY_VM_WIDTH, r ? cells.vm : "VM",
			sep, IDENTITY_VCPU_WIDTH, r ? cells.vcpu : "VCPU", sep);
	}
	snprintf(pid, sizeof(pid), "%llu", r ? r->pid_tgid >> 32 : 0);
	snprintf(tid, sizeof(tid), "%u", r ? (unsigned int)r->pid_tgid : 0);
	if (l->thread_cols > 1)
		fprintf(f, "%-8s%s", r ? pid : "PID", sep);
	fprintf(f, "%-8s%s", r ? tid : l->tid_head, sep);
}

static void header(FILE *f, const struct detail_layout *l)
{
	char e2e[32], sched[32], oncpu[32];

	fputc('\n', f);
	if (!l->times) {
		lead(f, l, " ", NULL);
		fprintf(f, "%-5s %-30s %-6s %-5s %s\n", "EXIT", "DETAIL", "ACCESS",
			"SIZE", "COUNT");
		return;
	}
	lead(f, l, "\t", NULL);
	fprintf(f, "%-5s\t%-30s\t%-6s\t%-5s\t%-16s\t%-16s\t%-16s\t%s\n", "Exit",
		"Detail", "Access", "Size", "Count",
		time_units_head(e2e, sizeof(e2e), "E2E-time", l->unit_ns, l->unit),
		time_units_head(sched, sizeof(sched), "Sched-out-time", l->unit_ns,
				l->unit),
		time_units_head(oncpu, sizeof(oncpu), "On-cpu-time", l->unit_ns,
				l->unit));
}

static void row(FILE *f, const struct detail_layout *l, const struct detail_row *r)
{
	char target[64], size[16], t[3][32];

	detail_target(r, target, sizeof(target));
	if (r->kind == DETAIL_MSR)
		snprintf(size, sizeof(size), "-");
	else
		snprintf(size, sizeof(size), "%u", r->size);
	if (!l->times) {
		lead(f, l, " ", r);
		fprintf(f, "%-5s %-30s %-6s %-5s %llu\n", detail_kind_name(r->kind),
			target, detail_access(r), size, r->count);
		return;
	}
	lead(f, l, "\t", r);
	fprintf(f, "%-5s\t%-30s\t%-6s\t%-5s\t%-16llu\t%-16s\t%-16s\t%s\n",
		detail_kind_name(r->kind), target, detail_access(r), size, r->count,
		time_units_fmt(t[0], sizeof(t[0]), r->e2e_ns, l->unit_ns),
		time_units_fmt(t[1], sizeof(t[1]), r->sched_ns, l->unit_ns),
		time_units_fmt(t[2], sizeof(t[2]), r->e2e_ns - r->sched_ns,
			       l->unit_ns));
}

void detail_print(FILE *f, struct detail_table *t, const struct detail_layout *l)
{
	size_t i;

	if (!l->thread_cols)
		detail_table_collapse(t);
	/* kvmexit lists a thread's rows by detail, as bcc its reasons by code. */
	detail_table_sort(t, l->thread_cols, l->times || !l->thread_cols, l->times);
	header(f, l);
	for (i = 0; i < t->n; i++)
		if (t->rows[i].count)
			row(f, l, &t->rows[i]);
}
