/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Thread filter shared by both tools.  Everything known at load time is a
 * const volatile, so the verifier removes the checks that are off; only
 * -T needs a map.
 */
#ifndef KVMEXIT_FILTER_BPF_H
#define KVMEXIT_FILTER_BPF_H

#include "core_types.h"
#include <bpf/bpf_helpers.h>

#ifndef FILTER_MAX_TIDS
#define FILTER_MAX_TIDS 1024
#endif

const volatile __u32 filter_tgid = 0;	/* -p */
const volatile __u32 filter_tid = 0;	/* -t, or -p -v resolved to a TID */
const volatile bool filter_tid_set = false; /* -T */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, FILTER_MAX_TIDS);
	__type(key, u32);
	__type(value, u8);
} filter_tids SEC(".maps");

static __always_inline bool thread_wanted(u64 pid_tgid)
{
	u32 tid = (u32)pid_tgid;

	if (filter_tgid && (u32)(pid_tgid >> 32) != filter_tgid)
		return false;
	if (filter_tid && tid != filter_tid)
		return false;
	if (filter_tid_set && !bpf_map_lookup_elem(&filter_tids, &tid))
		return false;
	return true;
}

#endif
