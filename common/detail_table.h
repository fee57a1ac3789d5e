/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --detail's rows: per (thread, IO port / MSR / MMIO page, direction,
 * size) the exits' count and, for kvmexittime, their E2E and switched-out
 * time; and which programs --detail loads.
 */
#ifndef KVMEXIT_DETAIL_TABLE_H
#define KVMEXIT_DETAIL_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include "cli.h"

struct detail_row {
	unsigned long long pid_tgid;	/* 0 once collapsed */
	unsigned long long key;		/* port, MSR index, page address */
	unsigned int kind, dir, size;	/* bpf/detail.h */
	unsigned long long count, e2e_ns, sched_ns;
};

struct detail_table {
	struct detail_row *rows;
	size_t n, cap;
};

/* session_ops.wants: the kvm_pio, kvm_msr and kvm_mmio programs with --detail. */
bool detail_prog_wanted(const char *prog, bool raw, const struct cli *c);

int detail_table_add(struct detail_table *t, const struct detail_row *r);
void detail_table_free(struct detail_table *t);

/* Reads the per-CPU map bpf/detail.bpf.h fills, summing CPUs.  0 or -errno. */
int detail_table_read(int fd, struct detail_table *t);

/* cur minus prev, key by key (the map's sums are cumulative).  0 or -ENOMEM. */
int detail_table_delta(struct detail_table *cur, struct detail_table *prev,
		       struct detail_table *out);

/*
 * Before a read: the map's keys of threads gone from /proc (they add
 * nothing more), as rows with no counts.  0 or -ENOMEM.
 */
int detail_table_gone(int fd, struct detail_table *gone);

/*
 * After that read is reported: removes those keys from the map and their
 * rows from prev, so that the map holds live threads only.
 */
void detail_table_forget(int fd, struct detail_table *gone,
			 struct detail_table *prev);

/* Sums the threads of each detail (pid_tgid = 0). */
void detail_table_collapse(struct detail_table *t);

/*
 * The main tables' orders: by thread if per_thread; then by_measure: the
 * count (or E2E, by_time) descending, ties by detail descending; else the
 * detail ascending (kvmexit's per-thread order).
 */
void detail_table_sort(struct detail_table *t, bool per_thread, bool by_measure,
		       bool by_time);

#endif
