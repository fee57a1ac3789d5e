// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
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
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

int time_table_read(int stats_fd, struct time_table *t)
{
	int ncpus = libbpf_num_possible_cpus(), cpu, err = 0;
	struct time_key key, next, *prev = NULL;
	struct time_val *vals;

	if (ncpus < 0)
		return ncpus;
	vals = calloc(ncpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	while (!err && !bpf_map_get_next_key(stats_fd, prev, &next)) {
		struct time_row r = { 0 };

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(stats_fd, &key, vals))
			continue;
		r.pid_tgid = key.pid_tgid;
		r.isa = key.isa;
		r.code = key.code;
		for (cpu = 0; cpu < ncpus; cpu++) {
			r.count += vals[cpu].count;
			r.e2e_ns += vals[cpu].e2e_ns;
			r.sched_ns += vals[cpu].sched_ns;
		}
		if (r.count)
			err = time_table_add(t, &r);
	}
	free(vals);
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

		while (j < prev->n && cmp_key(&prev->rows[j], &r) < 0)
			j++;
		if (j < prev->n && !cmp_key(&prev->rows[j], &r)) {
			r.count -= prev->rows[j].count;
			r.e2e_ns -= prev->rows[j].e2e_ns;
			r.sched_ns -= prev->rows[j].sched_ns;
		}
		if (r.count && time_table_add(out, &r))
			return -ENOMEM;
	}
	return 0;
}

void time_table_collapse(struct time_table *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->n; i++)
		t->rows[i].pid_tgid = 0;
	sort_by_key(t);
	for (i = 0; i < t->n; i++) {
		struct time_row *r = &t->rows[i], *last = n ? &t->rows[n - 1] : NULL;

		if (last && !cmp_key(last, r)) {
			last->count += r->count;
			last->e2e_ns += r->e2e_ns;
			last->sched_ns += r->sched_ns;
			continue;
		}
		t->rows[n++] = *r;
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
