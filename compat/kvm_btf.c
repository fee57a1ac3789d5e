// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "btf_checked.h"
#include "kvm_btf.h"
#include "exit_slot.h"

/* The raw kvm_exit prototype lost its exit_reason argument in 5.16. */
static enum kvm_exit_proto exit_proto(const struct btf *btf)
{
	const struct btf_type *t;
	int id = btf__find_by_name_kind(btf, "btf_trace_kvm_exit", BTF_KIND_TYPEDEF);

	if (id < 0)
		return KVM_EXIT_PROTO_UNKNOWN;
	t = btf__type_by_id(btf, id);
	t = btf__type_by_id(btf, t->type);		/* pointer */
	if (!t || !btf_is_ptr(t))
		return KVM_EXIT_PROTO_UNKNOWN;
	t = btf__type_by_id(btf, t->type);		/* func proto */
	if (!t || !btf_is_func_proto(t))
		return KVM_EXIT_PROTO_UNKNOWN;
	/* The first parameter is the tracepoint's void *__data. */
	if (btf_vlen(t) == 3)
		return KVM_EXIT_PROTO_VCPU;
	if (btf_vlen(t) == 4)
		return KVM_EXIT_PROTO_REASON;
	return KVM_EXIT_PROTO_UNKNOWN;
}

static bool struct_has(const struct btf *btf, const char *name, const char *member)
{
	int id = btf__find_by_name_kind(btf, name, BTF_KIND_STRUCT);
	const struct btf_member *m;
	const struct btf_type *t;
	int i;

	if (id < 0)
		return false;
	t = btf__type_by_id(btf, id);
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		/* NULL for an offset past the strings: libbpf 1.1 does not check. */
		const char *s = btf__name_by_offset(btf, m->name_off);

		if (s && !strcmp(s, member))
			return true;
	}
	return false;
}

static void scan(const struct btf *btf, struct kvm_btf_info *info)
{
	enum kvm_exit_proto p = exit_proto(btf);

	if (p != KVM_EXIT_PROTO_UNKNOWN)
		info->proto = p;
	/* <= 6.15: vcpu_vmx.exit_reason; >= 6.16: vcpu_vmx.vt.exit_reason */
	if (struct_has(btf, "vcpu_vmx", "exit_reason") ||
	    struct_has(btf, "vcpu_vmx", "vt"))
		info->vmx_layout = true;
	if (struct_has(btf, "vcpu_svm", "vmcb"))
		info->svm_layout = true;
}

int kvm_btf_probe(const char *btf_path, struct kvm_btf_info *info)
{
	static const char *const modules[] = { "kvm", "kvm_intel", "kvm_amd" };
	struct btf *vmlinux;
	size_t i;
	int err;

	memset(info, 0, sizeof(*info));
	if (btf_path) {
		/*
		 * A merged vmlinux+module file, as the --btf tests use;
		 * anyone's file, so checked as the kernel's own BTF is not.
		 */
		vmlinux = btf_parse_checked(btf_path, NULL, 0);
		err = libbpf_get_error(vmlinux);
		if (err)
			return err;
		scan(vmlinux, info);
		btf__free(vmlinux);
		return 0;
	}
	vmlinux = btf__load_vmlinux_btf();
	err = libbpf_get_error(vmlinux);
	if (err)
		return err;
	scan(vmlinux, info);
	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		struct btf *mod = btf__load_module_btf(modules[i], vmlinux);

		if (libbpf_get_error(mod))
			continue;
		if (i == 0)
			info->module_btf = true;
		scan(mod, info);
		btf__free(mod);
	}
	btf__free(vmlinux);
	return 0;
}

int kernel_older_than(int major, int minor)
{
	struct utsname u;
	int ma, mi;

	if (uname(&u) || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return -1;
	return ma < major || (ma == major && mi < minor);
}

static bool cpu_has_vmx(void)
{
	char line[4096];
	bool vmx = false;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return false;
	while (!vmx && fgets(line, sizeof(line), f))
		vmx = !strncmp(line, "flags", 5) && strstr(line, " vmx");
	fclose(f);
	return vmx;
}

unsigned int kvm_host_isa(void)
{
	if (!access("/sys/module/kvm_intel", F_OK))
		return KVM_ISA_VMX;
	if (!access("/sys/module/kvm_amd", F_OK))
		return KVM_ISA_SVM;
	return cpu_has_vmx() ? KVM_ISA_VMX : KVM_ISA_SVM;
}
