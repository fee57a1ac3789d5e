/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The three kvm_exit programs both tools load one of (user space picks it,
 * common/attach.c).  The including file defines what to do with an exit:
 *   static void on_exit(u32 isa, u64 raw_code);
 *   static void on_undecoded(void);
 */
#ifndef KVMEXIT_KVM_EXIT_PROGS_BPF_H
#define KVMEXIT_KVM_EXIT_PROGS_BPF_H

#include "kvm_exit_code.bpf.h"

/* >= 5.16: TP_PROTO(struct kvm_vcpu *vcpu, u32 isa) */
SEC("raw_tp/kvm_exit")
int kvm_exit_vcpu(struct bpf_raw_tracepoint_args *ctx)
{
	u64 code = 0;
	u32 isa = (u32)ctx->args[1];

	if (vcpu_exit_code((void *)ctx->args[0], isa, &code) == EXIT_CODE_OK)
		on_exit(isa, code);
	else
		on_undecoded();
	return 0;
}

/* <= 5.15: TP_PROTO(unsigned int exit_reason, struct kvm_vcpu *vcpu, u32 isa) */
SEC("raw_tp/kvm_exit")
int kvm_exit_reason(struct bpf_raw_tracepoint_args *ctx)
{
	on_exit((u32)ctx->args[2], (u32)ctx->args[0]);
	return 0;
}

SEC("tracepoint/kvm/kvm_exit")
int kvm_exit_record(void *ctx)
{
	u64 code = 0;
	u32 isa = 0;

	record_exit_code(ctx, &isa, &code);
	on_exit(isa, code);
	return 0;
}

#endif
