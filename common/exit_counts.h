/* SPDX-License-Identifier: GPL-2.0 */
/* Reading kvmexit's per-CPU cache and hashes into rows. */
#ifndef KVMEXIT_EXIT_COUNTS_H
#define KVMEXIT_EXIT_COUNTS_H

#include "exit_table.h"
#include "kvmexit.h"

struct bpf_object;

/*
 * Before load: make kvmexit's per-thread array serve dense_isa, sized for
 * its codes (bpf/exit_slot.h).  0 or -errno.
 */
int exit_counts_configure(struct bpf_object *obj, unsigned int dense_isa);

/* Reads the three maps into t; the array serves dense_isa.  0 or -errno. */
int exit_counts_read(unsigned int dense_isa, int cache_fd, int counts_fd,
		     int rare_fd, struct exit_table *t);

#endif
