/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the kernel keeps the exit code of the current VM exit, for every
 * layout we know.  Each layout is a CO-RE "flavour" guarded by
 * bpf_core_*_exists(), so libbpf keeps the one the running kernel (or the
 * --btf file) has and the verifier prunes the others.
 *
 * Since 5.16 the raw kvm_exit tracepoint no longer passes the exit reason
 * (0a62a0319abb "KVM: x86: Get exit_reason as part of
 * kvm_x86_ops.get_exit_info"): it has to be read from the vendor vCPU.
 */
#ifndef KVMEXIT_COMPAT_KVM_EXIT_CODE_BPF_H
#define KVMEXIT_COMPAT_KVM_EXIT_CODE_BPF_H

#include "core_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "exit_slot.h"

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

union vmx_exit_reason___x {
	u32 full;
};

struct vcpu_vt___x {
	union vmx_exit_reason___x exit_reason;
};

/*
 * >= 6.16: 7172c753c26a moved exit_reason into struct vcpu_vt for TDX.
 * TD vCPUs are struct vcpu_tdx, read through this same flavour: vmx/main.c
 * asserts offsetof(struct vcpu_vmx, vt) == offsetof(struct vcpu_tdx, vt).
 */
struct vcpu_vmx___vt {
	struct kvm_vcpu vcpu;
	struct vcpu_vt___x vt;
};

/* 5.12 .. 6.15 (and 5.10.32+): 8e5332402164 made exit_reason a union. */
struct vcpu_vmx___union {
	struct kvm_vcpu vcpu;
	union vmx_exit_reason___x exit_reason;
};

/* <= 5.11: a plain u32.  The union/u32 kind mismatch keeps them apart. */
struct vcpu_vmx___u32 {
	struct kvm_vcpu vcpu;
	u32 exit_reason;
};

/*
 * vmcb->control.exit_code is u32 (plus exit_code_hi) up to 6.19 and u64
 * since 7.0 (d7507a94a072); it is read with the kernel's own field size.
 */
struct vmcb_control_area___x {
	u32 exit_code;
};

struct vmcb___x {
	struct vmcb_control_area___x control;
};

struct vcpu_svm___x {
	struct kvm_vcpu vcpu;
	struct vmcb___x *vmcb;
};

/* The kvm_exit trace record; exit_reason@8 and isa@24 in every kernel. */
struct trace_event_raw_kvm_exit___x {
	unsigned int exit_reason;
	u32 isa;
};

#pragma clang attribute pop

#define KVM_EXIT_RECORD_REASON_OFF 8
#define KVM_EXIT_RECORD_ISA_OFF 24

enum exit_code_status {
	EXIT_CODE_OK = 0,
	EXIT_CODE_FAULT = -1,	/* the vendor struct could not be read */
	EXIT_CODE_NO_LAYOUT = -2, /* no known layout in the kernel's BTF */
};

static __always_inline int vmx_exit_code(void *vcpu, u64 *code)
{
	u32 r = 0;

	if (bpf_core_field_exists(((struct vcpu_vmx___vt *)0)->vt.exit_reason)) {
		struct vcpu_vmx___vt *vmx = vcpu -
			bpf_core_field_offset(struct vcpu_vmx___vt, vcpu);

		if (bpf_core_read(&r, sizeof(r), &vmx->vt.exit_reason.full))
			return EXIT_CODE_FAULT;
	} else if (bpf_core_field_exists(((struct vcpu_vmx___union *)0)->exit_reason)) {
		struct vcpu_vmx___union *vmx = vcpu -
			bpf_core_field_offset(struct vcpu_vmx___union, vcpu);

		if (bpf_core_read(&r, sizeof(r), &vmx->exit_reason.full))
			return EXIT_CODE_FAULT;
	} else if (bpf_core_field_exists(((struct vcpu_vmx___u32 *)0)->exit_reason)) {
		struct vcpu_vmx___u32 *vmx = vcpu -
			bpf_core_field_offset(struct vcpu_vmx___u32, vcpu);

		if (bpf_core_read(&r, sizeof(r), &vmx->exit_reason))
			return EXIT_CODE_FAULT;
	} else {
		return EXIT_CODE_NO_LAYOUT;
	}
	*code = r;
	return EXIT_CODE_OK;
}

static __always_inline int svm_exit_code(void *vcpu, u64 *code)
{
	struct vcpu_svm___x *svm;
	struct vmcb___x *vmcb = NULL;
	u64 c = 0;

	if (!bpf_core_type_exists(struct vcpu_svm___x))
		return EXIT_CODE_NO_LAYOUT;
	svm = vcpu - bpf_core_field_offset(struct vcpu_svm___x, vcpu);
	if (bpf_core_read(&vmcb, sizeof(vmcb), &svm->vmcb) || !vmcb)
		return EXIT_CODE_FAULT;
	if (bpf_probe_read_kernel(&c,
				  bpf_core_field_size(vmcb->control.exit_code),
				  (void *)vmcb +
				  bpf_core_field_offset(vmcb->control.exit_code)))
		return EXIT_CODE_FAULT;
	*code = c;
	return EXIT_CODE_OK;
}

/* Exit code of a >= 5.16 raw kvm_exit event: (struct kvm_vcpu *, u32 isa). */
static __always_inline int vcpu_exit_code(void *vcpu, u32 isa, u64 *code)
{
	/* 6.12.y/6.13+ mark module tracepoint pointers maybe-NULL. */
	if (!vcpu)
		return EXIT_CODE_FAULT;
	if (isa == KVM_ISA_VMX)
		return vmx_exit_code(vcpu, code);
	if (isa == KVM_ISA_SVM)
		return svm_exit_code(vcpu, code);
	return EXIT_CODE_NO_LAYOUT;
}

/* Exit reason and isa of a classic tracepoint record. */
static __always_inline void record_exit_code(void *ctx, u32 *isa, u64 *code)
{
	struct trace_event_raw_kvm_exit___x *rec = ctx;

	/*
	 * Without kvm module BTF (Debian 5.10) the record type cannot be
	 * relocated; its layout has not moved since 4.x, so use the offsets.
	 */
	if (bpf_core_type_exists(struct trace_event_raw_kvm_exit___x)) {
		*code = BPF_CORE_READ(rec, exit_reason);
		*isa = BPF_CORE_READ(rec, isa);
	} else {
		u32 r = 0, i = 0;

		bpf_probe_read_kernel(&r, sizeof(r), ctx + KVM_EXIT_RECORD_REASON_OFF);
		bpf_probe_read_kernel(&i, sizeof(i), ctx + KVM_EXIT_RECORD_ISA_OFF);
		*code = r;
		*isa = i;
	}
}

#endif
