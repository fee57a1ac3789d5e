// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "array.h"
#include "btf_blob.h"

/* The whole file: mapped if the kernel lets us, else read in one buffer. */
static int load(const char *path, struct btf_blob *b)
{
	size_t cap = 0;
	ssize_t r;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (!fstat(fd, &st) && st.st_size > 0) {
		b->mem = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (b->mem != MAP_FAILED) {
			b->len = st.st_size;
			b->mapped = 1;
			close(fd);
			return 0;
		}
		b->mem = NULL;
	}
	/* sysfs reads come a page at a time: grow, and read until the end. */
	for (;;) {
		if (b->len == cap) {
			void *p = realloc(b->mem, cap = cap ? cap * 2 : 1 << 20);

			if (!p) {
				err = -ENOMEM;
				break;
			}
			b->mem = p;
		}
		r = read(fd, (char *)b->mem + b->len, cap - b->len);
		if (r < 0) {
			err = -errno;
			break;
		}
		if (!r)
			break;
		b->len += r;
	}
	close(fd);
	return err;
}

/* Bytes after a type record of this kind and vlen, or -1 for a kind unknown here. */
static long extra(unsigned int kind, unsigned int vlen)
{
	switch (kind) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (long)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (long)vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return (long)vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return (long)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64:
		return (long)vlen * 12;	/* struct btf_enum64 */
	}
	return -1;
}

/* Each record's offset, every record within the section. */
static int index_types(struct btf_blob *b)
{
	unsigned int off = 0;
	size_t cap = 0;

	while (off < b->types_len) {
		const struct btf_type *t;
		long more;

		if (b->types_len - off < sizeof(*t) || off % 4)
			return -EINVAL;
		t = (const void *)(b->types + off);
		more = extra(BTF_INFO_KIND(t->info), BTF_INFO_VLEN(t->info));
		if (more < 0 || (unsigned long)more > b->types_len - off - sizeof(*t))
			return -EINVAL;
		if (array_reserve((void **)&b->offs, &cap, b->nr, sizeof(*b->offs)))
			return -ENOMEM;
		b->offs[b->nr++] = off;
		off += sizeof(*t) + more;
	}
	return 0;
}

int btf_blob_open(const char *path, const struct btf_blob *base,
		  struct btf_blob *b)
{
	const struct btf_header *h;
	int err;

	memset(b, 0, sizeof(*b));
	b->base = base;
	err = load(path, b);
	if (err)
		goto fail;
	err = -EINVAL;
	h = b->mem;
	if (b->len < sizeof(*h) || h->magic != BTF_MAGIC || h->version != BTF_VERSION ||
	    h->hdr_len < sizeof(*h) || h->hdr_len > b->len ||
	    (h->hdr_len + h->type_off) % 4 || h->type_off > b->len - h->hdr_len ||
	    h->type_len > b->len - h->hdr_len - h->type_off ||
	    h->str_off > b->len - h->hdr_len ||
	    h->str_len > b->len - h->hdr_len - h->str_off || !h->str_len)
		goto fail;
	b->types = (const unsigned char *)b->mem + h->hdr_len + h->type_off;
	b->types_len = h->type_len;
	b->strs = (const char *)b->mem + h->hdr_len + h->str_off;
	b->strs_len = h->str_len;
	/* Names are found by offset: the section must end a name. */
	if (b->strs[b->strs_len - 1])
		goto fail;
	err = index_types(b);
	if (!err)
		return 0;
fail:
	btf_blob_close(b);
	return err;
}

void btf_blob_close(struct btf_blob *b)
{
	if (b->mapped)
		munmap(b->mem, b->len);
	else
		free(b->mem);
	free(b->offs);
	memset(b, 0, sizeof(*b));
}

/* The ids before b's own: the base's types, and its void. */
static unsigned int first_id(const struct btf_blob *b)
{
	return b->base ? first_id(b->base) + b->base->nr : 1;
}

const struct btf_type *btf_blob_type(const struct btf_blob *b, unsigned int id)
{
	unsigned int first = first_id(b);

	if (id < first)
		return b->base ? btf_blob_type(b->base, id) : NULL;
	if (id - first >= b->nr)
		return NULL;
	return (const void *)(b->types + b->offs[id - first]);
}

const char *btf_blob_name(const struct btf_blob *b, unsigned int off)
{
	unsigned int first = b->base ? b->base->strs_len : 0;

	if (off < first)
		return btf_blob_name(b->base, off);
	if (off - first >= b->strs_len)
		return NULL;
	return b->strs + (off - first);
}

int btf_blob_find(const struct btf_blob *b, const char *name, unsigned int kind)
{
	unsigned int i;

	for (i = 0; i < b->nr; i++) {
		const struct btf_type *t = (const void *)(b->types + b->offs[i]);
		const char *n;

		if (BTF_INFO_KIND(t->info) != kind)
			continue;
		n = btf_blob_name(b, t->name_off);
		if (n && !strcmp(n, name))
			return first_id(b) + i;
	}
	return -ENOENT;
}
