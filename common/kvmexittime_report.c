// SPDX-License-Identifier: GPL-2.0
#include "kvmexittime_report.h"
#include "exit_reasons.h"

void kvmexittime_print_banner(FILE *f)
{
	fprintf(f, "Tracing kvm exit...  Hit Ctrl-C to end.\n");
}

static void row(FILE *f, bool per_thread, const char *tid, const char *name,
		unsigned long long count, unsigned long long e2e,
		unsigned long long sched)
{
	if (per_thread)
		fprintf(f, "%-8s\t", tid);
	fprintf(f, "%-18s\t%-16llu\t%-16llu\t%-16llu\t%llu\n", name, count, e2e,
		sched, e2e - sched);
}

void kvmexittime_print_table(FILE *f, struct time_table *t, bool per_thread)
{
	unsigned long long count = 0, e2e = 0, sched = 0;
	char name[32], tid[16];
	size_t i;

	if (!per_thread)
		time_table_collapse(t);
	time_table_sort(t, per_thread);
	if (per_thread)
		fprintf(f, "%-8s\t", "TID");
	fprintf(f, "%-18s\t%-16s\t%-16s\t%-16s\t%s\n", "Exit reason", "Count",
		"E2E-time", "Sched-out-time", "On-cpu-time");
	for (i = 0; i < t->n; i++) {
		const struct time_row *r = &t->rows[i];

		snprintf(tid, sizeof(tid), "%u", (unsigned int)r->pid_tgid);
		row(f, per_thread, tid,
		    exit_reason_label(r->isa, r->code, name, sizeof(name)),
		    r->count, r->e2e_ns, r->sched_ns);
		count += r->count;
		e2e += r->e2e_ns;
		sched += r->sched_ns;
	}
	row(f, per_thread, "", "Total", count, e2e, sched);
}
