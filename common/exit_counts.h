/* SPDX-License-Identifier: GPL-2.0 */
/* Reading kvmexit's per-CPU cache and hashes into rows. */
#ifndef KVMEXIT_EXIT_COUNTS_H
#define KVMEXIT_EXIT_COUNTS_H

#include "exit_table.h"
#include "kvmexit.h"

/*
 * Per-CPU sum for one thread: the cache slot holds the up-to-date counts
 * of the thread that owns it on that CPU, the hash slot those of others.
 */
void exit_counts_sum(unsigned long long pid_tgid, const struct cache_info *cache,
		     const struct exit_count *vals, int ncpus,
		     unsigned long long out[EXIT_SLOTS]);

/* Reads the three maps into t; the array serves dense_isa.  0 or -errno. */
int exit_counts_read(unsigned int dense_isa, int cache_fd, int counts_fd,
		     int rare_fd, struct exit_table *t);

#endif
