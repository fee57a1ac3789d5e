/* SPDX-License-Identifier: GPL-2.0 */
/* Reading kvmexit's per-CPU cache and hashes into rows. */
#ifndef KVMEXIT_EXIT_COUNTS_H
#define KVMEXIT_EXIT_COUNTS_H

#include "exit_table.h"
#include "kvmexit.h"

struct bpf_object;

/* A set of threads, as the kernel tables key them; sorted. */
struct thread_keys {
	struct thread_key *keys;
	size_t n, cap;
};

void thread_keys_free(struct thread_keys *k);

/*
 * Before load: make kvmexit's per-thread array serve dense_isa, sized for
 * its codes (bpf/exit_slot.h).  0 or -errno.
 */
int exit_counts_configure(struct bpf_object *obj, unsigned int dense_isa);

/*
 * Reads the three maps into t; the array serves dense_isa.  Only the
 * threads in only, unless it is NULL.  0 or -errno.
 */
int exit_counts_read(unsigned int dense_isa, int cache_fd, int counts_fd,
		     int rare_fd, const struct thread_keys *only,
		     struct exit_table *t);

/*
 * The threads the counts and rare tables hold that have exited: their ID
 * is gone from /proc, or now names a thread that started at another time
 * (asked of /proc only for IDs the allocator may have given out again
 * since the last call, whose epoch *since holds; zeroed: all).  They
 * count no more exits.  0 or -errno.
 */
struct pid_epoch;
int exit_counts_gone(int counts_fd, int rare_fd, struct pid_epoch *since,
		     struct thread_keys *gone);

/* Removes the threads' entries from the counts and rare tables. */
void exit_counts_forget(int counts_fd, int rare_fd,
			const struct thread_keys *gone);

#endif
