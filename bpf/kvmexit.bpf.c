// SPDX-License-Identifier: GPL-2.0
/*
 * kvmexit: count VM exits per thread and exit reason, with bcc kvmexit's
 * design: a per-CPU cache of the last thread seen, backed by a per-CPU hash.
 * A vCPU thread tends to stay on its CPU, so most events only touch the
 * cache; user space sums the CPUs at the end.
 */
#include "core_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "kvmexit.h"
#include "filter.bpf.h"
#include "task_start.bpf.h"

char LICENSE[] SEC("license") = "GPL";

/*
 * Sizes, not BTF types: user space shrinks the values to the host ISA's
 * nr_slots counters before load (common/exit_counts.c).
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(struct cache_info));
} cache SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, KVMEXIT_MAX_THREADS);
	__uint(key_size, sizeof(struct thread_key));
	__uint(value_size, sizeof(struct exit_count));
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KVMEXIT_MAX_RARE);
	__type(key, struct rare_key);
	__type(value, u64);
} rare SEC(".maps");

__u64 losses[LOSS_MAX] = {};

/*
 * Bumped by user space before it removes the entries of threads that have
 * exited (common/exit_counts.c).  Until then no thread can have taken the
 * ID of a cache slot's owner unseen: a hit in the slot's generation is its
 * owner's without reading a start time, which costs a helper call.
 */
__u64 harvest_gen = 0;

/* The ISA the dense counter array serves (exit_slot.h), and its length. */
const volatile __u32 dense_isa = KVM_ISA_SVM;
const volatile __u32 nr_slots = EXIT_SLOTS;

/* Zero value for new hash entries: too large for the 512-byte stack. */
struct exit_count zero_count = {};

static __always_inline void lose(int why)
{
	__sync_fetch_and_add(&losses[why], 1);
}

static __always_inline void count_rare(const struct thread_key *thread,
				       u32 isa, u32 code)
{
	struct rare_key key = { .thread = *thread, .isa = isa, .code = code };
	u64 one = 1, *val;

	val = bpf_map_lookup_elem(&rare, &key);
	if (val) {
		__sync_fetch_and_add(val, 1);
		return;
	}
	if (!bpf_map_update_elem(&rare, &key, &one, BPF_NOEXIST))
		return;
	/* Another CPU may have inserted it meanwhile. */
	val = bpf_map_lookup_elem(&rare, &key);
	if (val)
		__sync_fetch_and_add(val, 1);
	else
		lose(LOSS_RARE_FULL);
}

/*
 * --detail: the exit mark of each thread (by TID as shown), armed at
 * kvm_exit: kvmexit hooks no kvm_entry, so a mark lasts until the thread's
 * next exit.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KVMEXIT_MAX_THREADS);
	__type(key, u32);
	__type(value, struct detail_mark);
} marks SEC(".maps");

#define DETAIL_EV_FULL LOSS_DETAIL_FULL
#define DETAIL_EV_UNATTRIBUTED LOSS_DETAIL_UNATTRIBUTED
#include "detail.bpf.h"

static void detail_lose(int why)
{
	lose(why);
}

static bool detail_mark_current(struct detail_mark **m, u64 *id)
{
	u32 tid;

	if (!current_wanted(id))
		return false;
	tid = (u32)*id;
	*m = bpf_map_lookup_elem(&marks, &tid);
	return true;
}

static void detail_taken(u64 id, struct detail_mark *m)
{
	struct detail_val *v = detail_val_of(id, m);

	if (v)
		v->count++;
}


/* A full table leaves the thread unmarked: its details count as unattributed. */
static __always_inline void detail_arm(u64 id)
{
	struct detail_mark armed = { .state = DETAIL_ARMED };
	u32 tid = (u32)id;

	bpf_map_update_elem(&marks, &tid, &armed, BPF_ANY);
}

static __always_inline void on_exit(u32 isa, u64 raw)
{
	struct thread_key key;
	struct exit_count *ec;
	struct cache_info *c;
	u32 zero = 0, code;
	u64 slot, gen;

	/* Every key below (cache, counts, rare) holds the IDs shown. */
	if (!current_wanted(&key.pid_tgid))
		return;
	if (want_detail)
		detail_arm(key.pid_tgid);
	code = exit_code_normalise(isa, raw);
	slot = exit_slot(dense_isa, isa, code);
	/* Keep clang from indexing with code, which the verifier cannot bound. */
	barrier_var(slot);
	if (slot >= nr_slots) {
		key.start_ns = current_start_ns();
		count_rare(&key, isa, code);
		return;
	}
	c = bpf_map_lookup_elem(&cache, &zero);
	if (!c)
		return;
	gen = harvest_gen;
	if (c->owner.pid_tgid == key.pid_tgid && c->gen == gen) {
		c->counts.ct[slot]++;
		return;
	}
	key.start_ns = current_start_ns();
	if (c->owner.pid_tgid == key.pid_tgid && c->owner.start_ns == key.start_ns) {
		c->gen = gen;
		c->counts.ct[slot]++;
		return;
	}
	ec = bpf_map_lookup_elem(&counts, &key);
	if (!ec) {
		bpf_map_update_elem(&counts, &key, &zero_count, BPF_NOEXIST);
		ec = bpf_map_lookup_elem(&counts, &key);
		if (!ec) {
			lose(LOSS_THREADS_FULL);
			return;
		}
	}
	ec->ct[slot]++;
	/*
	 * Write the previous owner's counts back to its slot on this CPU.
	 * Not if user space has removed its entry since (its thread is gone
	 * and was reported): BPF_EXIST fails then, and nothing comes back.
	 */
	if (c->owner.pid_tgid)
		bpf_map_update_elem(&counts, &c->owner, &c->counts, BPF_EXIST);
	c->owner = key;
	c->gen = gen;
	bpf_probe_read_kernel(&c->counts, nr_slots * sizeof(u64), ec);
}

static __always_inline void on_undecoded(void)
{
	u64 id;

	if (current_wanted(&id))
		lose(LOSS_UNDECODED);
}

#include "kvm_exit_progs.bpf.h"
