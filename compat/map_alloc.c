// SPDX-License-Identifier: GPL-2.0
#include <linux/bpf.h>
#include <bpf/libbpf.h>
#include "kvm_btf.h"
#include "map_alloc.h"

/*
 * A preallocated per-CPU hash allocates each entry's per-CPU memory when
 * the map is created: kvmexittime's 16384 (thread, reason) pairs take
 * ~17 ms of its start-up here, and the histograms 20 MiB per CPU however
 * few pairs are used.  Tracing programs may use maps that allocate on use
 * since 6.1 (96da3f7d489d "bpf: Relax the requirement to use preallocated
 * hash maps in tracing progs", with the bpf_mem_alloc allocator that
 * makes it safe in any context).  5.10 accepts them too, but with a
 * WARN_ONCE in the kernel log: it keeps preallocation.
 */
bool maps_alloc_on_use(struct bpf_object *obj, const char **why)
{
	struct bpf_map *m;

	if (kernel_older_than(6, 1) != 0) {
		*why = "preallocated (kernel < 6.1)";
		return false;
	}
	bpf_object__for_each_map(m, obj) {
		enum bpf_map_type t = bpf_map__type(m);

		if (t == BPF_MAP_TYPE_HASH || t == BPF_MAP_TYPE_PERCPU_HASH)
			bpf_map__set_map_flags(m, bpf_map__map_flags(m) | BPF_F_NO_PREALLOC);
	}
	*why = "allocated on use (kernel >= 6.1)";
	return true;
}
