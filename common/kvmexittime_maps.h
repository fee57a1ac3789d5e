/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmexittime's BPF object: how the session loads it and how its maps and
 * global data are read.  The tool and the BPF tests go through here alike.
 */
#ifndef KVMEXIT_KVMEXITTIME_MAPS_H
#define KVMEXIT_KVMEXITTIME_MAPS_H

#include "detail_table.h"
#include "kvmexittime.h"
#include "session.h"
#include "time_table.h"

extern const struct session_ops kvmexittime_ops;

struct kvmexittime_bpf;

/*
 * Before load: keep per-thread exit state in task storage (on), with the
 * tp_btf sched_switch, or in the states hash.  The tool's load decides
 * (task storage where the kernel and the attach plan allow it); tests
 * may decide again before loading.  0 or -errno.
 */
int kvmexittime_state_in_task(struct kvmexittime_bpf *skel, bool on);

/*
 * Reads the cumulative per-(thread, reason) times into t and the event
 * counters into events, both as the kernel has them now.  0 or -errno.
 */
int kvmexittime_read(const struct session *s, struct time_table *t,
		     unsigned long long events[EV_MAX]);

/* --detail: the cumulative per-thread detail times, as the kernel has them now. */
int kvmexittime_read_details(const struct session *s, struct detail_table *t);

/* --detail: its map, for detail_table_gone() and detail_table_forget(). */
int kvmexittime_details_fd(const struct session *s);

/*
 * Moves the sums of threads that have exited (gone from /proc) from the
 * kernel tables to retired (rows added and merged), so that the tables
 * hold live threads only.  Each summary does it first, and a wait between
 * summaries every KVMEXITTIME_HARVEST_SECS.  since: as kvmexit_harvest's.
 * 0 or -errno.
 */
#define KVMEXITTIME_HARVEST_SECS 10
struct pid_epoch;
int kvmexittime_harvest(const struct session *s, struct pid_epoch *since,
			struct time_table *retired);

#endif
