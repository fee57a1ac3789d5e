/* SPDX-License-Identifier: GPL-2.0 */
/* Types shared by bpf/kvmexittime.bpf.c and the user-space side of kvmexittime. */
#ifndef KVMEXIT_KVMEXITTIME_H
#define KVMEXIT_KVMEXITTIME_H

#include "exit_slot.h"
#include "detail.h"

/* Threads with per-thread exit state in the states hash (SysAK: 10240). */
#define KVMEXITTIME_MAX_THREADS 10240
/* (thread, reason) pairs with accumulated times. */
#define KVMEXITTIME_MAX_STATS 16384

/* A thread's exit in progress; cleared (in_exit = 0) at kvm_entry. */
struct exit_state {
	unsigned long long exit_ns;	/* kvm_exit time */
	unsigned long long out_ns;	/* switched out at, 0 while on a CPU */
	unsigned long long sched_ns;	/* switched-out time so far */
	unsigned long long runq_ns;	/* the part of it spent runnable */
	unsigned long long start_ns;	/* its thread's start_boottime */
	unsigned int isa, code;
	unsigned int in_exit;
	unsigned int out_runq;		/* switched out runnable (preempted) */
	struct detail_mark detail;	/* --detail: armed at kvm_exit */
};

/*
 * start_ns: the thread's start_boottime, so that a new thread that reuses
 * an exited one's ID is a new key and starts from zero (as kvmexit's
 * struct thread_key).
 */
struct time_key {
	unsigned long long pid_tgid;
	unsigned long long start_ns;
	unsigned int isa, code;
};

/*
 * One thread's sums for one reason.  Sleep time is sched_ns - runq_ns.
 * min_ns and max_ns are the extremes of generation mm_gen (a report's
 * interval, see mm_gen in kvmexittime.bpf.c); min_ns 0 means none.
 */
struct time_val {
	unsigned long long count;
	unsigned long long e2e_ns;
	unsigned long long sched_ns;
	unsigned long long runq_ns;
	unsigned long long min_ns, max_ns;
	unsigned long long mm_gen;
};

/*
 * E2E histogram: log-linear buckets, exact below 4 ns, then each power of
 * two [2^p, 2^(p+1)) split into 4 equal sub-buckets, up to 2^40 ns (18
 * minutes; longer goes to the last bucket).  A bucket's midpoint is within
 * 1/8 of any value in it.
 */
#define TIME_HIST_SUB_BITS 2
#define TIME_HIST_SUB (1 << TIME_HIST_SUB_BITS)
#define TIME_HIST_MAX_POW 39
#define TIME_HIST_BUCKETS (TIME_HIST_SUB + (TIME_HIST_MAX_POW - 1) * TIME_HIST_SUB)

struct time_hist {
	unsigned long long b[TIME_HIST_BUCKETS];
};

/* floor(log2(v)) for v > 0, without a loop or clz (the BPF ISA has none). */
static inline unsigned int time_hist_log2(unsigned long long v)
{
	unsigned int r, s;

	r = (v > 0xffffffffULL) << 5;
	v >>= r;
	s = (v > 0xffff) << 4;
	v >>= s;
	r |= s;
	s = (v > 0xff) << 3;
	v >>= s;
	r |= s;
	s = (v > 0xf) << 2;
	v >>= s;
	r |= s;
	s = (v > 0x3) << 1;
	v >>= s;
	r |= s;
	return r | (unsigned int)(v >> 1);
}

static inline unsigned int time_hist_bucket(unsigned long long v)
{
	unsigned int p;

	if (v < TIME_HIST_SUB)
		return v;
	p = time_hist_log2(v);
	if (p > TIME_HIST_MAX_POW)
		return TIME_HIST_BUCKETS - 1;
	return TIME_HIST_SUB + (p - TIME_HIST_SUB_BITS) * TIME_HIST_SUB +
	       ((v >> (p - TIME_HIST_SUB_BITS)) & (TIME_HIST_SUB - 1));
}

enum kvmexittime_event {
	EV_STATE_FULL,		/* per-thread state table full: exit not timed */
	EV_STATS_FULL,		/* (thread, reason) table full: exit not timed */
	EV_UNDECODED,		/* exit code unreadable */
	EV_UNPAIRED_EXIT,	/* kvm_exit again before kvm_entry: first one dropped */
	EV_HIST_FULL,		/* histogram table full: exit not in a histogram */
	EV_DETAIL_FULL,		/* --detail: detail table full */
	EV_DETAIL_UNATTRIBUTED,	/* --detail: no exit in progress to give it to */
	EV_STATE_NOMEM,		/* task storage: no state made for a thread: exit not timed */
	EV_MAX,
};

#endif
