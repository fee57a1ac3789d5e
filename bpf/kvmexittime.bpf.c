// SPDX-License-Identifier: GPL-2.0
/*
 * kvmexittime: per exit reason, the time from kvm_exit to kvm_entry on the
 * same thread (E2E) and the part of it the thread spent switched out.
 * Tracepoints only: kvm_exit, kvm_entry, sched_switch.
 */
#include "core_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "kvmexittime.h"
#include "filter.bpf.h"
#include "task_state.bpf.h"
#include "task_start.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/*
 * BPF_PROG_TEST_RUN cannot fake a task_struct or the clock, so in test
 * mode sched_switch's next argument is a TID and time is test_now.  The
 * verifier removes these branches from the production programs.
 */
const volatile bool test_mode = false;
__u64 test_now = 0;

/*
 * Where a thread's exit state lives.  With task_local (5.13+, raw
 * tracepoints; user space decides, common/kvmexittime_maps.c), in the
 * thread's task storage: sched_switch (tp_btf) finds it from its task
 * pointers, so a switch of threads that have none costs a load or two
 * however many vCPUs sit in exits, and the state dies with its thread.
 * Else in the states hash, keyed by global TID: classic tracepoints give
 * sched_switch PIDs, not tasks, and 5.10's tracing programs have no task
 * storage.  User space creates only the map in use.
 */
const volatile bool task_local = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KVMEXITTIME_MAX_THREADS);
	__type(key, u32);
	__type(value, struct exit_state);
} states SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct exit_state);
} task_states SEC(".maps");

/*
 * A key is one thread's (its IDs and start time are in it), updated only
 * at that thread's kvm_entry, on the one CPU it runs on: no two programs
 * ever write one value, so it needs neither per-CPU copies nor atomics.
 * (Per-CPU values cost each entry's per-CPU memory on every CPU, all
 * allocated when the map is created: 17 ms of the start-up here, and the
 * histograms 20 MiB per CPU.)
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KVMEXITTIME_MAX_STATS);
	__type(key, struct time_key);
	__type(value, struct time_val);
} stats SEC(".maps");

/* E2E histograms per (thread, reason): only with want_hist (--stats, --hist). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KVMEXITTIME_MAX_STATS);
	__type(key, struct time_key);
	__type(value, struct time_hist);
} hists SEC(".maps");

const volatile bool want_hist = false;
/* Zero value for new histograms: too large for the 512-byte stack. */
struct time_hist zero_hist = {};

/*
 * The report generation: user space bumps it after reading each interval,
 * so that min_ns/max_ns restart for the next one (sums and histograms are
 * cumulative, and user space takes their differences).
 */
__u64 mm_gen = 0;

__u64 events[EV_MAX] = {};
/* Threads ever seen exiting: sched_switch returns at once while 0. */
__u64 tracked = 0;

static __always_inline u64 now_ns(void)
{
	return test_mode ? test_now : bpf_ktime_get_ns();
}

static __always_inline void note(int ev)
{
	__sync_fetch_and_add(&events[ev], 1);
}

/* The current thread's state, if it has one; gtid: its global TID. */
static __always_inline struct exit_state *current_state(u32 gtid)
{
	if (task_local)
		return bpf_task_storage_get(&task_states, bpf_get_current_task_btf(),
					    NULL, 0);
	return bpf_map_lookup_elem(&states, &gtid);
}

