// SPDX-License-Identifier: GPL-2.0
/*
 * compat/btf_blob.c against libbpf's own parse of the same BTF: the
 * running kernel's vmlinux, a module-like split BTF on it written here,
 * and files that are not BTF.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "btf_blob.h"
#include "../lib/files.h"
#include "../lib/tap.h"

static char dir[] = "/tmp/kvmexit-btf-XXXXXX";

static void same_as_libbpf(const struct btf_blob *b, const struct btf *lb,
			   const char *name, unsigned int kind)
{
	int want = btf__find_by_name_kind(lb, name, kind);
	int got = btf_blob_find(b, name, kind);
	const struct btf_type *t = got > 0 ? btf_blob_type(b, got) : NULL;

	TAP_OK(got == want && (!t || !strcmp(btf_blob_name(b, t->name_off), name)),
	       "%s: id %d, as libbpf's %d", name, got, want);
}

static void test_vmlinux(void)
{
	struct btf_blob b, split;
	struct btf *lb = btf__load_vmlinux_btf(), *mod;
	const void *raw;
	__u32 len;
	char path[64];
	int td, id;

	if (libbpf_get_error(lb) || btf_blob_open("/sys/kernel/btf/vmlinux", NULL, &b)) {
		printf("# SKIP: no /sys/kernel/btf/vmlinux\n");
		return;
	}
	TAP_EQ_U64(b.nr + 1, btf__type_cnt(lb), "every type of vmlinux indexed");
	same_as_libbpf(&b, lb, "task_struct", BTF_KIND_STRUCT);
	same_as_libbpf(&b, lb, "btf_trace_sched_switch", BTF_KIND_TYPEDEF);
	same_as_libbpf(&b, lb, "no_such_type_here", BTF_KIND_STRUCT);
	id = btf__find_by_name_kind(lb, "task_struct", BTF_KIND_STRUCT);
	TAP_OK(id > 0 && !memcmp(btf_blob_type(&b, id), btf__type_by_id(lb, id),
				  sizeof(struct btf_type)), "task_struct's record is libbpf's");

	/* A module's: types and names of its own, on vmlinux's. */
	mod = btf__new_empty_split(lb);
	td = btf__add_typedef(mod, "btf_trace_kvm_test", btf__add_ptr(mod, id));
	raw = btf__raw_data(mod, &len);
	fixture_write(dir, "split.btf", raw, len);
	snprintf(path, sizeof(path), "%s/split.btf", dir);
	TAP_OK(!btf_blob_open(path, &b, &split), "a split BTF opens on vmlinux");
	TAP_EQ_U64(btf_blob_find(&split, "btf_trace_kvm_test", BTF_KIND_TYPEDEF), td,
		   "its typedef's id follows vmlinux's");
	{
		const struct btf_type *p = btf_blob_type(&split, btf_blob_type(&split, td)->type);

		TAP_OK(p && BTF_INFO_KIND(p->info) == BTF_KIND_PTR && p->type == (unsigned int)id,
		       "its pointer is its own type, to vmlinux's task_struct");
	}
	TAP_OK(btf_blob_type(&split, id) == btf_blob_type(&b, id),
	       "a vmlinux id resolves in the base");
	TAP_OK(!strcmp(btf_blob_name(&split, btf_blob_type(&split, id)->name_off), "task_struct"),
	       "a base name resolves in the base");
	TAP_OK(!btf_blob_type(&split, td + 1), "no type past its last");
	btf_blob_close(&split);
	btf__free(mod);
	btf_blob_close(&b);
	btf__free(lb);
}

static void test_not_btf(void)
{
	static const unsigned char junk[] = "not BTF at all";
	struct btf_blob b;
	struct btf *lb = btf__new_empty();
	unsigned char *copy;
	const void *raw;
	__u32 len;
	char path[64];

	btf__add_int(lb, "int", 4, BTF_INT_SIGNED);
	raw = btf__raw_data(lb, &len);
	snprintf(path, sizeof(path), "%s/x.btf", dir);
	fixture_write(dir, "x.btf", junk, sizeof(junk));
	TAP_EQ_U64(-btf_blob_open(path, NULL, &b), EINVAL, "not BTF: -EINVAL");
	fixture_write(dir, "x.btf", raw, len);
	TAP_OK(!btf_blob_open(path, NULL, &b) && b.nr == 1, "one int");
	btf_blob_close(&b);
	fixture_write(dir, "x.btf", raw, len - 1);
	TAP_EQ_U64(-btf_blob_open(path, NULL, &b), EINVAL, "cut short: -EINVAL");
	copy = malloc(len);
	memcpy(copy, raw, len);
	/* The int's kind made unknown (31): its record's length is not known. */
	((struct btf_type *)(copy + sizeof(struct btf_header)))->info = 31u << 24;
	fixture_write(dir, "x.btf", copy, len);
	TAP_EQ_U64(-btf_blob_open(path, NULL, &b), EINVAL, "an unknown kind: -EINVAL");
	TAP_EQ_U64(-btf_blob_open("/nonexistent", NULL, &b), ENOENT, "no file: -ENOENT");
	free(copy);
	btf__free(lb);
}

int main(void)
{
	char cmd[64];

	if (!mkdtemp(dir))
		return 1;
	libbpf_set_print(NULL);
	test_vmlinux();
	test_not_btf();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return 1;
	return tap_done();
}
