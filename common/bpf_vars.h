/* SPDX-License-Identifier: GPL-2.0 */
/* Globals of a BPF object, by name, through its BTF (no skeleton needed). */
#ifndef KVMEXIT_BPF_VARS_H
#define KVMEXIT_BPF_VARS_H

#include <stddef.h>
#include <bpf/libbpf.h>

/* Offset of var in data section sec (".rodata", ".bss"); 0 or -errno. */
int bpf_var_offset(struct bpf_object *obj, const char *sec, const char *var,
		   unsigned int *off);

/* Before load: set a .rodata global's initial value; 0 or -errno. */
int bpf_rodata_set(struct bpf_object *obj, const char *var, const void *val,
		   size_t size);

#endif
