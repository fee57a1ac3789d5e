/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's own BTF (/sys/kernel/btf/NAME) looked at in place, for the
 * few named types kvm_btf.c asks about: mapped where the kernel allows it
 * (6.16+ maps vmlinux's), else read once, and scanned without libbpf's
 * parse, which libbpf does again at load.  That parse was half of
 * kvmexit's start-up (~17 ms of 33 here).
 */
#ifndef KVMEXIT_COMPAT_BTF_BLOB_H
#define KVMEXIT_COMPAT_BTF_BLOB_H

#include <stddef.h>
#include <linux/btf.h>

struct btf_blob {
	void *mem;			/* the file's bytes */
	size_t len;
	int mapped;			/* mem is an mmap(), else malloc()ed */
	const unsigned char *types;	/* the type section */
	unsigned int types_len;
	const char *strs;		/* the string section */
	unsigned int strs_len;
	unsigned int *offs;		/* offset in types of each own type */
	unsigned int nr;		/* own types */
	const struct btf_blob *base;	/* a module's: vmlinux; else NULL */
};

/*
 * Opens path as raw BTF, split on base when base is not NULL (a kernel
 * module's).  Every record and name is bounds-checked.  0 or -errno
 * (-EINVAL for what is not BTF this scanner knows).
 */
int btf_blob_open(const char *path, const struct btf_blob *base,
		  struct btf_blob *b);
void btf_blob_close(struct btf_blob *b);

/* Type id (the base's below its first own id), or NULL. */
const struct btf_type *btf_blob_type(const struct btf_blob *b, unsigned int id);

/* The name at a string offset (the base's below the blob's own), or NULL. */
const char *btf_blob_name(const struct btf_blob *b, unsigned int off);

/* The id of b's own first type named name of that kind, or -ENOENT. */
int btf_blob_find(const struct btf_blob *b, const char *name, unsigned int kind);

#endif
