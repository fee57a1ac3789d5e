// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "kvmexittime_report.h"
#include "exit_reasons.h"
#include "identity.h"
#include "time_hist.h"
#include "time_units.h"

void kvmexittime_print_banner(FILE *f)
{
	fprintf(f, "Tracing kvm exit...  Hit Ctrl-C to end.\n");
}

static const char *const stat_heads[] = {
	"Avg", "Min", "P50", "P90", "P99", "Max", "Runq-time", "Sleep-time",
};
#define NSTATS (sizeof(stat_heads) / sizeof(stat_heads[0]))

static void header(FILE *f, const struct time_report_opts *o)
{
	char e2e[32], sched[32], oncpu[32], h[32];
	size_t i;

	if (o->per_thread && identity_enabled())
		fprintf(f, "%-*s\t%-*s\t", IDENTITY_VM_WIDTH, "VM",
			IDENTITY_VCPU_WIDTH, "VCPU");
	if (o->per_thread)
		fprintf(f, "%-8s\t", "TID");
	fprintf(f, "%-18s\t%-16s\t%-16s\t%-16s\t", "Exit reason", "Count",
		time_units_head(e2e, sizeof(e2e), "E2E-time", o->unit_ns, o->unit),
		time_units_head(sched, sizeof(sched), "Sched-out-time", o->unit_ns,
				o->unit));
	time_units_head(oncpu, sizeof(oncpu), "On-cpu-time", o->unit_ns, o->unit);
	if (!o->stats) {
		fprintf(f, "%s\n", oncpu);
		return;
	}
	fprintf(f, "%-16s", oncpu);
	for (i = 0; i < NSTATS; i++)
		fprintf(f, i + 1 < NSTATS ? "\t%-16s" : "\t%s\n",
			time_units_head(h, sizeof(h), stat_heads[i], o->unit_ns, o->unit));
}

/* One row; r NULL for Total, whose sums are in total. */
static void row(FILE *f, const struct time_report_opts *o, const char *tid,
		const char *name, const struct time_row *r,
		const struct time_row *total)
{
	const struct time_row *v = r ? r : total;
	unsigned int u = o->unit_ns;
	char t[4][32], s[NSTATS][32];
	size_t i;

	if (o->per_thread && identity_enabled()) {
		/* -n: the VM and VCPU of the row's thread; none on Total. */
		struct identity_cells cells = { "", "" };

		if (r)
			identity_cells(r->pid_tgid >> 32, (unsigned int)r->pid_tgid,
				       &cells);
		fprintf(f, "%-*s\t%-*s\t", IDENTITY_VM_WIDTH, cells.vm,
			IDENTITY_VCPU_WIDTH, cells.vcpu);
	}
	if (o->per_thread)
		fprintf(f, "%-8s\t", tid);
	fprintf(f, "%-18s\t%-16llu\t%-16s\t%-16s\t", name, v->count,
		time_units_fmt(t[0], sizeof(t[0]), v->e2e_ns, u),
		time_units_fmt(t[1], sizeof(t[1]), v->sched_ns, u));
	time_units_fmt(t[2], sizeof(t[2]), v->e2e_ns - v->sched_ns, u);
	if (!o->stats) {
		fprintf(f, "%s\n", t[2]);
		return;
	}
	fprintf(f, "%-16s", t[2]);
	for (i = 0; i < 6; i++)
		snprintf(s[i], sizeof(s[i]), "-");
	if (r) {
		time_units_fmt(s[0], sizeof(s[0]),
			       r->count ? r->e2e_ns / r->count : 0, u);
		time_units_fmt(s[1], sizeof(s[1]), r->min_ns, u);
		if (r->hist) {
			time_units_fmt(s[2], sizeof(s[2]),
				       time_hist_quantile(r->hist, 0.50, r->min_ns, r->max_ns), u);
			time_units_fmt(s[3], sizeof(s[3]),
				       time_hist_quantile(r->hist, 0.90, r->min_ns, r->max_ns), u);
			time_units_fmt(s[4], sizeof(s[4]),
				       time_hist_quantile(r->hist, 0.99, r->min_ns, r->max_ns), u);
		}
		time_units_fmt(s[5], sizeof(s[5]), r->max_ns, u);
	}
	time_units_fmt(s[6], sizeof(s[6]), v->runq_ns, u);
	time_units_fmt(s[7], sizeof(s[7]), v->sched_ns - v->runq_ns, u);
	for (i = 0; i < NSTATS; i++)
		fprintf(f, i + 1 < NSTATS ? "\t%-16s" : "\t%s\n", s[i]);
}

void kvmexittime_print_table(FILE *f, struct time_table *t,
			     const struct time_report_opts *o)
{
	struct time_row total = { 0 };
	char name[32], tid[16];
	size_t i;

	if (!o->per_thread)
		time_table_collapse(t);
	time_table_sort(t, o->per_thread);
	header(f, o);
	for (i = 0; i < t->n; i++) {
		const struct time_row *r = &t->rows[i];

		snprintf(tid, sizeof(tid), "%u", (unsigned int)r->pid_tgid);
		row(f, o, tid, exit_reason_label(r->isa, r->code, name, sizeof(name)),
		    r, NULL);
		total.count += r->count;
		total.e2e_ns += r->e2e_ns;
		total.sched_ns += r->sched_ns;
		total.runq_ns += r->runq_ns;
	}
	row(f, o, "", "Total", NULL, &total);
	if (o->stats)
		fprintf(f, "P50, P90, P99: midpoints of log-linear histogram buckets, "
			"within 1/8 of the exact value\n");
}

/* REASON as --hist gave it: the name as printed (any case), or a code. */
static bool reason_matches(const struct time_row *r, const char *want)
{
	char name[32], *end;
	unsigned long code;

	if (!want)
		return true;
	if (!strcasecmp(exit_reason_label(r->isa, r->code, name, sizeof(name)), want))
		return true;
	code = strtoul(want, &end, 0);
	return *want && !*end && code == r->code;
}

static const char *unit_label(const struct time_report_opts *o)
{
	return o->unit_ns == 1000000 ? "msecs" : o->unit_ns == 1000 ? "usecs" : "nsecs";
}

void kvmexittime_print_hists(FILE *f, const struct time_table *t,
			     const struct time_report_opts *o)
{
	char name[32];
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct time_row *r = &t->rows[i];

		if (!r->hist || !reason_matches(r, o->hist_reason))
			continue;
		fputc('\n', f);
		if (o->per_thread)
			fprintf(f, "tid = %u, ", (unsigned int)r->pid_tgid);
		fprintf(f, "exit reason = %s, count = %llu\n",
			exit_reason_label(r->isa, r->code, name, sizeof(name)), r->count);
		time_hist_print(f, r->hist, o->unit_ns, unit_label(o));
	}
}
