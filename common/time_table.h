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

/* A set of (thread, reason) keys, as the kernel's tables hold them. */
struct time_key;
struct time_keys {
	struct time_key *keys;
	size_t n, cap;
};

int time_keys_add(struct time_keys *k, const struct time_key *key);
/* Appends every key of the stats map to k (in batches where the kernel can). */
int time_keys_read(int fd, struct time_keys *k);
/* Sorted, for time_table_read()'s only. */
void time_keys_sort(struct time_keys *k);
void time_keys_free(struct time_keys *k);

/* Appends r; t owns r->hist from then on. */
int time_table_add(struct time_table *t, const struct time_row *r);
void time_table_free(struct time_table *t);

/*
 * Reads the stats map, and the histograms if hists_fd >= 0, into t
 * (summing CPUs, should the maps be per-CPU).  Min and max count only if
 * they belong to generation gen.  Only the keys in only (sorted, see
 * time_keys_sort()) unless it is NULL.  0 or -errno.
 */
struct time_keys;
int time_table_read(int stats_fd, int hists_fd, unsigned long long gen,
		    const struct time_keys *only, struct time_table *t);

/*
 * cur minus prev, key by key: counts, sums and histograms are
 * cumulative; min and max are already cur's own.  Sorts both.
 */
int time_table_delta(struct time_table *cur, struct time_table *prev,
		     struct time_table *out);

/* Drops the row of that key, if any (order not kept). */
void time_table_remove(struct time_table *t, unsigned long long pid_tgid,
		       unsigned int isa, unsigned int code);

/* Sorts by key and sums the rows of one key into one. */
void time_table_merge(struct time_table *t);

/* Appends copies of src's rows (histograms too) to dst.  0 or -ENOMEM. */
int time_table_copy(struct time_table *dst, const struct time_table *src);

/*
 * Takes sub's counts, sums and histograms off t's rows of the same key and
 * drops the rows left with no exit: what t holds of threads other than
 * sub's.  Sorts both.
 */
void time_table_subtract(struct time_table *t, struct time_table *sub);

/* Sum threads per reason (pid_tgid = 0). */
void time_table_collapse(struct time_table *t);

/* By thread if per_thread, then E2E descending, ties by code descending. */
void time_table_sort(struct time_table *t, int per_thread);

#endif
