// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "array.h"
#include "time_table.h"
#include "kvmexittime.h"

int time_table_add(struct time_table *t, const struct time_row *r)
{
	if (array_reserve((void **)&t->rows, &t->cap, t->n, sizeof(*t->rows)))
		return -ENOMEM;
	t->rows[t->n++] = *r;
	return 0;
}

void time_table_free(struct time_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->rows[i].hist);
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

static void sum_cpus(struct time_row *r, const struct time_val *vals,
		     int ncpus, unsigned long long gen)
{
	int cpu;

	for (cpu = 0; cpu < ncpus; cpu++) {
		const struct time_val *v = &vals[cpu];

		r->count += v->count;
		r->e2e_ns += v->e2e_ns;
		r->sched_ns += v->sched_ns;
		r->runq_ns += v->runq_ns;
		/* Extremes of an earlier report's interval are not this one's. */
		if (v->mm_gen != gen || !v->min_ns)
			continue;
		if (!r->min_ns || v->min_ns < r->min_ns)
			r->min_ns = v->min_ns;
		if (v->max_ns > r->max_ns)
			r->max_ns = v->max_ns;
	}
}

/* The key's histogram summed over CPUs into a new array; NULL if none. */
static unsigned long long *read_hist(int fd, const struct time_key *key,
				     struct time_hist *vals, int ncpus)
{
	unsigned long long *h;
	int cpu, b;

	if (bpf_map_lookup_elem(fd, key, vals))
		return NULL;
	h = calloc(TIME_HIST_BUCKETS, sizeof(*h));
	if (!h)
		return NULL;
	for (cpu = 0; cpu < ncpus; cpu++)
		for (b = 0; b < TIME_HIST_BUCKETS; b++)
			h[b] += vals[cpu].b[b];
	return h;
}

static int cmp_time_key(const void *pa, const void *pb)
{
	const struct time_key *a = pa, *b = pb;

	if (a->pid_tgid != b->pid_tgid)
		return a->pid_tgid < b->pid_tgid ? -1 : 1;
	if (a->start_ns != b->start_ns)
		return a->start_ns < b->start_ns ? -1 : 1;
	if (a->isa != b->isa)
		return a->isa < b->isa ? -1 : 1;
	return a->code < b->code ? -1 : a->code > b->code;
}

int time_keys_add(struct time_keys *k, const struct time_key *key)
{
	if (array_reserve((void **)&k->keys, &k->cap, k->n, sizeof(*key)))
		return -ENOMEM;
	k->keys[k->n++] = *key;
	return 0;
}

void time_keys_sort(struct time_keys *k)
{
	if (k->n)
		qsort(k->keys, k->n, sizeof(*k->keys), cmp_time_key);
}

void time_keys_free(struct time_keys *k)
{
	free(k->keys);
	memset(k, 0, sizeof(*k));
}

/* One key's row, summed over CPUs (and its histogram); 0 or -ENOMEM. */
static int add_key(struct time_table *t, const struct time_key *key,
		   const struct time_val *vals, int ncpus, unsigned long long gen,
		   int hists_fd, struct time_hist *hvals)
{
	struct time_row r = { .pid_tgid = key->pid_tgid, .isa = key->isa,
			      .code = key->code };
	int err;

	sum_cpus(&r, vals, ncpus, gen);
	if (!r.count)
		return 0;
	if (hists_fd >= 0)
		r.hist = read_hist(hists_fd, key, hvals, ncpus);
	err = time_table_add(t, &r);
	if (err)
		free(r.hist);
	return err;
}

/* Keys per BPF_MAP_LOOKUP_BATCH: a hash bucket never holds more. */
#define READ_BATCH 1024
#define READ_BATCH_UNSUPPORTED 524	/* the kernel's ENOTSUPP: no batch ops */

/*
 * Calls fn for each key of the map and its values (ncpus of them), read
 * in batches: a large host's table (10 000 threads x 20 reasons) in a few
 * hundred syscalls instead of two per key.  -EINVAL or -EOPNOTSUPP
 * before any call where the kernel has no batch lookup for the map
 * (before 5.6).
 */
static int for_each_batch(int fd, int ncpus,
			  int (*fn)(const struct time_key *, const struct time_val *, void *),
			  void *arg)
{
	struct time_key *keys = calloc(READ_BATCH, sizeof(*keys));
	struct time_val *vals = calloc((size_t)READ_BATCH * ncpus, sizeof(*vals));
	LIBBPF_OPTS(bpf_map_batch_opts, o);
	__u32 batch = 0, n, i;
	void *in = NULL;
	int err = 0, done = 0;

	if (!keys || !vals)
		err = -ENOMEM;
	while (!err && !done) {
		n = READ_BATCH;
		if (bpf_map_lookup_batch(fd, in, &batch, keys, vals, &n, &o)) {
			if (errno != ENOENT) {
				err = -errno;
				break;
			}
			done = 1;	/* the last keys are in this answer */
		}
		for (i = 0; i < n && !err; i++)
			err = fn(&keys[i], &vals[(size_t)i * ncpus], arg);
		in = &batch;
	}
	free(keys);
	free(vals);
	return err;
}

