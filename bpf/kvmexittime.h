/* SPDX-License-Identifier: GPL-2.0 */
/* Types shared by bpf/kvmexittime.bpf.c and the user-space side of kvmexittime. */
#ifndef KVMEXIT_KVMEXITTIME_H
#define KVMEXIT_KVMEXITTIME_H

#include "exit_slot.h"

/* Threads with per-thread exit state (SysAK: 10240). */
#define KVMEXITTIME_MAX_THREADS 10240
/* (thread, reason) pairs with accumulated times. */
#define KVMEXITTIME_MAX_STATS 16384

/* A thread's exit in progress; cleared (in_exit = 0) at kvm_entry. */
struct exit_state {
	unsigned long long exit_ns;	/* kvm_exit time */
	unsigned long long out_ns;	/* switched out at, 0 while on a CPU */
	unsigned long long sched_ns;	/* switched-out time so far */
	unsigned int isa, code;
	unsigned int in_exit;
	unsigned int pad;
};

struct time_key {
	unsigned long long pid_tgid;
	unsigned int isa, code;
};

struct time_val {
	unsigned long long count;
	unsigned long long e2e_ns;
	unsigned long long sched_ns;
};

enum kvmexittime_event {
	EV_STATE_FULL,		/* per-thread state table full: exit not timed */
	EV_STATS_FULL,		/* (thread, reason) table full: exit not timed */
	EV_UNDECODED,		/* exit code unreadable */
	EV_UNPAIRED_EXIT,	/* kvm_exit again before kvm_entry: first one dropped */
	EV_MAX,
};

#endif
