// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "attach.h"
#include "err.h"
#include "escape.h"
#include "kvm_btf.h"

static void use_tracepoint(struct attach_plan *plan, const char *why)
{
	plan->exit_prog = PROG_EXIT_RECORD;
	plan->raw = false;
	plan->can_fall_back = false;
	snprintf(plan->why, sizeof(plan->why), "%s", why);
}

int attach_plan(enum attach_mode mode, const char *btf_path,
		struct attach_plan *plan)
{
	struct kvm_btf_info info;
	int err;

	memset(plan, 0, sizeof(*plan));
	if (mode == ATTACH_TRACEPOINT) {
		use_tracepoint(plan, "--attach=tracepoint");
		return 0;
	}
	err = kvm_btf_probe(btf_path, &info);
	if (err) {
		char q[ESCAPE_MAX];

		/* preflight vetted a --btf file: this is the kernel's (or a race). */
		if (btf_path)
			err_msg("--btf %s: cannot be read as BTF (%s)",
				str_repr(btf_path, q, sizeof(q)), strerror(-err));
		else
			err_msg("cannot read the kernel's BTF (/sys/kernel/btf/vmlinux or a kvm module's): %s: pass --btf FILE",
				strerror(-err));
		return EXIT_RUNTIME;
	}
	plan->raw = true;
	plan->can_fall_back = mode == ATTACH_AUTO;
	if (info.proto == KVM_EXIT_PROTO_REASON) {
		plan->exit_prog = PROG_EXIT_REASON;
		snprintf(plan->why, sizeof(plan->why),
			 "btf_trace_kvm_exit has the <= 5.15 prototype (exit_reason, vcpu, isa)");
		return 0;
	}
	if (info.proto == KVM_EXIT_PROTO_VCPU) {
		if (info.svm_layout || info.vmx_layout) {
			plan->exit_prog = PROG_EXIT_VCPU;
			snprintf(plan->why, sizeof(plan->why),
				 "btf_trace_kvm_exit is (vcpu, isa); exit code read from %s%s%s",
				 info.vmx_layout ? "vcpu_vmx" : "",
				 info.vmx_layout && info.svm_layout ? " and " : "",
				 info.svm_layout ? "vcpu_svm->vmcb" : "");
			return 0;
		}
		if (mode == ATTACH_RAW) {
			err_msg("--attach=raw: no vcpu_vmx or vcpu_svm in the kernel's BTF (is kvm_intel or kvm_amd loaded?)");
			return EXIT_RUNTIME;
		}
		use_tracepoint(plan, "no vcpu_vmx or vcpu_svm in BTF to read the exit code from");
		return 0;
	}
	/* No kvm module BTF (e.g. Debian 5.10): decide by kernel version. */
	if (kernel_older_than(5, 16) == 1) {
		plan->exit_prog = PROG_EXIT_REASON;
		snprintf(plan->why, sizeof(plan->why),
			 "no btf_trace_kvm_exit in BTF and kernel < 5.16: exit_reason is the first argument");
		return 0;
	}
	if (mode == ATTACH_RAW) {
		err_msg("--attach=raw: no btf_trace_kvm_exit in the kernel's BTF to tell the raw tracepoint's arguments");
		return EXIT_RUNTIME;
	}
	use_tracepoint(plan, "no btf_trace_kvm_exit in BTF on a kernel >= 5.16");
	return 0;
}

void attach_plan_fall_back(struct attach_plan *plan, const char *why)
{
	use_tracepoint(plan, why);
}
