// SPDX-License-Identifier: GPL-2.0
/*
 * btfmerge VMLINUX MODULE.ko OUT: one standalone BTF holding vmlinux's
 * types and a module's split types, for bpf_object_open_opts.btf_custom_path
 * (with a custom path libbpf 1.1 never looks at module BTF).
 *
 * libbpf 1.1's btf__add_btf() refuses split BTF (-EOPNOTSUPP), so the types
 * are copied one by one in ID order: split IDs continue the base IDs, so
 * each type keeps its ID and no reference needs remapping.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

static int write_file(const char *path, const void *data, __u32 size)
{
	FILE *f = fopen(path, "wb");
	int err = 0;

	if (!f)
		return -errno;
	if (fwrite(data, 1, size, f) != size)
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

static int merge(const char *vmlinux, const char *module, const char *out)
{
	struct btf *base, *split = NULL, *dst = NULL;
	__u32 id, nr_base, nr_all, size;
	const void *raw;
	int err;

	base = btf__parse(vmlinux, NULL);
	if (!base) {
		err = -errno;
		fprintf(stderr, "btfmerge: %s: %s\n", vmlinux, strerror(-err));
		return err;
	}
	split = btf__parse_split(module, base);
	if (!split) {
		err = -errno;
		fprintf(stderr, "btfmerge: %s: %s\n", module, strerror(-err));
		goto out;
	}
	dst = btf__new_empty();
	if (!dst) {
		err = -errno;
		goto out;
	}
	nr_base = btf__type_cnt(base);
	nr_all = btf__type_cnt(split);
	for (id = 1; id < nr_all; id++) {
		err = btf__add_type(dst, split, btf__type_by_id(split, id));
		if (err < 0) {
			fprintf(stderr, "btfmerge: type %u: %s\n", id, strerror(-err));
			goto out;
		}
		if ((__u32)err != id) {
			fprintf(stderr, "btfmerge: type %u became %d\n", id, err);
			err = -EINVAL;
			goto out;
		}
	}
	raw = btf__raw_data(dst, &size);
	if (!raw) {
		err = -errno;
		goto out;
	}
	err = write_file(out, raw, size);
	if (err) {
		fprintf(stderr, "btfmerge: %s: %s\n", out, strerror(-err));
		goto out;
	}
	printf("%s: %u vmlinux + %u module types, %u bytes\n", out,
	       nr_base - 1, nr_all - nr_base, size);
out:
	btf__free(dst);
	btf__free(split);
	btf__free(base);
	return err;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: btfmerge VMLINUX MODULE.ko OUT\n");
		return 2;
	}
	return merge(argv[1], argv[2], argv[3]) ? 1 : 0;
}
