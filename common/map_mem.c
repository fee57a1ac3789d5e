// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <bpf/libbpf.h>
#include "map_mem.h"
#include "proc.h"

/* The kernel's memlock figure for a map fd, or 0. */
static unsigned long long memlock(int fd)
{
	unsigned long long v = 0;
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	proc_field(path, "memlock: %llu", &v);
	return v;
}

static int per_cpu_type(enum bpf_map_type t)
{
	return t == BPF_MAP_TYPE_PERCPU_HASH || t == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

void map_mem(const struct bpf_object *obj, struct map_mem *m)
{
	const struct bpf_map *map;
	unsigned long long est = 0, kernel = 0;
	int all_kernel = 1;

	m->ncpus = libbpf_num_possible_cpus();
	m->per_cpu = 0;
	bpf_object__for_each_map(map, obj) {
		unsigned long long n = bpf_map__max_entries(map);
		unsigned long long v = bpf_map__value_size(map), k;

		if (bpf_map__fd(map) < 0)
			continue;
		k = memlock(bpf_map__fd(map));
		kernel += k;
		all_kernel &= k > 0;
		/* The kernel rounds per-CPU values up to 8 bytes. */
		if (per_cpu_type(bpf_map__type(map))) {
			v = (v + 7) & ~7ULL;
			m->per_cpu += v * n;
			v *= m->ncpus;
		}
		est += (v + bpf_map__key_size(map)) * n;
	}
	m->from_kernel = all_kernel;
	m->total = all_kernel ? kernel : est;
	m->full = est > m->total ? est : m->total;
}
