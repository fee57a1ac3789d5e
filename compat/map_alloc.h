/* SPDX-License-Identifier: GPL-2.0 */
/* Whether the kernel lets tracing programs' hash maps allocate on use. */
#ifndef KVMEXIT_COMPAT_MAP_ALLOC_H
#define KVMEXIT_COMPAT_MAP_ALLOC_H

#include <stdbool.h>

struct bpf_object;

/*
 * Before load: on kernels that allow it, the object's hash maps allocate
 * entries on use (BPF_F_NO_PREALLOC) instead of all at creation.  Returns
 * whether it did, and why in *why.
 */
bool maps_alloc_on_use(struct bpf_object *obj, const char **why);

#endif
