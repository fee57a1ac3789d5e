// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "array.h"
#include "detail.h"
#include "detail_table.h"
#include "proc.h"

/* Both attach styles: the same events, hooked as the kvm_exit program is. */
static const char *const raw_progs[] = {
	"detail_pio_raw", "detail_msr_raw", "detail_mmio_raw", NULL,
};
static const char *const tp_progs[] = {
	"detail_pio_record", "detail_msr_record", "detail_mmio_record", NULL,
};

bool detail_prog_wanted(const char *prog, bool raw, const struct cli *c)
{
	const char *const *p;

	if (!c->detail)
		return false;
	for (p = raw ? raw_progs : tp_progs; *p; p++)
		if (!strcmp(prog, *p))
			return true;
	return false;
}

int detail_table_add(struct detail_table *t, const struct detail_row *r)
{
	if (array_reserve((void **)&t->rows, &t->cap, t->n, sizeof(*t->rows)))
		return -ENOMEM;
	t->rows[t->n++] = *r;
	return 0;
}

void detail_table_free(struct detail_table *t)
{
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

static void row_of(struct detail_row *r, const struct detail_key *key)
{
	r->pid_tgid = key->pid_tgid;
	r->key = key->key;
	r->kind = key->kind;
	r->dir = key->dir;
	r->size = key->size;
}

int detail_table_read(int fd, struct detail_table *t)
{
	int ncpus = libbpf_num_possible_cpus(), cpu, err = 0;
	struct detail_key key, next, *prev = NULL;
	struct detail_val *vals;

	if (ncpus < 0)
		return ncpus;
	vals = calloc(ncpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	while (!err && !bpf_map_get_next_key(fd, prev, &next)) {
		struct detail_row r = { 0 };

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, vals))
			continue;
		row_of(&r, &key);
		for (cpu = 0; cpu < ncpus; cpu++) {
			r.count += vals[cpu].count;
			r.e2e_ns += vals[cpu].e2e_ns;
			r.sched_ns += vals[cpu].sched_ns;
		}
		if (r.count)
			err = detail_table_add(t, &r);
	}
	free(vals);
	return err;
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

/* The detail alone: kind, key, direction, size. */
static int cmp_detail(const struct detail_row *a, const struct detail_row *b)
{
	if (a->kind != b->kind)
		return CMP(a->kind, b->kind);
	if (a->key != b->key)
		return CMP(a->key, b->key);
	if (a->dir != b->dir)
		return CMP(a->dir, b->dir);
	return CMP(a->size, b->size);
}

static int cmp_key(const void *pa, const void *pb)
{
	const struct detail_row *a = pa, *b = pb;

	if (a->pid_tgid != b->pid_tgid)
		return CMP(a->pid_tgid, b->pid_tgid);
	return cmp_detail(a, b);
}

int detail_table_delta(struct detail_table *cur, struct detail_table *prev,
		       struct detail_table *out)
{
	size_t i;
	int err;

	qsort(cur->rows, cur->n, sizeof(*cur->rows), cmp_key);
	qsort(prev->rows, prev->n, sizeof(*prev->rows), cmp_key);
	for (i = 0; i < cur->n; i++) {
		struct detail_row r = cur->rows[i];
		const struct detail_row *p = prev->n ?
			bsearch(&r, prev->rows, prev->n, sizeof(r), cmp_key) : NULL;

		if (p) {
			r.count -= p->count;
			r.e2e_ns -= p->e2e_ns;
			r.sched_ns -= p->sched_ns;
		}
		if (r.count && (err = detail_table_add(out, &r)))
			return err;
	}
	return 0;
}

int detail_table_gone(int fd, struct detail_table *gone)
{
	struct detail_key key, next, *prev = NULL;

	gone->n = 0;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		struct detail_row r = { 0 };

		key = next;
		prev = &key;
		if (proc_pid_exists((unsigned int)key.pid_tgid))
			continue;
		row_of(&r, &key);
		if (detail_table_add(gone, &r))
			return -ENOMEM;
	}
	return 0;
}

void detail_table_forget(int fd, struct detail_table *gone,
			 struct detail_table *prev)
{
	size_t i, n = 0;

	for (i = 0; i < gone->n; i++) {
		const struct detail_row *r = &gone->rows[i];
		struct detail_key key = {
			.pid_tgid = r->pid_tgid, .key = r->key,
			.kind = r->kind, .dir = r->dir, .size = r->size,
		};

		bpf_map_delete_elem(fd, &key);
	}
	if (!gone->n)
		return;
	/* gone is in map order: sort it to look rows up. */
	qsort(gone->rows, gone->n, sizeof(*gone->rows), cmp_key);
	for (i = 0; i < prev->n; i++)
		if (!bsearch(&prev->rows[i], gone->rows, gone->n,
			     sizeof(*gone->rows), cmp_key))
			prev->rows[n++] = prev->rows[i];
	prev->n = n;
}

void detail_table_collapse(struct detail_table *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->n; i++)
		t->rows[i].pid_tgid = 0;
	qsort(t->rows, t->n, sizeof(*t->rows), cmp_key);
	for (i = 0; i < t->n; i++) {
		struct detail_row *r = &t->rows[i];

		if (n && !cmp_key(&t->rows[n - 1], r)) {
			t->rows[n - 1].count += r->count;
			t->rows[n - 1].e2e_ns += r->e2e_ns;
			t->rows[n - 1].sched_ns += r->sched_ns;
		} else {
			t->rows[n++] = *r;
		}
	}
	t->n = n;
}

static bool sort_per_thread, sort_by_measure, sort_by_time;

static int cmp_report(const void *pa, const void *pb)
{
	const struct detail_row *a = pa, *b = pb;
	unsigned long long ma, mb;

	if (sort_per_thread && a->pid_tgid != b->pid_tgid)
		return cmp_key(a, b);
	if (!sort_by_measure)
		return cmp_detail(a, b);
	ma = sort_by_time ? a->e2e_ns : a->count;
	mb = sort_by_time ? b->e2e_ns : b->count;
	if (ma != mb)
		return CMP(mb, ma);
	return cmp_detail(b, a);
}

void detail_table_sort(struct detail_table *t, bool per_thread, bool by_measure,
		       bool by_time)
{
	sort_per_thread = per_thread;
	sort_by_measure = by_measure;
	sort_by_time = by_time;
	qsort(t->rows, t->n, sizeof(*t->rows), cmp_report);
}
