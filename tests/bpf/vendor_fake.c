// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "kvmexit.h"
#include "vendor_fake.h"

/* Byte offset and type of a struct/union member; -ENOENT if absent. */
static int member(const struct btf *btf, __u32 id, const char *name,
		  __u32 *off, __u32 *type)
{
	const struct btf_type *t;
	const struct btf_member *m;
	int i, rid = btf__resolve_type(btf, id);

	if (rid < 0)
		return rid;
	t = btf__type_by_id(btf, rid);
	if (!btf_is_composite(t))
		return -EINVAL;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		if (strcmp(btf__name_by_offset(btf, m->name_off), name))
			continue;
		if (btf_member_bit_offset(t, i) % 8 ||
		    btf_member_bitfield_size(t, i))
			return -EINVAL;
		*off = btf_member_bit_offset(t, i) / 8;
		*type = m->type;
		return 0;
	}
	return -ENOENT;
}

static int vmx_layout(const struct btf *btf, int vmx, struct layout *l)
{
	__u32 off, vt_off, type;
	int err;

	l->isa = KVM_ISA_VMX;
	err = member(btf, vmx, "vcpu", &l->vcpu_off, &type);
	if (err)
		return err;
	/* <= 6.15: vcpu_vmx.exit_reason; >= 6.16: vcpu_vmx.vt.exit_reason */
	if (!member(btf, vmx, "exit_reason", &off, &type)) {
		snprintf(l->path, sizeof(l->path), "vcpu_vmx.exit_reason");
	} else {
		err = member(btf, vmx, "vt", &vt_off, &type);
		if (!err)
			err = member(btf, type, "exit_reason", &off, &type);
		if (err)
			return err;
		off += vt_off;
		snprintf(l->path, sizeof(l->path), "vcpu_vmx.vt.exit_reason");
	}
	l->code_off = off;
	err = btf__resolve_size(btf, type);
	if (err < 0)
		return err;
	l->code_size = err;
	return 0;
}

static int svm_layout(const struct btf *btf, int svm, struct layout *l)
{
	__u32 ctl_off, code_off, type;
	const struct btf_type *t;
	int err, id;

	l->isa = KVM_ISA_SVM;
	err = member(btf, svm, "vcpu", &l->vcpu_off, &type);
	if (!err)
		err = member(btf, svm, "vmcb", &l->vmcb_off, &type);
	if (err)
		return err;
	id = btf__resolve_type(btf, type);
	t = id < 0 ? NULL : btf__type_by_id(btf, id);
	if (!t || !btf_is_ptr(t))
		return -EINVAL;
	err = member(btf, t->type, "control", &ctl_off, &type);
	if (!err)
		err = member(btf, type, "exit_code", &code_off, &type);
	if (err)
		return err;
	l->code_off = ctl_off + code_off;
	err = btf__resolve_size(btf, type);
	if (err < 0)
		return err;
	l->code_size = err;
	snprintf(l->path, sizeof(l->path), "vmcb.control.exit_code");
	return 0;
}

int parse_layout(const char *path, struct layout *l)
{
	char *copy = strdup(path), *base, *dot;
	struct btf *btf;
	int id, err;

	if (!copy)
		return -ENOMEM;
	base = basename(copy);
	dot = strrchr(base, '.');
	if (dot)
		*dot = 0;
	snprintf(l->name, sizeof(l->name), "%s", base);
	l->file = path;
	free(copy);
	btf = btf__parse(path, NULL);
	if (!btf)
		return -errno;
	id = btf__find_by_name_kind(btf, "vcpu_vmx", BTF_KIND_STRUCT);
	if (id > 0) {
		err = vmx_layout(btf, id, l);
	} else {
		id = btf__find_by_name_kind(btf, "vcpu_svm", BTF_KIND_STRUCT);
		err = id > 0 ? svm_layout(btf, id, l) : -ENOENT;
	}
	btf__free(btf);
	if (!err && (l->code_size != 4 && l->code_size != 8))
		err = -EINVAL;
	return err;
}

void fake_put(unsigned char *buf, __u32 off, __u32 size, __u64 val)
{
	memcpy(buf + off, &val, size);	/* x86 is little-endian */
}

int fake_write(struct fixture *f, __u32 slot)
{
	return bpf_map_update_elem(f->fake_fd, &slot, f->buf, BPF_ANY);
}

int fixture_open(const char *path, struct bpf_object **objp,
			struct fixture *f)
{
	LIBBPF_OPTS(bpf_test_run_opts, o);
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_map *fake;
	__u32 i;
	int err, fd;

	*objp = obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	err = bpf_object__load(obj);
	if (err == -EPERM || err == -EACCES) {
		printf("SKIP: cannot load BPF programs (%s)\n", strerror(-err));
		return 77;
	}
	prog = bpf_object__find_program_by_name(obj, "leak_fake_addr");
	fake = bpf_object__find_map_by_name(obj, "fake");
	fd = bpf_object__find_map_fd_by_name(obj, "fake_addr");
	if (err || !prog || !fake || fd < 0) {
		fprintf(stderr, "%s: load failed\n", path);
		return 1;
	}
	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &o)) {
		printf("SKIP: BPF_PROG_TEST_RUN for raw_tp unavailable (%s)\n",
		       strerror(errno));
		return 77;
	}
	if (bpf_map__max_entries(fake) < FAKE_MIN_SLOTS) {
		fprintf(stderr, "%s: fake has too few slots\n", path);
		return 1;
	}
	for (i = 0; i < FAKE_MIN_SLOTS; i++) {
		if (bpf_map_lookup_elem(fd, &i, &f->addr[i]) || !f->addr[i]) {
			fprintf(stderr, "no kernel address for fake[%u]\n", i);
			return 1;
		}
	}
	f->fake_fd = bpf_map__fd(fake);
	f->fake_size = bpf_map__value_size(fake);
	f->buf = malloc(f->fake_size);
	return f->buf ? 0 : 1;
}