static bool no_batches(int err)
{
	return err == -EINVAL || err == -EOPNOTSUPP || err == -READ_BATCH_UNSUPPORTED;
}

struct row_args {
	struct time_table *t;
	int ncpus, hists_fd;
	unsigned long long gen;
	struct time_hist *hvals;
};

static int add_row(const struct time_key *key, const struct time_val *vals, void *arg)
{
	struct row_args *a = arg;

	return add_key(a->t, key, vals, a->ncpus, a->gen, a->hists_fd, a->hvals);
}

static int add_only_key(const struct time_key *key, const struct time_val *vals,
			void *arg)
{
	(void)vals;
	return time_keys_add(arg, key);
}

/*
 * Values a lookup returns for each key: one per possible CPU for a per-CPU
 * map, else one (kvmexittime's: each key is one thread's).
 */
static int values_per_key(int fd)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	return info.type == BPF_MAP_TYPE_PERCPU_HASH ? libbpf_num_possible_cpus() : 1;
}

int time_table_read(int stats_fd, int hists_fd, unsigned long long gen,
		    const struct time_keys *only, struct time_table *t)
{
	int ncpus = values_per_key(stats_fd), err = 0;
	struct time_key key, next, *prev = NULL;
	struct time_hist *hvals = NULL;
	struct time_val *vals;
	size_t n0 = t->n;

	if (ncpus < 0)
		return ncpus;
	vals = calloc(ncpus, sizeof(*vals));
	if (hists_fd >= 0)
		hvals = calloc(ncpus, sizeof(*hvals));
	if (!vals || (hists_fd >= 0 && !hvals)) {
		free(vals);
		free(hvals);
		return -ENOMEM;
	}
	if (only) {
		size_t i;

		/* A few keys (the harvest's): looked up one by one. */
		for (i = 0; !err && i < only->n; i++)
			if (!bpf_map_lookup_elem(stats_fd, &only->keys[i], vals))
				err = add_key(t, &only->keys[i], vals, ncpus, gen,
					      hists_fd, hvals);
		goto out;
	}
	{
		struct row_args a = { t, ncpus, hists_fd, gen, hvals };

		err = for_each_batch(stats_fd, ncpus, add_row, &a);
	}
	if (no_batches(err) && t->n == n0) {
		/* Key by key, as before batches. */
		err = 0;
		while (!err && !bpf_map_get_next_key(stats_fd, prev, &next)) {
			key = next;
			prev = &key;
			if (!bpf_map_lookup_elem(stats_fd, &key, vals))
				err = add_key(t, &key, vals, ncpus, gen, hists_fd, hvals);
		}
	}
out:
	free(vals);
	free(hvals);
	return err;
}

