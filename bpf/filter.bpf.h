/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Thread filter shared by both tools.  Everything known at load time is a
 * const volatile, so the verifier removes the checks that are off; only
 * -T needs a map.
 *
 * IDs: in the initial PID namespace, global ones.  Run from any other (a
 * container), the user's IDs are that namespace's, so the programs filter
 * and key on those too; a thread that is not a member of that namespace
 * has no ID the user could give or read, and is skipped.
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
/* Not the initial PID namespace: the caller's, as /proc/self/ns/pid names it. */
const volatile bool pidns_on = false;
const volatile __u64 pidns_dev = 0;
const volatile __u64 pidns_ino = 0;

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

/*
 * The current thread's pid_tgid as the user sees it; false when it has
 * none in the caller's namespace.  bpf_get_ns_current_pid_tgid (5.7, all
 * tracing program types) answers only for members of that very namespace,
 * not of namespaces nested in it.
 */
static __always_inline bool current_id(u64 *id)
{
	struct bpf_pidns_info ns;

	if (!pidns_on) {
		*id = bpf_get_current_pid_tgid();
		return true;
	}
	if (bpf_get_ns_current_pid_tgid(pidns_dev, pidns_ino, &ns, sizeof(ns)))
		return false;
	*id = (u64)ns.tgid << 32 | ns.pid;
	return true;
}

/* current_id() of a thread the filter wants. */
static __always_inline bool current_wanted(u64 *id)
{
	return current_id(id) && thread_wanted(*id);
}

/*
 * The current thread's global TID, given its current_id(): the key of
 * state that sched_switch, which sees only task_struct's global pid, reads.
 */
static __always_inline u32 current_global_tid(u64 id)
{
	return pidns_on ? (u32)bpf_get_current_pid_tgid() : (u32)id;
}

#endif
