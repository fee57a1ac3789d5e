/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmexit's BPF object: how the session loads it and how its maps and
 * global data are read.  The tool and the BPF tests go through here alike.
 */
#ifndef KVMEXIT_KVMEXIT_MAPS_H
#define KVMEXIT_KVMEXIT_MAPS_H

#include "detail_table.h"
#include "exit_table.h"
#include "kvmexit.h"
#include "session.h"

extern const struct session_ops kvmexit_ops;

/*
 * Reads the per-thread counts into t and the loss counters into losses,
 * both as the kernel has them now.  0 or -errno.
 */
int kvmexit_read(const struct session *s, struct exit_table *t,
		 unsigned long long losses[LOSS_MAX]);

/*
 * Moves the counts of threads that have exited from the kernel tables to
 * retired (rows added), so that the tables hold live threads only.  A new
 * thread that reuses such a thread's ID starts from zero.  Each report
 * does it first, and a wait between reports every KVMEXIT_HARVEST_SECS,
 * so that any run of any length has room for the live threads.  since:
 * the epoch of the last harvest (exit_counts_gone()), zeroed at first.
 * 0 or -errno.
 */
#define KVMEXIT_HARVEST_SECS 10
struct pid_epoch;
int kvmexit_harvest(const struct session *s, struct pid_epoch *since,
		    struct exit_table *retired);

/* --detail: the per-thread detail counts, as the kernel has them now. */
int kvmexit_read_details(const struct session *s, struct detail_table *t);

/* --detail: its map, for detail_table_gone() and detail_table_forget(). */
int kvmexit_details_fd(const struct session *s);

#endif