int time_keys_read(int fd, struct time_keys *k)
{
	struct time_key key, next, *prev = NULL;
	int ncpus = values_per_key(fd), err;
	size_t n0 = k->n;

	if (ncpus < 0)
		return ncpus;
	err = for_each_batch(fd, ncpus, add_only_key, k);
	if (!no_batches(err) || k->n != n0)
		return err;
	/* Key by key, as before batches. */
	err = 0;
	while (!err && !bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		err = time_keys_add(k, &key);
	}
	return err;
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

static int cmp_key(const void *pa, const void *pb)
{
	const struct time_row *a = pa, *b = pb;

	if (a->pid_tgid != b->pid_tgid)
		return CMP(a->pid_tgid, b->pid_tgid);
	if (a->isa != b->isa)
		return CMP(a->isa, b->isa);
	return CMP(a->code, b->code);
}

static void sort_by_key(struct time_table *t)
{
	if (t->n)
		qsort(t->rows, t->n, sizeof(*t->rows), cmp_key);
}

int time_table_delta(struct time_table *cur, struct time_table *prev,
		     struct time_table *out)
{
	size_t i, j = 0;

	sort_by_key(cur);
	sort_by_key(prev);
	for (i = 0; i < cur->n; i++) {
		struct time_row r = cur->rows[i];
		const struct time_row *p = NULL;
		int b;

		while (j < prev->n && cmp_key(&prev->rows[j], &r) < 0)
			j++;
		if (j < prev->n && !cmp_key(&prev->rows[j], &r))
			p = &prev->rows[j];
		if (p) {
			r.count -= p->count;
			r.e2e_ns -= p->e2e_ns;
			r.sched_ns -= p->sched_ns;
			r.runq_ns -= p->runq_ns;
		}
		if (!r.count)
			continue;
		/* out gets a histogram of its own: cur keeps its snapshot. */
		if (r.hist) {
			r.hist = malloc(TIME_HIST_BUCKETS * sizeof(*r.hist));
			if (!r.hist)
				return -ENOMEM;
			for (b = 0; b < TIME_HIST_BUCKETS; b++)
				r.hist[b] = cur->rows[i].hist[b] -
					    (p && p->hist ? p->hist[b] : 0);
		}
		if (time_table_add(out, &r)) {
			free(r.hist);
			return -ENOMEM;
		}
	}
	return 0;
}

void time_table_merge(struct time_table *t)
{
	size_t i, n = 0;

	sort_by_key(t);
	for (i = 0; i < t->n; i++) {
		struct time_row *r = &t->rows[i], *last = n ? &t->rows[n - 1] : NULL;

		if (last && !cmp_key(last, r)) {
			int b;

			last->count += r->count;
			last->e2e_ns += r->e2e_ns;
			last->sched_ns += r->sched_ns;
			last->runq_ns += r->runq_ns;
			if (r->min_ns && (!last->min_ns || r->min_ns < last->min_ns))
				last->min_ns = r->min_ns;
			if (r->max_ns > last->max_ns)
				last->max_ns = r->max_ns;
			for (b = 0; last->hist && r->hist && b < TIME_HIST_BUCKETS; b++)
				last->hist[b] += r->hist[b];
			free(r->hist);
			continue;
		}
		t->rows[n++] = *r;
	}
	t->n = n;
}

void time_table_collapse(struct time_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		t->rows[i].pid_tgid = 0;
	time_table_merge(t);
}

int time_table_copy(struct time_table *dst, const struct time_table *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		struct time_row r = src->rows[i];

		if (r.hist) {
			r.hist = malloc(TIME_HIST_BUCKETS * sizeof(*r.hist));
			if (!r.hist)
				return -ENOMEM;
			memcpy(r.hist, src->rows[i].hist, TIME_HIST_BUCKETS * sizeof(*r.hist));
		}
		if (time_table_add(dst, &r)) {
			free(r.hist);
			return -ENOMEM;
		}
	}
	return 0;
}

void time_table_subtract(struct time_table *t, struct time_table *sub)
{
	size_t i, j = 0, n = 0;

	sort_by_key(t);
	sort_by_key(sub);
	for (i = 0; i < t->n; i++) {
		struct time_row r = t->rows[i];
		int b;

		while (j < sub->n && cmp_key(&sub->rows[j], &r) < 0)
			j++;
		if (j < sub->n && !cmp_key(&sub->rows[j], &r)) {
			const struct time_row *s = &sub->rows[j];

			/* sub's rows are parts of t's: nothing goes below 0. */
			r.count -= s->count < r.count ? s->count : r.count;
			r.e2e_ns -= s->e2e_ns < r.e2e_ns ? s->e2e_ns : r.e2e_ns;
			r.sched_ns -= s->sched_ns < r.sched_ns ? s->sched_ns : r.sched_ns;
			r.runq_ns -= s->runq_ns < r.runq_ns ? s->runq_ns : r.runq_ns;
			for (b = 0; r.hist && s->hist && b < TIME_HIST_BUCKETS; b++)
				r.hist[b] -= s->hist[b] < r.hist[b] ? s->hist[b] : r.hist[b];
		}
		if (!r.count) {
			free(r.hist);
			continue;
		}
		t->rows[n++] = r;
	}
	t->n = n;
}

static int cmp_e2e_desc(const void *pa, const void *pb)
{
	const struct time_row *a = pa, *b = pb;

	if (a->e2e_ns != b->e2e_ns)
		return CMP(b->e2e_ns, a->e2e_ns);
	if (a->isa != b->isa)
		return CMP(b->isa, a->isa);
	return CMP(b->code, a->code);
}

static int cmp_thread_e2e(const void *pa, const void *pb)
{
	const struct time_row *a = pa, *b = pb;
	unsigned int ta = a->pid_tgid, tb = b->pid_tgid;

	if (ta != tb)
		return CMP(ta, tb);
	return cmp_e2e_desc(pa, pb);
}

void time_table_sort(struct time_table *t, int per_thread)
{
	if (t->n)
		qsort(t->rows, t->n, sizeof(*t->rows),
		      per_thread ? cmp_thread_e2e : cmp_e2e_desc);
}

void time_table_remove(struct time_table *t, unsigned long long pid_tgid,
		       unsigned int isa, unsigned int code)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct time_row *r = &t->rows[i];

		if (r->pid_tgid != pid_tgid || r->isa != isa || r->code != code)
			continue;
		free(r->hist);
		*r = t->rows[--t->n];
		return;
	}
}
