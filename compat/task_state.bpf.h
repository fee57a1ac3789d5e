/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A task's scheduler state, for telling a preempted vCPU thread (waiting
 * on a run queue) from one that blocked (sleeping), on every kernel.
 */
#ifndef KVMEXIT_TASK_STATE_BPF_H
#define KVMEXIT_TASK_STATE_BPF_H

#include "core_types.h"
#include <bpf/bpf_core_read.h>

/*
 * 5.14 renamed task_struct.state to __state and made it an unsigned int
 * (2f064a59a11f "sched: Change task_struct::state"), so that stray
 * readers break; 5.10 has the long.
 */
struct task_struct___state {
	unsigned int __state;
} __attribute__((preserve_access_index));

struct task_struct___state_pre514 {
	long state;
} __attribute__((preserve_access_index));

static __always_inline long task_state(const void *task)
{
	if (bpf_core_field_exists(struct task_struct___state, __state))
		return BPF_CORE_READ((const struct task_struct___state *)task, __state);
	return BPF_CORE_READ((const struct task_struct___state_pre514 *)task, state);
}

/*
 * The classic sched_switch record's prev_state (a long at offset 32 since
 * 4.x): a reported state bit (1 interruptible, 2 uninterruptible, ...,
 * 0x80 idle) for a task that blocked; 0 (running) or TASK_REPORT_MAX
 * (0x100, since 4.14) for one that was preempted while runnable.
 */
#define SCHED_SWITCH_PREV_STATE_OFF 32
#define SCHED_SWITCH_REPORT_MASK 0xff

#endif
