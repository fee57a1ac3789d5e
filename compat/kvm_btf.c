// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "btf_blob.h"
#include "btf_checked.h"
#include "kvm_btf.h"
#include "exit_slot.h"

/*
 * One BTF, looked at through libbpf (a --btf file) or in place (the
 * kernel's own, btf_blob.c): the same three questions of either.
 */
struct btf_view {
	const void *btf;
	int (*find)(const void *btf, const char *name, unsigned int kind);
	const struct btf_type *(*type)(const void *btf, unsigned int id);
	const char *(*name)(const void *btf, unsigned int off);
};

/* The raw kvm_exit prototype lost its exit_reason argument in 5.16. */
static enum kvm_exit_proto exit_proto(const struct btf_view *v)
{
	const struct btf_type *t;
	int id = v->find(v->btf, "btf_trace_kvm_exit", BTF_KIND_TYPEDEF);

	if (id < 0)
		return KVM_EXIT_PROTO_UNKNOWN;
	t = v->type(v->btf, id);
	t = t ? v->type(v->btf, t->type) : NULL;	/* pointer */
	if (!t || !btf_is_ptr(t))
		return KVM_EXIT_PROTO_UNKNOWN;
	t = v->type(v->btf, t->type);			/* func proto */
	if (!t || !btf_is_func_proto(t))
		return KVM_EXIT_PROTO_UNKNOWN;
	/* The first parameter is the tracepoint's void *__data. */
	if (btf_vlen(t) == 3)
		return KVM_EXIT_PROTO_VCPU;
	if (btf_vlen(t) == 4)
		return KVM_EXIT_PROTO_REASON;
	return KVM_EXIT_PROTO_UNKNOWN;
}

static bool struct_has(const struct btf_view *v, const char *name, const char *member)
{
	int id = v->find(v->btf, name, BTF_KIND_STRUCT);
	const struct btf_member *m;
	const struct btf_type *t;
	int i;

	if (id < 0 || !(t = v->type(v->btf, id)))
		return false;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		/* NULL for an offset past the strings: libbpf 1.1 does not check. */
		const char *s = v->name(v->btf, m->name_off);

		if (s && !strcmp(s, member))
			return true;
	}
	return false;
}

static void scan(const struct btf_view *v, struct kvm_btf_info *info)
{
	enum kvm_exit_proto p = exit_proto(v);

	if (p != KVM_EXIT_PROTO_UNKNOWN)
		info->proto = p;
	/* <= 6.15: vcpu_vmx.exit_reason; >= 6.16: vcpu_vmx.vt.exit_reason */
	if (struct_has(v, "vcpu_vmx", "exit_reason") ||
	    struct_has(v, "vcpu_vmx", "vt"))
		info->vmx_layout = true;
	if (struct_has(v, "vcpu_svm", "vmcb"))
		info->svm_layout = true;
}

static int lb_find(const void *btf, const char *name, unsigned int kind)
{
	return btf__find_by_name_kind(btf, name, kind);
}

static const struct btf_type *lb_type(const void *btf, unsigned int id)
{
	return btf__type_by_id(btf, id);
}

static const char *lb_name(const void *btf, unsigned int off)
{
	return btf__name_by_offset(btf, off);
}

static int blob_find(const void *btf, const char *name, unsigned int kind)
{
	return btf_blob_find(btf, name, kind);
}

static const struct btf_type *blob_type(const void *btf, unsigned int id)
{
	return btf_blob_type(btf, id);
}

static const char *blob_name(const void *btf, unsigned int off)
{
	return btf_blob_name(btf, off);
}

static const char *const modules[] = { "kvm", "kvm_intel", "kvm_amd" };

/* The kernel's BTF in place: vmlinux, then the kvm modules split on it. */
static int probe_kernel(struct kvm_btf_info *info)
{
	struct btf_blob vmlinux, mod;
	struct btf_view v = { &vmlinux, blob_find, blob_type, blob_name };
	char path[64];
	size_t i;
	int err;

	err = btf_blob_open("/sys/kernel/btf/vmlinux", NULL, &vmlinux);
	if (err)
		return err;
	scan(&v, info);
	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		snprintf(path, sizeof(path), "/sys/kernel/btf/%s", modules[i]);
		err = btf_blob_open(path, &vmlinux, &mod);
		if (err == -ENOENT)
			continue;
		if (err)
			break;
		if (i == 0)
			info->module_btf = true;
		v.btf = &mod;
		scan(&v, info);
		btf_blob_close(&mod);
		v.btf = &vmlinux;
	}
	btf_blob_close(&vmlinux);
	return err == -ENOENT ? 0 : err;
}

int kvm_btf_probe(const char *btf_path, struct kvm_btf_info *info)
{
	struct btf_view v = { NULL, lb_find, lb_type, lb_name };
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
		v.btf = vmlinux;
		scan(&v, info);
		btf__free(vmlinux);
		return 0;
	}
	if (!probe_kernel(info))
		return 0;
	/* A layout the scanner does not know: libbpf's parse, as before. */
	memset(info, 0, sizeof(*info));
	vmlinux = btf__load_vmlinux_btf();
	err = libbpf_get_error(vmlinux);
	if (err)
		return err;
	v.btf = vmlinux;
	scan(&v, info);
	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		struct btf *mod = btf__load_module_btf(modules[i], vmlinux);

		if (libbpf_get_error(mod))
			continue;
		if (i == 0)
			info->module_btf = true;
		v.btf = mod;
		scan(&v, info);
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
