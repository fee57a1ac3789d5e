// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "exit_counts.h"

void exit_counts_sum(unsigned long long pid_tgid, const struct cache_info *cache,
		     const struct exit_count *vals, int ncpus,
		     unsigned long long out[EXIT_SLOTS])
{
	int cpu, s;

	memset(out, 0, EXIT_SLOTS * sizeof(out[0]));
	for (cpu = 0; cpu < ncpus; cpu++) {
		const unsigned long long *ct = cache[cpu].pid_tgid == pid_tgid ?
			cache[cpu].counts.ct : vals[cpu].ct;

		for (s = 0; s < EXIT_SLOTS; s++)
			out[s] += ct[s];
	}
}

static int add_thread(struct exit_table *t, unsigned int dense_isa,
		      unsigned long long id, const unsigned long long sum[EXIT_SLOTS])
{
	unsigned int s;

	for (s = 0; s < EXIT_SLOTS; s++) {
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

int exit_counts_read(unsigned int dense_isa, int cache_fd, int counts_fd,
		     int rare_fd, struct exit_table *t)
{
	int ncpus = libbpf_num_possible_cpus();
	unsigned long long key, next, *prev = NULL;
	unsigned long long *sum = NULL;
	struct cache_info *cache = NULL;
	struct exit_count *vals = NULL;
	unsigned int zero = 0;
	int err = -ENOMEM;

	if (ncpus < 0)
		return ncpus;
	cache = calloc(ncpus, sizeof(*cache));
	vals = calloc(ncpus, sizeof(*vals));
	sum = calloc(EXIT_SLOTS, sizeof(*sum));
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
		exit_counts_sum(key, cache, vals, ncpus, sum);
		if (add_thread(t, dense_isa, key, sum))
			goto out;
	}
	err = read_rare(rare_fd, t);
out:
	free(cache);
	free(vals);
	free(sum);
	return err;
}
