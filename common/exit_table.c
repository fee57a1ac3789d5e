// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "array.h"
#include "exit_table.h"

int exit_table_add(struct exit_table *t, unsigned int tgid, unsigned int tid,
		   unsigned int isa, unsigned int code, unsigned long long count)
{
	if (array_reserve((void **)&t->rows, &t->cap, t->n, sizeof(*t->rows)))
		return -ENOMEM;
	t->rows[t->n++] = (struct exit_row){ tgid, tid, isa, code, count };
	return 0;
}

void exit_table_free(struct exit_table *t)
{
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

static int cmp_thread(const void *pa, const void *pb)
{
	const struct exit_row *a = pa, *b = pb;

	if (a->tgid != b->tgid)
		return CMP(a->tgid, b->tgid);
	if (a->tid != b->tid)
		return CMP(a->tid, b->tid);
	if (a->isa != b->isa)
		return CMP(a->isa, b->isa);
	return CMP(a->code, b->code);
}

static int cmp_count_desc(const void *pa, const void *pb)
{
	const struct exit_row *a = pa, *b = pb;

	if (a->count != b->count)
		return CMP(b->count, a->count);
	if (a->isa != b->isa)
		return CMP(b->isa, a->isa);
	return CMP(b->code, a->code);
}

void exit_table_sort_threads(struct exit_table *t)
{
	if (t->n)
		qsort(t->rows, t->n, sizeof(*t->rows), cmp_thread);
}

void exit_table_merge(struct exit_table *t)
{
	size_t i, n = 0;

	exit_table_sort_threads(t);
	for (i = 0; i < t->n; i++) {
		if (n && !cmp_thread(&t->rows[n - 1], &t->rows[i]))
			t->rows[n - 1].count += t->rows[i].count;
		else
			t->rows[n++] = t->rows[i];
	}
	t->n = n;
}

void exit_table_subtract(struct exit_table *t, const struct exit_table *sub)
{
	size_t i, j = 0, n = 0;

	for (i = 0; i < t->n; i++) {
		struct exit_row r = t->rows[i];

		while (j < sub->n && cmp_thread(&sub->rows[j], &r) < 0)
			j++;
		if (j < sub->n && !cmp_thread(&sub->rows[j], &r))
			r.count -= r.count < sub->rows[j].count ? r.count :
				   sub->rows[j].count;
		if (r.count)
			t->rows[n++] = r;
	}
	t->n = n;
}

static int cmp_reason(const void *pa, const void *pb)
{
	const struct exit_row *a = pa, *b = pb;

	if (a->isa != b->isa)
		return CMP(a->isa, b->isa);
	return CMP(a->code, b->code);
}

void exit_table_collapse(struct exit_table *t)
{
	size_t i, n = 0;

	if (!t->n)
		return;
	qsort(t->rows, t->n, sizeof(*t->rows), cmp_reason);
	for (i = 0; i < t->n; i++) {
		struct exit_row *r = &t->rows[i];

		if (n && !cmp_reason(&t->rows[n - 1], r)) {
			t->rows[n - 1].count += r->count;
			continue;
		}
		t->rows[n] = *r;
		t->rows[n].tgid = t->rows[n].tid = 0;
		n++;
	}
	t->n = n;
	qsort(t->rows, t->n, sizeof(*t->rows), cmp_count_desc);
}

int exit_table_copy(struct exit_table *dst, const struct exit_table *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		const struct exit_row *r = &src->rows[i];

		if (exit_table_add(dst, r->tgid, r->tid, r->isa, r->code, r->count))
			return -ENOMEM;
	}
	return 0;
}

int exit_table_delta(struct exit_table *cur, struct exit_table *prev,
		     struct exit_table *out)
{
	size_t i, j = 0;

	exit_table_sort_threads(cur);
	exit_table_sort_threads(prev);
	for (i = 0; i < cur->n; i++) {
		struct exit_row r = cur->rows[i];

		while (j < prev->n && cmp_thread(&prev->rows[j], &r) < 0)
			j++;
		if (j < prev->n && !cmp_thread(&prev->rows[j], &r))
			r.count -= prev->rows[j].count;
		if (r.count && exit_table_add(out, r.tgid, r.tid, r.isa, r.code, r.count))
			return -ENOMEM;
	}
	return 0;
}
