/* SPDX-License-Identifier: GPL-2.0 */
/* kvmexittime's rows: per (thread, reason) count, E2E and switched-out time. */
#ifndef KVMEXIT_TIME_TABLE_H
#define KVMEXIT_TIME_TABLE_H

#include <stddef.h>

struct time_row {
	unsigned long long pid_tgid;
	unsigned int isa, code;
	unsigned long long count, e2e_ns, sched_ns;
	unsigned long long runq_ns;		/* sleep: sched_ns - runq_ns */
	unsigned long long min_ns, max_ns;	/* of this report's exits; 0: none */
	unsigned long long *hist;		/* TIME_HIST_BUCKETS, owned; or NULL */
};

struct time_table {
	struct time_row *rows;
	size_t n, cap;
};

/* Appends r; t owns r->hist from then on. */
int time_table_add(struct time_table *t, const struct time_row *r);
void time_table_free(struct time_table *t);

/*
 * Reads the per-CPU stats map, and the histograms if hists_fd >= 0,
 * summing CPUs, into t.  Min and max come from the CPUs whose extremes
 * belong to generation gen.  0 or -errno.
 */
int time_table_read(int stats_fd, int hists_fd, unsigned long long gen,
		    struct time_table *t);

/*
 * cur minus prev, key by key: counts, sums and histograms are
 * cumulative; min and max are already cur's own.  Sorts both.
 */
int time_table_delta(struct time_table *cur, struct time_table *prev,
		     struct time_table *out);

/* Drops the row of that key, if any (order not kept). */
void time_table_remove(struct time_table *t, unsigned long long pid_tgid,
		       unsigned int isa, unsigned int code);

/* Sum threads per reason (pid_tgid = 0). */
void time_table_collapse(struct time_table *t);

/* By thread if per_thread, then E2E descending, ties by code descending. */
void time_table_sort(struct time_table *t, int per_thread);

#endif
