// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf_vars.h"
#include "exit_counts.h"

int exit_counts_configure(struct bpf_object *obj, unsigned int dense_isa)
{
	__u32 nr = dense_isa == KVM_ISA_VMX ? VMX_SLOTS : EXIT_SLOTS;
	size_t counts = nr * sizeof(unsigned long long);
	int err;

	err = bpf_map__set_value_size(bpf_object__find_map_by_name(obj, "counts"),
				      counts);
	if (!err)
		err = bpf_map__set_value_size(bpf_object__find_map_by_name(obj, "cache"),
					      sizeof(unsigned long long) + counts);
	if (!err)
		err = bpf_rodata_set(obj, "dense_isa", &dense_isa, sizeof(dense_isa));
	if (!err)
		err = bpf_rodata_set(obj, "nr_slots", &nr, sizeof(nr));
	return err;
}

/*
 * Per-CPU sum for one thread: the cache slot holds the up-to-date counts
 * of the thread that owns it on that CPU, the hash slot those of others.
 * Values are nr counters, cache ones after the owner; per-CPU values sit
 * 8-byte aligned, one after the other.
 */
static void sum_thread(unsigned long long pid_tgid, const char *cache,
		       const char *vals, int ncpus, unsigned int nr,
		       unsigned long long *out)
{
	size_t vstride = nr * sizeof(*out), cstride = sizeof(*out) + vstride;
	unsigned int s;
	int cpu;

	memset(out, 0, vstride);
	for (cpu = 0; cpu < ncpus; cpu++) {
		const unsigned long long *c = (const void *)(cache + cpu * cstride);
		const unsigned long long *ct = c[0] == pid_tgid ? c + 1 :
			(const void *)(vals + cpu * vstride);

		for (s = 0; s < nr; s++)
			out[s] += ct[s];
	}
}

static int add_thread(struct exit_table *t, unsigned int dense_isa,
		      unsigned long long id, const unsigned long long *sum,
		      unsigned int nr)
{
	unsigned int s;

	for (s = 0; s < nr; s++) {
		if (!sum[s])
			continue;
		if (exit_table_add(t, id >> 32, (unsigned int)id, dense_isa,
				   exit_slot_code(dense_isa, s), sum[s]))
			return -ENOMEM;
	}
	return 0;
}

static int read_rare(int fd, struct exit_table *t)
{
	struct rare_key key, next, *prev = NULL;
	unsigned long long count;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &count) || !count)
			continue;
		if (exit_table_add(t, key.pid_tgid >> 32, (unsigned int)key.pid_tgid,
				   key.isa, key.code, count))
			return -ENOMEM;
	}
	return 0;
}

static int value_size(int fd, unsigned int *size)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	*size = info.value_size;
	return 0;
}

int exit_counts_read(unsigned int dense_isa, int cache_fd, int counts_fd,
		     int rare_fd, struct exit_table *t)
{
	int ncpus = libbpf_num_possible_cpus();
	unsigned long long key, next, *prev = NULL;
	unsigned long long *sum = NULL;
	char *cache = NULL, *vals = NULL;
	unsigned int zero = 0, vsize = 0, nr;
	int err;

	if (ncpus < 0)
		return ncpus;
	err = value_size(counts_fd, &vsize);
	if (err)
		return err;
	/* The array's length was set at load (exit_counts_configure()). */
	nr = vsize / sizeof(*sum);
	err = -ENOMEM;
	cache = calloc(ncpus, vsize + sizeof(*sum));
	vals = calloc(ncpus, vsize);
	sum = calloc(nr, sizeof(*sum));
	if (!cache || !vals || !sum)
		goto out;
	/* One read of the cache, one per thread: bcc re-read it per reason. */
	if (bpf_map_lookup_elem(cache_fd, &zero, cache)) {
		err = -errno;
		goto out;
	}
	while (!bpf_map_get_next_key(counts_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(counts_fd, &key, vals))
			continue;	/* cannot happen: entries are never deleted */
		sum_thread(key, cache, vals, ncpus, nr, sum);
		if (add_thread(t, dense_isa, key, sum, nr))
			goto out;
	}
	err = read_rare(rare_fd, t);
out:
	free(cache);
	free(vals);
	free(sum);
	return err;
}
