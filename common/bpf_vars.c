// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include "bpf_vars.h"

int bpf_var_offset(struct bpf_object *obj, const char *sec, const char *var,
		   unsigned int *off)
{
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *v;
	const struct btf_type *t;
	int i, id;

	if (!btf)
		return -ENOENT;
	id = btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC);
	if (id < 0)
		return id;
	t = btf__type_by_id(btf, id);
	v = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, v++) {
		const struct btf_type *vt = btf__type_by_id(btf, v->type);
		const char *name;

		/* libbpf 1.1 checks neither type ids nor name offsets. */
		if (!vt)
			continue;
		name = btf__name_by_offset(btf, vt->name_off);
		if (name && !strcmp(name, var)) {
			*off = v->offset;
			return 0;
		}
	}
	return -ENOENT;
}

int bpf_rodata_set(struct bpf_object *obj, const char *var, const void *val,
		   size_t size)
{
	struct bpf_map *ro = bpf_object__find_map_by_name(obj, ".rodata");
	const char *init;
	size_t len = 0;
	unsigned int off;
	char *copy;
	int err;

	init = ro ? bpf_map__initial_value(ro, &len) : NULL;
	if (!init)
		return -ENOENT;
	err = bpf_var_offset(obj, ".rodata", var, &off);
	if (err)
		return err;
	if (off + size > len)
		return -EINVAL;
	/* libbpf 1.1 hands out the initial value read-only: replace it whole. */
	copy = malloc(len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, init, len);
	memcpy(copy + off, val, size);
	err = bpf_map__set_initial_value(ro, copy, len);
	free(copy);
	return err;
}
