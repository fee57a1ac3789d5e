/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel types the programs touch, declared locally instead of a
 * 130k-line vmlinux.h: the build never reads the build host's BTF, and
 * every access is relocated by libbpf (CO-RE) against the running kernel.
 */
#ifndef KVMEXIT_CORE_TYPES_H
#define KVMEXIT_CORE_TYPES_H

#include <linux/types.h>
#include <linux/bpf.h>

typedef __u8 u8;
typedef __u32 u32;
typedef __u64 u64;

#ifndef __cplusplus
#include <stdbool.h>
#endif

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

struct kvm_vcpu {
	int vcpu_id;
};

struct task_struct {
	int pid;
	int tgid;
	u64 start_time;		/* ktime_get_ns() at fork, as bpf_ktime_get_ns() */
	u64 start_boottime;	/* the same on CLOCK_BOOTTIME (5.3+), as /proc shows */
	void *bpf_storage;	/* task storage of any map; NULL while it has none */
};

#pragma clang attribute pop

#endif
