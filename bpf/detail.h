/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --detail: the IO port, MSR index or MMIO page of an exit, from the
 * kernel's kvm_pio, kvm_msr and kvm_mmio tracepoints.  Types shared by
 * bpf/detail.bpf.h and common/detail_table.c, for both tools.
 */
#ifndef KVMEXIT_DETAIL_H
#define KVMEXIT_DETAIL_H

/* (thread, detail) pairs; beyond, an exit's detail is counted as lost. */
#define DETAIL_MAX_KEYS 8192

enum detail_kind {
	DETAIL_IO = 1,		/* key: port; size: bytes per access */
	DETAIL_MSR,		/* key: MSR index (ECX) */
	DETAIL_MMIO,		/* key: guest physical page; size: bytes */
};

enum detail_dir {
	DETAIL_READ,		/* IO in, RDMSR, MMIO read */
	DETAIL_WRITE,		/* IO out, WRMSR, MMIO write */
};

/* Padding spelled out: the key is hashed as raw bytes. */
struct detail_key {
	unsigned long long pid_tgid;
	unsigned long long key;
	unsigned int kind, dir, size, pad;
};

/* Per CPU.  kvmexit fills count only; kvmexittime the times too. */
struct detail_val {
	unsigned long long count;
	unsigned long long e2e_ns;
	unsigned long long sched_ns;
};

/*
 * The detail of a thread's exit in progress: armed at kvm_exit, set by
 * the exit's first detail event.
 */
enum detail_mark_state {
	DETAIL_NONE,		/* no exit in progress (or not since kvm_entry) */
	DETAIL_ARMED,		/* in an exit, no detail yet */
	DETAIL_SET,		/* in an exit, detail in key */
};

struct detail_mark {
	unsigned int state;	/* enum detail_mark_state */
	unsigned int kind, dir, size;
	unsigned long long key;
};

#endif
