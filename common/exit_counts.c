// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "array.h"
#include "bpf_vars.h"
#include "exit_counts.h"
#include "map_prune.h"
#include "proc.h"

void thread_keys_free(struct thread_keys *k)
{
	free(k->keys);
	memset(k, 0, sizeof(*k));
}

static int cmp_key(const void *pa, const void *pb)
{
	const struct thread_key *a = pa, *b = pb;

	if (a->pid_tgid != b->pid_tgid)
		return a->pid_tgid < b->pid_tgid ? -1 : 1;
	return a->start_ns < b->start_ns ? -1 : a->start_ns > b->start_ns;
}

static bool key_in(const struct thread_keys *set, const struct thread_key *k)
{
	return set->n && bsearch(k, set->keys, set->n, sizeof(*k), cmp_key);
}

int exit_counts_configure(struct bpf_object *obj, unsigned int dense_isa)
{
	__u32 nr = dense_isa == KVM_ISA_VMX ? VMX_SLOTS : EXIT_SLOTS;
	size_t counts = nr * sizeof(unsigned long long);
	int err;

	err = bpf_map__set_value_size(bpf_object__find_map_by_name(obj, "counts"),
				      counts);
	if (!err)
		err = bpf_map__set_value_size(bpf_object__find_map_by_name(obj, "cache"),
					      offsetof(struct cache_info, counts) + counts);
	if (!err)
		err = bpf_rodata_set(obj, "dense_isa", &dense_isa, sizeof(dense_isa));
	if (!err)
		err = bpf_rodata_set(obj, "nr_slots", &nr, sizeof(nr));
	return err;
}

/*
 * Per-CPU sum for one thread: the cache slot holds the up-to-date counts
 * of the thread that owns it on that CPU, the hash slot those of others.
 * Values are nr counters, cache ones after the owner and its generation;
 * per-CPU values sit 8-byte aligned, one after the other.
 */
static void sum_thread(const struct thread_key *key, const char *cache,
		       const char *vals, int ncpus, unsigned int nr,
		       unsigned long long *out)
{
	size_t head = offsetof(struct cache_info, counts);
	size_t vstride = nr * sizeof(*out), cstride = head + vstride;
	unsigned int s;
	int cpu;

	memset(out, 0, vstride);
	for (cpu = 0; cpu < ncpus; cpu++) {
		const struct thread_key *owner = (const void *)(cache + cpu * cstride);
		const unsigned long long *ct = !cmp_key(owner, key) ?
			(const void *)((const char *)owner + head) :
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

static int read_rare(int fd, const struct thread_keys *only,
		     struct exit_table *t)
{
	struct rare_key key, next, *prev = NULL;
	unsigned long long count;

	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (only && !key_in(only, &key.thread))
			continue;
		if (bpf_map_lookup_elem(fd, &key, &count) || !count)
			continue;
		if (exit_table_add(t, key.thread.pid_tgid >> 32,
				   (unsigned int)key.thread.pid_tgid,
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
		     int rare_fd, const struct thread_keys *only,
		     struct exit_table *t)
{
	int ncpus = libbpf_num_possible_cpus();
	struct thread_key key, next, *prev = NULL;
	unsigned long long *sum = NULL;
	char *cache = NULL, *vals = NULL;
	unsigned int zero = 0, vsize = 0, nr;
	size_t i;
	int err;

	if (ncpus < 0)
		return ncpus;
	err = value_size(counts_fd, &vsize);
	if (err)
		return err;
	/* The array's length was set at load (exit_counts_configure()). */
	nr = vsize / sizeof(*sum);
	err = -ENOMEM;
	cache = calloc(ncpus, vsize + offsetof(struct cache_info, counts));
	vals = calloc(ncpus, vsize);
	sum = calloc(nr, sizeof(*sum));
	if (!cache || !vals || !sum)
		goto out;
	/* One read of the cache, one per thread: bcc re-read it per reason. */
	if (bpf_map_lookup_elem(cache_fd, &zero, cache)) {
		err = -errno;
		goto out;
	}
	for (i = 0; only ? i < only->n : !bpf_map_get_next_key(counts_fd, prev, &next); i++) {
		/* A few keys (the harvest's) are looked up, not walked to. */
		key = only ? only->keys[i] : next;
		prev = &key;
		/* Gone only if its thread is, after exit_counts_gone(). */
		if (bpf_map_lookup_elem(counts_fd, &key, vals))
			continue;
		sum_thread(&key, cache, vals, ncpus, nr, sum);
		if (add_thread(t, dense_isa, key.pid_tgid, sum, nr))
			goto out;
	}
	err = read_rare(rare_fd, only, t);
out:
	free(cache);
	free(vals);
	free(sum);
	return err;
}

static int add_key(struct thread_keys *set, const struct thread_key *k)
{
	if (array_reserve((void **)&set->keys, &set->cap, set->n, sizeof(*k)))
		return -ENOMEM;
	set->keys[set->n++] = *k;
	return 0;
}

/* The distinct threads of both tables, sorted. */
static int all_threads(int counts_fd, int rare_fd, struct thread_keys *all)
{
	struct thread_key key, next, *prev = NULL;
	struct rare_key rkey, rnext, *rprev = NULL;
	size_t i, n = 0;

	while (!bpf_map_get_next_key(counts_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (add_key(all, &key))
			return -ENOMEM;
	}
	while (!bpf_map_get_next_key(rare_fd, rprev, &rnext)) {
		rkey = rnext;
		rprev = &rkey;
		if (add_key(all, &rkey.thread))
			return -ENOMEM;
	}
	if (!all->n)
		return 0;
	qsort(all->keys, all->n, sizeof(*all->keys), cmp_key);
	for (i = 0; i < all->n; i++)
		if (!n || cmp_key(&all->keys[n - 1], &all->keys[i]))
			all->keys[n++] = all->keys[i];
	all->n = n;
	return 0;
}

int exit_counts_gone(int counts_fd, int rare_fd, struct pid_epoch *since,
		     struct thread_keys *gone)
{
	struct thread_keys all = { 0 };
	struct pid_epoch now;
	size_t i;
	int err;

	gone->n = 0;
	/* Before the keys: a thread made meanwhile is the next call's. */
	proc_pid_epoch(&now);
	err = all_threads(counts_fd, rare_fd, &all);
	for (i = 0; !err && i < all.n; i++)
		if (!proc_thread_alive(all.keys[i].pid_tgid, all.keys[i].start_ns,
				       since, &now))
			err = add_key(gone, &all.keys[i]);
	thread_keys_free(&all);
	if (!err)
		*since = now;
	return err;
}

static bool rare_of(const void *key, void *gone)
{
	return key_in(gone, &((const struct rare_key *)key)->thread);
}

void exit_counts_forget(int counts_fd, int rare_fd,
			const struct thread_keys *gone)
{
	size_t i;

	if (!gone->n)
		return;
	for (i = 0; i < gone->n; i++)
		bpf_map_delete_elem(counts_fd, &gone->keys[i]);
	map_delete_if(rare_fd, sizeof(struct rare_key), rare_of, (void *)gone);
}
