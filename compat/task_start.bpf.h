/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When the current thread started, on the clock /proc/TID/stat's
 * starttime counts in ticks: task_struct.start_boottime (5.3+, every
 * kernel the tools support).
 */
#ifndef KVMEXIT_TASK_START_BPF_H
#define KVMEXIT_TASK_START_BPF_H

#include "core_types.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

static __always_inline u64 current_start_ns(void)
{
	/*
	 * 5.11 (3ca1032ab7ab) returns current as a BTF pointer: a plain load
	 * on the hot path.  5.10 has only the probe read.  The branch not
	 * taken is dead code the verifier never checks.
	 */
	if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_task_btf))
		return bpf_get_current_task_btf()->start_boottime;
	return BPF_CORE_READ((struct task_struct *)bpf_get_current_task(), start_boottime);
}

#endif