/* A state for the current thread, which has none; NULL if it cannot have one. */
static __always_inline struct exit_state *current_state_new(u32 gtid)
{
	struct exit_state *st, fresh = {};

	if (task_local) {
		st = bpf_task_storage_get(&task_states, bpf_get_current_task_btf(),
					  NULL, BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (!st)
			note(EV_STATE_NOMEM);
	} else {
		bpf_map_update_elem(&states, &gtid, &fresh, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&states, &gtid);
		if (!st)
			note(EV_STATE_FULL);
	}
	if (st)
		__sync_fetch_and_add(&tracked, 1);
	return st;
}

static __always_inline void on_exit(u32 isa, u64 raw)
{
	struct exit_state *st;
	u32 gtid;
	u64 id;

	if (!current_wanted(&id))
		return;
	/* states: global TIDs, as sched_switch sees them; stats: IDs shown. */
	gtid = current_global_tid(id);
	st = current_state(gtid);
	if (!st) {
		st = current_state_new(gtid);
		if (!st)
			return;
		st->start_ns = current_start_ns();
	} else if (!task_local) {
		/* A state in the hash may be a gone thread's under this ID. */
		st->start_ns = current_start_ns();
	}
	if (st->in_exit)
		note(EV_UNPAIRED_EXIT);
	st->isa = isa;
	st->code = exit_code_normalise(isa, raw);
	st->sched_ns = 0;
	st->runq_ns = 0;
	st->out_ns = 0;
	st->exit_ns = now_ns();
	st->in_exit = 1;
	st->detail.state = DETAIL_ARMED;
}

static __always_inline void on_undecoded(void)
{
	u64 id;

	if (current_wanted(&id))
		note(EV_UNDECODED);
}

#include "kvm_exit_progs.bpf.h"

#define DETAIL_EV_FULL EV_DETAIL_FULL
#define DETAIL_EV_UNATTRIBUTED EV_DETAIL_UNATTRIBUTED
#include "detail.bpf.h"

static void detail_lose(int why)
{
	note(why);
}

/* The mark lives in the exit state: only an exit in progress has one. */
static bool detail_mark_current(struct detail_mark **m, u64 *id)
{
	struct exit_state *st;

	if (!current_wanted(id))
		return false;
	st = current_state(current_global_tid(*id));
	*m = st && st->in_exit ? &st->detail : NULL;
	return true;
}

/* The exit's time is known at kvm_entry (on_entry). */
static void detail_taken(u64 id, struct detail_mark *m)
{
}


static __always_inline void on_entry(void)
{
	u64 id = bpf_get_current_pid_tgid();
	struct time_key key = {};
	struct exit_state *st;
	struct time_hist *h;
	struct time_val *v;
	u64 e2e, sched, runq, gen;
	u32 b;

	if (!tracked)
		return;
	st = current_state((u32)id);
	if (!st || !st->in_exit)
		return;
	st->in_exit = 0;
	/*
	 * An exit of a thread that ended inside it, left behind in the hash
	 * because its tidy_exit did not run (7.x may skip a preempted
	 * program's next run on that CPU), is another thread's: not this
	 * one's to complete.  The start time tells (not the task pointer: a
	 * new thread often gets the freed task_struct).  Task storage dies
	 * with its task.
	 */
	if (!task_local && current_start_ns() != st->start_ns)
		return;
	e2e = now_ns() - st->exit_ns;
	/* Only members of the namespace have a state: this cannot fail. */
	if (pidns_on && !current_id(&id))
		return;
	key.pid_tgid = id;
	key.start_ns = st->start_ns;
	key.isa = st->isa;
	key.code = st->code;
	v = bpf_map_lookup_elem(&stats, &key);
	if (!v) {
		struct time_val zero = {};

		bpf_map_update_elem(&stats, &key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&stats, &key);
		if (!v) {
			note(EV_STATS_FULL);
			return;
		}
	}
	/* Cannot exceed E2E: both come from the same clock on this thread. */
	sched = st->sched_ns < e2e ? st->sched_ns : e2e;
	runq = st->runq_ns < sched ? st->runq_ns : sched;
	v->count++;
	v->e2e_ns += e2e;
	v->sched_ns += sched;
	v->runq_ns += runq;
	gen = mm_gen;
	if (v->mm_gen != gen || !v->min_ns) {
		v->mm_gen = gen;
		v->min_ns = e2e;
		v->max_ns = e2e;
	} else {
		if (e2e < v->min_ns)
			v->min_ns = e2e;
		if (e2e > v->max_ns)
			v->max_ns = e2e;
	}
	if (want_detail && st->detail.state == DETAIL_SET) {
		struct detail_val *d = detail_val_of(id, &st->detail);

		if (d) {
			d->count++;
			d->e2e_ns += e2e;
			d->sched_ns += sched;
		}
	}
	if (!want_hist)
		return;
	h = bpf_map_lookup_elem(&hists, &key);
	if (!h) {
		bpf_map_update_elem(&hists, &key, &zero_hist, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&hists, &key);
		if (!h) {
			note(EV_HIST_FULL);
			return;
		}
	}
	b = time_hist_bucket(e2e);
	/* Keep the verifier sure of the bound whatever clang makes of it. */
	barrier_var(b);
	if (b < TIME_HIST_BUCKETS)
		h->b[b]++;
}

/* kvm_entry runs on the vCPU thread: its arguments are not needed. */
SEC("raw_tp/kvm_entry")
int kvm_entry_raw(void *ctx)
{
	on_entry();
	return 0;
}

SEC("tracepoint/kvm/kvm_entry")
int kvm_entry_record(void *ctx)
{
	on_entry();
	return 0;
}

/*
 * Was prev switched out runnable (preempted, so it waits on a run queue)
 * rather than blocked?  Asked only of a vCPU thread inside an exit.
 * raw: ctx holds (preempt, prev, next), as a raw or a BTF tracepoint
 * passes them; else the classic record.  In test mode, args[1] is prev's
 * state instead of its task_struct.
 */
static __always_inline bool switched_out_runnable(void *ctx, bool raw)
{
	struct bpf_raw_tracepoint_args *a = ctx;
	long state = 0;

	if (!raw) {
		bpf_probe_read_kernel(&state, sizeof(state),
				      ctx + SCHED_SWITCH_PREV_STATE_OFF);
		return !(state & SCHED_SWITCH_REPORT_MASK);
	}
	if (a->args[0])
		return true;
	state = test_mode ? (long)a->args[1] : task_state((void *)a->args[1]);
	return state == 0;
}

/* prev leaves its CPU: if inside an exit, its time switched out starts. */
static __always_inline void switch_out(struct exit_state *st, void *ctx, bool raw)
{
	if (st && st->in_exit) {
		st->out_ns = now_ns();
		st->out_runq = switched_out_runnable(ctx, raw);
	}
}

/* next gets the CPU back: the time it was switched out inside its exit. */
static __always_inline void switch_in(struct exit_state *st)
{
	u64 t, d;

	if (st && st->in_exit && st->out_ns) {
		t = now_ns();
		if (t > st->out_ns) {
			d = t - st->out_ns;
			st->sched_ns += d;
			if (st->out_runq)
				st->runq_ns += d;
		}
		st->out_ns = 0;
	}
}

/* Callers return first while tracked is 0: no vCPU thread ever exited. */
static __always_inline void on_switch(void *ctx, bool raw, u32 prev, u32 next)
{
	switch_out(bpf_map_lookup_elem(&states, &prev), ctx, raw);
	switch_in(bpf_map_lookup_elem(&states, &next));
}

/*
 * Task storage only reaches the current thread from a raw tracepoint, so
 * a test fires each half of a switch on the thread it concerns: next's
 * TID (args[2]) is the current one's when the switch puts it on a CPU.
 * Only in test mode: with task_local the tool loads sched_switch_task.
 */
static __always_inline void on_switch_test_local(void *ctx, u32 next)
{
	struct exit_state *st = current_state(0);

	if (next == (u32)bpf_get_current_pid_tgid())
		switch_in(st);
	else
		switch_out(st, ctx, true);
}

/* TP_PROTO(bool preempt, struct task_struct *prev, struct task_struct *next, ...) */
SEC("raw_tp/sched_switch")
int sched_switch_raw(struct bpf_raw_tracepoint_args *ctx)
{
	u32 next;

	if (!tracked)
		return 0;
	if (test_mode)
		next = (u32)ctx->args[2];
	else
		next = BPF_CORE_READ((struct task_struct *)ctx->args[2], pid);
	if (test_mode && task_local) {
		on_switch_test_local(ctx, next);
		return 0;
	}
	/* The tracepoint fires before the switch: current is prev. */
	on_switch(ctx, true, (u32)bpf_get_current_pid_tgid(), next);
	return 0;
}

/*
 * With task_local: a thread that never exited has no state, and most
 * have no task storage at all (bpf_storage NULL, one load each): the
 * helpers are called only for threads that have some.
 */
SEC("tp_btf/sched_switch")
int BPF_PROG(sched_switch_task, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	if (!tracked)
		return 0;
	if (prev->bpf_storage)
		switch_out(bpf_task_storage_get(&task_states, prev, NULL, 0), ctx, true);
	if (next->bpf_storage)
		switch_in(bpf_task_storage_get(&task_states, next, NULL, 0));
	return 0;
}

/* The sched_switch record: next_pid has been at offset 56 since 4.x. */
#define SCHED_SWITCH_NEXT_PID_OFF 56

SEC("tracepoint/sched/sched_switch")
int sched_switch_record(void *ctx)
{
	u32 next = 0;

	if (!tracked)
		return 0;
	bpf_probe_read_kernel(&next, sizeof(next), ctx + SCHED_SWITCH_NEXT_PID_OFF);
	on_switch(ctx, false, (u32)bpf_get_current_pid_tgid(), next);
	return 0;
}

/*
 * A thread that ends inside an exit (a vCPU thread's last HLT) leaves no
 * state behind, so that the states hash holds live threads only (task
 * storage needs no tidying).  It fires on the exiting thread.  Should the
 * kernel skip it (see on_entry), the task check at kvm_entry still keeps
 * a later thread with that ID from completing the exit.
 */
static __always_inline void on_task_exit(void)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();

	if (tracked)
		bpf_map_delete_elem(&states, &tid);
}

SEC("raw_tp/sched_process_exit")
int tidy_exit_raw(void *ctx)
{
	on_task_exit();
	return 0;
}

SEC("tracepoint/sched/sched_process_exit")
int tidy_exit_record(void *ctx)
{
	on_task_exit();
	return 0;
}
