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

/* --detail: the per-thread detail counts, as the kernel has them now. */
int kvmexit_read_details(const struct session *s, struct detail_table *t);

#endif
