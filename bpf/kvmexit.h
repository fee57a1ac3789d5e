/* SPDX-License-Identifier: GPL-2.0 */
/* Types shared by bpf/kvmexit.bpf.c and the user-space side of kvmexit. */
#ifndef KVMEXIT_KVMEXIT_H
#define KVMEXIT_KVMEXIT_H

#include "exit_slot.h"
#include "detail.h"

/* bcc's TGID_NUM: threads the per-CPU hash can hold. */
#define KVMEXIT_MAX_THREADS 1024
/* Distinct (thread, code) pairs outside the dense slots. */
#define KVMEXIT_MAX_RARE 4096
/* Upper bound of -T TIDS entries. */
#define KVMEXIT_MAX_TIDS 1024

struct exit_count {
	unsigned long long ct[EXIT_SLOTS];
};

/*
 * A thread: its IDs as shown and when it started (task_struct's
 * start_boottime, ns), so that a new thread that reuses an ID after the
 * old one exited is a new key and starts from zero.  /proc/TID/stat's
 * starttime is the same clock in ticks: user space tells with it which
 * keys' threads are gone (common/exit_counts.c).
 */
struct thread_key {
	unsigned long long pid_tgid;
	unsigned long long start_ns;
};

/*
 * Per-CPU "last thread seen" cache, as in bcc's pcpu_cache.  gen is the
 * harvest generation (harvest_gen) when the owner was last confirmed: a
 * hit in the same generation needs no start time (see on_exit).
 */
struct cache_info {
	struct thread_key owner;
	unsigned long long gen;
	struct exit_count counts;
};

struct rare_key {
	struct thread_key thread;
	unsigned int isa;
	unsigned int code;
};

/* Events that could not be counted, reported by user space at the end. */
enum kvmexit_loss {
	LOSS_THREADS_FULL,	/* per-thread hash full */
	LOSS_RARE_FULL,		/* rare-code hash full */
	LOSS_UNDECODED,		/* vendor struct unreadable or unknown layout */
	LOSS_DETAIL_FULL,	/* --detail: detail table full */
	LOSS_DETAIL_UNATTRIBUTED, /* --detail: no exit in progress to give it to */
	LOSS_MAX,
};

#endif
