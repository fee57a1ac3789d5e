/* SPDX-License-Identifier: GPL-2.0 */
/*
 * btf__parse() that refuses what Debian 12's libbpf 1.1 would crash on:
 * 1.1 does not validate BTF (btf_sanity_check came in a later libbpf),
 * and its ELF reader copies a NOBITS .BTF from a NULL buffer.
 */
#ifndef KVMEXIT_COMPAT_BTF_CHECKED_H
#define KVMEXIT_COMPAT_BTF_CHECKED_H

#include <stddef.h>

struct btf;

/*
 * The BTF in path (raw, or an ELF file's .BTF section), every name and
 * type reference in it checked.  NULL with errno set on failure, as
 * btf__parse(); then, if why is not NULL, why holds what is wrong with a
 * file that looked like BTF, or is empty when it is not BTF at all.
 */
struct btf *btf_parse_checked(const char *path, char *why, size_t size);

#endif
