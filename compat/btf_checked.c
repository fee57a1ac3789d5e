// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <elf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "btf_checked.h"

/* The section libbpf's btf_parse_elf() reads. */
#define BTF_ELF_SEC ".BTF"

struct why {
	char *buf;
	size_t size;
};

static int refuse(struct why *w, const char *fmt, ...)
{
	va_list ap;

	if (w->buf && w->size) {
		va_start(ap, fmt);
		vsnprintf(w->buf, w->size, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/*
 * Not libelf: libbpf's pkg-config names only -lbpf (libelf is private to
 * it), so the tools do not link it.  <elf.h> gives the layouts; every
 * header is read with bounds checks, and an ELF file whose section
 * headers or names cannot be read is refused, not passed on to libelf.
 */
struct elf_file {
	int fd;
	off_t size;
	bool is64, be;
};

/* The field's bytes at off in whichever of the 32- and 64-bit layouts. */
#define ELF_FIELD(f, base, s, m, v)                                            \
	elf_read((f), (base) + ((f)->is64 ? offsetof(Elf64_##s, m) :           \
					     offsetof(Elf32_##s, m)),          \
		 (f)->is64 ? sizeof(((Elf64_##s *)0)->m) :                     \
			     sizeof(((Elf32_##s *)0)->m), (v))

static int elf_read(const struct elf_file *f, uint64_t off, size_t n, uint64_t *v)
{
	unsigned char b[8];
	size_t i;

	if (off > (uint64_t)f->size || n > (uint64_t)f->size - off ||
	    pread(f->fd, b, n, off) != (ssize_t)n)
		return -EINVAL;
	for (*v = 0, i = 0; i < n; i++)
		*v |= (uint64_t)b[i] << 8 * (f->be ? n - 1 - i : i);
	return 0;
}

static bool elf_open(struct elf_file *f)
{
	unsigned char id[EI_NIDENT];

	if (pread(f->fd, id, sizeof(id), 0) != (ssize_t)sizeof(id) ||
	    memcmp(id, ELFMAG, SELFMAG))
		return false;
	f->is64 = id[EI_CLASS] == ELFCLASS64;
	f->be = id[EI_DATA] == ELFDATA2MSB;
	return true;
}

struct elf_sec {
	uint64_t name, type, flags, off, size, link;
};

static int elf_sec(const struct elf_file *f, uint64_t shoff, uint64_t entsize,
		   uint64_t i, struct elf_sec *s)
{
	uint64_t at = shoff + i * entsize;

	return ELF_FIELD(f, at, Shdr, sh_name, &s->name) ?:
	       ELF_FIELD(f, at, Shdr, sh_type, &s->type) ?:
	       ELF_FIELD(f, at, Shdr, sh_flags, &s->flags) ?:
	       ELF_FIELD(f, at, Shdr, sh_offset, &s->off) ?:
	       ELF_FIELD(f, at, Shdr, sh_size, &s->size) ?:
	       ELF_FIELD(f, at, Shdr, sh_link, &s->link);
}

static bool within(const struct elf_file *f, const struct elf_sec *s)
{
	return s->off <= (uint64_t)f->size && s->size <= (uint64_t)f->size - s->off;
}

/*
 * libbpf 1.1's btf_parse_elf() hands elf_getdata()'s buffer to btf_new()
 * unchecked: a NOBITS .BTF has a NULL d_buf and a nonzero d_size (memcpy
 * from NULL).  Every section named .BTF is checked: libbpf takes
 * whichever it meets.  -EINVAL with why empty: no .BTF, not BTF at all.
 */
static int elf_check(struct elf_file *f, struct why *w)
{
	uint64_t shoff, entsize, shnum, strndx, i;
	struct elf_sec s, str;
	bool found = false;
	char name[sizeof(BTF_ELF_SEC)];

	if (ELF_FIELD(f, 0, Ehdr, e_shoff, &shoff) ||
	    ELF_FIELD(f, 0, Ehdr, e_shentsize, &entsize) ||
	    ELF_FIELD(f, 0, Ehdr, e_shnum, &shnum) ||
	    ELF_FIELD(f, 0, Ehdr, e_shstrndx, &strndx))
		return -EINVAL;
	if (entsize < (f->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr)) ||
	    shoff > (uint64_t)f->size)
		return -EINVAL;
	/* Extended numbering: the counts are in section 0. */
	if ((shnum == 0 || strndx == SHN_XINDEX) && elf_sec(f, shoff, entsize, 0, &s))
		return -EINVAL;
	if (shnum == 0)
		shnum = s.size;
	if (strndx == SHN_XINDEX)
		strndx = s.link;
	if (shnum > ((uint64_t)f->size - shoff) / entsize)
		return refuse(w, "its section headers lie past the end of the file");
	if (strndx >= shnum || elf_sec(f, shoff, entsize, strndx, &str) ||
	    str.type == SHT_NOBITS || (str.flags & SHF_COMPRESSED) || !within(f, &str))
		return refuse(w, "its section names cannot be read");
	for (i = 1; i < shnum; i++) {
		if (elf_sec(f, shoff, entsize, i, &s))
			return -EINVAL;
		if (s.name > str.size || sizeof(name) > str.size - s.name ||
		    pread(f->fd, name, sizeof(name), str.off + s.name) != (ssize_t)sizeof(name) ||
		    memcmp(name, BTF_ELF_SEC, sizeof(name)))
			continue;
		found = true;
		if (s.type == SHT_NOBITS)
			return refuse(w, "its " BTF_ELF_SEC " section is NOBITS: it holds no data");
		if (!s.size)
			return refuse(w, "its " BTF_ELF_SEC " section is empty");
		if (!within(f, &s))
			return refuse(w, "its " BTF_ELF_SEC " section lies past the end of the file");
	}
	return found ? 0 : -EINVAL;
}

static int check_str(const struct btf *btf, __u32 off, __u32 id, const char *what,
		     struct why *w)
{
	if (!btf__str_by_offset(btf, off))
		return refuse(w, "type [%u]: %s at string offset %u, past the strings",
			      id, what, off);
	return 0;
}

static int check_id(const struct btf *btf, __u32 ref, __u32 id, struct why *w)
{
	if (ref >= btf__type_cnt(btf))
		return refuse(w, "type [%u]: refers to type [%u], past the last, [%u]", id,
			      ref, btf__type_cnt(btf) - 1);
	return 0;
}

/* Kinds with no entries after struct btf_type must say vlen 0. */
static bool has_entries(__u16 kind)
{
	switch (kind) {
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FUNC:	/* vlen is the linkage */
	case BTF_KIND_FUNC_PROTO:
	case BTF_KIND_DATASEC:
		return true;
	}
	return false;
}

/* Newer libbpf's btf_validate_type(), plus vlen and FUNC's linkage. */
static int check_type(const struct btf *btf, __u32 id, struct why *w)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	__u16 kind, n, i;
	int err;

	/*
	 * libbpf 1.1 copies the BTF to an aligned buffer but does not check
	 * that the header length keeps the types aligned (reading them is
	 * then undefined, and slow or a fault off x86).
	 */
	if ((uintptr_t)t % _Alignof(struct btf_type))
		return refuse(w, "type [%u] is not 4-byte aligned", id);
	kind = btf_kind(t);
	n = btf_vlen(t);
	err = check_str(btf, t->name_off, id, "name", w);
	if (err)
		return err;
	if (!has_entries(kind) && n)
		return refuse(w, "type [%u]: kind %u with vlen %u", id, kind, n);
	switch (kind) {
	case BTF_KIND_INT:
	case BTF_KIND_FWD:
	case BTF_KIND_FLOAT:
		return 0;
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_TYPE_TAG:
		return check_id(btf, t->type, id, w);
	case BTF_KIND_ARRAY:
		return check_id(btf, btf_array(t)->type, id, w) ?:
		       check_id(btf, btf_array(t)->index_type, id, w);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		const struct btf_member *m = btf_members(t);

		for (i = 0; !err && i < n; i++, m++)
			err = check_str(btf, m->name_off, id, "member name", w) ?:
			      check_id(btf, m->type, id, w);
		return err;
	}
	case BTF_KIND_ENUM: {
		const struct btf_enum *e = btf_enum(t);

		for (i = 0; !err && i < n; i++, e++)
			err = check_str(btf, e->name_off, id, "enumerator name", w);
		return err;
	}
	case BTF_KIND_ENUM64: {
		const struct btf_enum64 *e = btf_enum64(t);

		for (i = 0; !err && i < n; i++, e++)
			err = check_str(btf, e->name_off, id, "enumerator name", w);
		return err;
	}
	case BTF_KIND_FUNC:
		if (n > BTF_FUNC_EXTERN)
			return refuse(w, "type [%u]: function linkage %u", id, n);
		err = check_id(btf, t->type, id, w);
		if (!err && !btf_is_func_proto(btf__type_by_id(btf, t->type)))
			return refuse(w, "type [%u]: a function whose type [%u] is no prototype",
				      id, t->type);
		return err;
	case BTF_KIND_FUNC_PROTO: {
		const struct btf_param *p = btf_params(t);

		err = check_id(btf, t->type, id, w);
		for (i = 0; !err && i < n; i++, p++)
			err = check_str(btf, p->name_off, id, "parameter name", w) ?:
			      check_id(btf, p->type, id, w);
		return err;
	}
	case BTF_KIND_DATASEC: {
		const struct btf_var_secinfo *v = btf_var_secinfos(t);

		for (i = 0; !err && i < n; i++, v++)
			err = check_id(btf, v->type, id, w);
		return err;
	}
	}
	return refuse(w, "type [%u]: unknown kind %u", id, kind);
}

static bool is_link(const struct btf_type *t)
{
	return btf_is_mod(t) || btf_is_typedef(t);
}

/*
 * libbpf's skip_mods_and_typedefs(), used all over CO-RE relocation,
 * follows typedefs and modifiers without a depth limit: a loop among
 * them would hang the tools.  Each chain is walked once: seen[] is 1 on
 * the chain being walked, 2 once known to end.
 */
static int check_chains(const struct btf *btf, __u32 cnt, struct why *w)
{
	unsigned char *seen = calloc(cnt, 1);
	__u32 id, j;
	int err = 0;

	if (!seen)
		return -ENOMEM;
	for (id = 1; !err && id < cnt; id++) {
		for (j = id; !seen[j] && is_link(btf__type_by_id(btf, j));
		     j = btf__type_by_id(btf, j)->type)
			seen[j] = 1;
		if (seen[j] == 1)
			err = refuse(w, "type [%u]: its typedefs and modifiers form a loop", j);
		for (j = id; seen[j] == 1; j = btf__type_by_id(btf, j)->type)
			seen[j] = 2;
	}
	free(seen);
	return err;
}

static int btf_check(const struct btf *btf, struct why *w)
{
	__u32 cnt = btf__type_cnt(btf), id;
	int err = 0;

	for (id = 1; !err && id < cnt; id++)
		err = check_type(btf, id, w);
	return err ?: check_chains(btf, cnt, w);
}

struct btf *btf_parse_checked(const char *path, char *why, size_t size)
{
	struct why w = { why, size };
	struct btf *btf = NULL;
	struct stat st;
	int fd, err;

	if (why && size)
		why[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st)) {
		err = -errno;
	} else {
		struct elf_file f = { .fd = fd, .size = st.st_size };

		err = elf_open(&f) ? elf_check(&f, &w) : 0;
	}
	close(fd);
	if (!err) {
		btf = btf__parse(path, NULL);
		err = libbpf_get_error(btf);
		if (err)
			btf = NULL;
	}
	if (!err) {
		err = btf_check(btf, &w);
		if (err) {
			btf__free(btf);
			btf = NULL;
		}
	}
	if (err)
		errno = -err;
	return btf;
}
