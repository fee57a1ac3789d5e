/* SPDX-License-Identifier: GPL-2.0 */
/* Rows of (thread, exit reason, count) and the orders bcc prints them in. */
#ifndef KVMEXIT_EXIT_TABLE_H
#define KVMEXIT_EXIT_TABLE_H

#include <stddef.h>

struct exit_row {
	unsigned int tgid, tid;
	unsigned int isa, code;
	unsigned long long count;
};

struct exit_table {
	struct exit_row *rows;
	size_t n, cap;
};

/* Appends a row; each (tgid, tid, isa, code) once.  0 or -ENOMEM. */
int exit_table_add(struct exit_table *t, unsigned int tgid, unsigned int tid,
		   unsigned int isa, unsigned int code, unsigned long long count);
void exit_table_free(struct exit_table *t);

/* By process, thread, then ascending code (bcc's order within a thread). */
void exit_table_sort_threads(struct exit_table *t);

/*
 * Sum all threads per reason (tgid = tid = 0), then sort by count
 * descending, ties by code descending, as bcc's sort(reverse=True).
 */
void exit_table_collapse(struct exit_table *t);

/*
 * Sorts by thread and sums the rows of one (tgid, tid, isa, code): two
 * threads that had one ID, one after the other, are one row.
 */
void exit_table_merge(struct exit_table *t);

/*
 * Takes sub's counts off t's rows (both merged) and drops the rows that
 * reach 0: what t holds of threads other than sub's.
 */
void exit_table_subtract(struct exit_table *t, const struct exit_table *sub);

/* Appends src's rows to dst.  0 or -ENOMEM. */
int exit_table_copy(struct exit_table *dst, const struct exit_table *src);

/*
 * cur minus prev, row by row (the kernel's counts are cumulative): the
 * rows of the interval between the two reads.  Sorts both.
 */
int exit_table_delta(struct exit_table *cur, struct exit_table *prev,
		     struct exit_table *out);

#endif
