/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --detail: the kvm_pio, kvm_msr and kvm_mmio programs both tools load
 * only with --detail (user space turns their autoload on).  Each event is
 * attributed to the exit in progress on its thread: the first detail
 * event after kvm_exit sets the exit's detail.  An event with no exit in
 * progress, or a second, different one in the same exit, is counted as
 * unattributed, never guessed.  A repeat of the same access is the
 * completion of an IN or MMIO read that user space served (the kernel
 * traces it again when the vCPU re-enters): it is the same exit's.
 *
 * The including file defines DETAIL_EV_FULL and DETAIL_EV_UNATTRIBUTED,
 * its loss counters' indexes, before including this, and these after:
 *   static void detail_lose(int why);
 *   static bool detail_mark_current(struct detail_mark **m, u64 *id):
 *	false when the current thread is not traced; else its ID as the
 *	tool's maps key it, and its exit mark (NULL: none);
 *   static void detail_taken(u64 id, struct detail_mark *m):
 *	what the exit's detail is worth, once set.
 */
#ifndef KVMEXIT_DETAIL_BPF_H
#define KVMEXIT_DETAIL_BPF_H

#include "core_types.h"
#include <bpf/bpf_helpers.h>
#include "detail.h"

static void detail_lose(int why);
static bool detail_mark_current(struct detail_mark **m, u64 *id);
static void detail_taken(u64 id, struct detail_mark *m);

const volatile bool want_detail = false;

/* Per CPU: many vCPUs exiting at once lose no update. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, DETAIL_MAX_KEYS);
	__type(key, struct detail_key);
	__type(value, struct detail_val);
} details SEC(".maps");

/* The row of the exit's detail on this CPU, created on first use. */
static __always_inline struct detail_val *detail_val_of(u64 id,
							const struct detail_mark *m)
{
	struct detail_key k = {
		.pid_tgid = id, .key = m->key, .kind = m->kind, .dir = m->dir,
		.size = m->size,
	};
	struct detail_val zero = {}, *v;

	v = bpf_map_lookup_elem(&details, &k);
	if (v)
		return v;
	bpf_map_update_elem(&details, &k, &zero, BPF_NOEXIST);
	v = bpf_map_lookup_elem(&details, &k);
	if (!v)
		detail_lose(DETAIL_EV_FULL);
	return v;
}

static __always_inline void on_detail(u32 kind, u32 dir, u32 size, u64 key)
{
	struct detail_mark *m = NULL;
	u64 id;

	if (!detail_mark_current(&m, &id))
		return;
	if (!m || m->state == DETAIL_NONE) {
		detail_lose(DETAIL_EV_UNATTRIBUTED);
		return;
	}
	if (m->state == DETAIL_SET) {
		if (m->kind != kind || m->dir != dir || m->key != key)
			detail_lose(DETAIL_EV_UNATTRIBUTED);
		return;
	}
	m->state = DETAIL_SET;
	m->kind = kind;
	m->dir = dir;
	m->size = size;
	m->key = key;
	detail_taken(id, m);
}

/*
 * Prototypes and records: the same on 5.10, 6.1, 6.12 and 7.2
 * (shared/notes/kernel-facts.md section 8), and the records need no
 * module BTF, which 5.10 lacks.  kvm_pio's rw and kvm_msr's write are 1
 * for out/WRMSR; kvm_mmio's type is 0 (unsatisfied read: user space
 * serves it), 1 (read) or 2 (write).
 */
#define KVM_TRACE_MMIO_WRITE 2
#define DETAIL_PAGE_MASK (~0xfffULL)

static __always_inline u32 dir_of(u64 write)
{
	return write ? DETAIL_WRITE : DETAIL_READ;
}

/* TP_PROTO(unsigned int rw, unsigned int port, unsigned int size, unsigned int count, const void *data) */
SEC("raw_tp/kvm_pio")
int detail_pio_raw(struct bpf_raw_tracepoint_args *ctx)
{
	on_detail(DETAIL_IO, dir_of((u32)ctx->args[0]), (u32)ctx->args[2],
		  (__u16)ctx->args[1]);
	return 0;
}

/* TP_PROTO(unsigned int write, u32 ecx, u64 data, bool exception) */
SEC("raw_tp/kvm_msr")
int detail_msr_raw(struct bpf_raw_tracepoint_args *ctx)
{
	on_detail(DETAIL_MSR, dir_of((u32)ctx->args[0]), 0, (u32)ctx->args[1]);
	return 0;
}

/* TP_PROTO(int type, int len, u64 gpa, void *val) */
SEC("raw_tp/kvm_mmio")
int detail_mmio_raw(struct bpf_raw_tracepoint_args *ctx)
{
	on_detail(DETAIL_MMIO, dir_of((u32)ctx->args[0] == KVM_TRACE_MMIO_WRITE),
		  (u32)ctx->args[1], ctx->args[2] & DETAIL_PAGE_MASK);
	return 0;
}

/* The records: after the 8-byte struct trace_entry, the prototype's scalars. */
struct detail_rec {
	u64 ent;
	u32 a, b;	/* pio: rw, port; msr: write, ecx; mmio: type, len */
	u64 c;		/* pio: size, count; msr: data; mmio: gpa */
};

static __always_inline void read_rec(void *ctx, struct detail_rec *r)
{
	bpf_probe_read_kernel(r, sizeof(*r), ctx);
}

SEC("tracepoint/kvm/kvm_pio")
int detail_pio_record(void *ctx)
{
	struct detail_rec r = {};

	read_rec(ctx, &r);
	on_detail(DETAIL_IO, dir_of(r.a), (u32)r.c, (__u16)r.b);
	return 0;
}

SEC("tracepoint/kvm/kvm_msr")
int detail_msr_record(void *ctx)
{
	struct detail_rec r = {};

	read_rec(ctx, &r);
	on_detail(DETAIL_MSR, dir_of(r.a), 0, r.b);
	return 0;
}

SEC("tracepoint/kvm/kvm_mmio")
int detail_mmio_record(void *ctx)
{
	struct detail_rec r = {};

	read_rec(ctx, &r);
	on_detail(DETAIL_MMIO, dir_of(r.a == KVM_TRACE_MMIO_WRITE), r.b,
		  r.c & DETAIL_PAGE_MASK);
	return 0;
}

#endif
