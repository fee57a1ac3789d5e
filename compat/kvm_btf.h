/* SPDX-License-Identifier: GPL-2.0 */
/* What the running kernel (its BTF, or a --btf file) says about KVM. */
#ifndef KVMEXIT_COMPAT_KVM_BTF_H
#define KVMEXIT_COMPAT_KVM_BTF_H

#include <stdbool.h>

enum kvm_exit_proto {
	KVM_EXIT_PROTO_UNKNOWN,	/* no btf_trace_kvm_exit in any BTF */
	KVM_EXIT_PROTO_VCPU,	/* >= 5.16: (struct kvm_vcpu *, u32 isa) */
	KVM_EXIT_PROTO_REASON,	/* <= 5.15: (u32 exit_reason, vcpu, u32 isa) */
};

struct kvm_btf_info {
	enum kvm_exit_proto proto;
	bool vmx_layout;	/* vcpu_vmx with exit_reason or vt.exit_reason */
	bool svm_layout;	/* vcpu_svm with vmcb */
	bool module_btf;	/* /sys/kernel/btf/kvm exists */
};

/* Inspect btf_path, or vmlinux plus the kvm modules' BTF.  0 or -errno. */
int kvm_btf_probe(const char *btf_path, struct kvm_btf_info *info);

/*
 * The host's ISA, KVM_ISA_VMX or KVM_ISA_SVM: which vendor module is loaded
 * (or, KVM built in, the CPU's flags).  SVM when nothing tells.
 */
unsigned int kvm_host_isa(void);

/*
 * 1 if the running kernel is older than major.minor, 0 if not, -1 if
 * uname cannot tell.
 */
int kernel_older_than(int major, int minor);

#endif
