// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "proc.h"
#include "report_prom.h"
#include "array.h"
#include "err.h"
#include "escape.h"
#include "exit_reasons.h"
#include "identity.h"
#include "kvmexittime.h"
#include "report.h"
#include "time_hist.h"

/*
 * The length of the valid UTF-8 sequence at p (1-4), or 0 if it is not one
 * (overlong forms, surrogates and values past U+10FFFF included).
 */
static size_t utf8_seq_len(const unsigned char *p)
{
	unsigned int c = p[0], n, i, cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	cp = c & (0x3f >> (n - 1));
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/*
 * One series per (VM, vCPU, ISA, reason).  Labels stay bounded: the VM's
 * name, the vCPU index, or for a process without a name its PID, and ""
 * for threads that are no vCPU; never a thread ID.
 */
struct prom_series {
	char vm[IDENTITY_NAME_MAX];
	unsigned int pid;	/* a VM without a name only */
	long vcpu;		/* -1: not a vCPU thread */
	unsigned int tgid;	/* the process its last rows came from */
	unsigned int gone_tgid;	/* that process, if gone (prom_mark_gone) */
	unsigned int gone_reports;	/* reports written since it was */
	unsigned int isa, code;
	unsigned long long count, e2e_ns, sched_ns;
	unsigned long long le[PROM_BUCKETS];	/* not yet cumulative */
};

static bool same(const struct prom_series *s, const char *vm, unsigned int pid,
		 long vcpu, unsigned int isa, unsigned int code)
{
	return s->pid == pid && s->vcpu == vcpu && s->isa == isa &&
	       s->code == code && !strcmp(s->vm, vm);
}

/* FNV-1a over the series' labels. */
static size_t series_hash(const char *vm, unsigned int pid, long vcpu,
			  unsigned int isa, unsigned int code)
{
	unsigned long long h = 0xcbf29ce484222325ULL;
	unsigned long long v[4] = { pid, (unsigned long long)vcpu, isa, code };
	const unsigned char *b;
	size_t i;

	for (b = (const unsigned char *)vm; *b; b++)
		h = (h ^ *b) * 0x100000001b3ULL;
	for (b = (const unsigned char *)v, i = 0; i < sizeof(v); i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

/*
 * An index into p->s by labels, open addressing over a power-of-two
 * table of p->s positions + 1 (0: free), at most half full: a large host
 * has one series per vCPU and reason, hundreds of thousands, and every
 * row of every report looks its series up.
 */
static size_t *index_slot(const struct prom_state *p, const char *vm,
			  unsigned int pid, long vcpu, unsigned int isa,
			  unsigned int code)
{
	size_t mask = p->nslots - 1, i = series_hash(vm, pid, vcpu, isa, code) & mask;

	while (p->slots[i] && !same(&p->s[p->slots[i] - 1], vm, pid, vcpu, isa, code))
		i = (i + 1) & mask;
	return &p->slots[i];
}

/* Every series in the index again, after p->s changed order. */
static void index_fill(struct prom_state *p)
{
	size_t i;

	memset(p->slots, 0, p->nslots * sizeof(*p->slots));
	for (i = 0; i < p->n; i++) {
		const struct prom_series *s = &p->s[i];

		*index_slot(p, s->vm, s->pid, s->vcpu, s->isa, s->code) = i + 1;
	}
}

static int index_grow(struct prom_state *p)
{
	size_t n = p->nslots ? p->nslots * 2 : 1024;
	size_t *old = p->slots;

	p->slots = calloc(n, sizeof(*p->slots));
	if (!p->slots) {
		p->slots = old;
		return -ENOMEM;
	}
	p->nslots = n;
	index_fill(p);
	free(old);
	return 0;
}

static struct prom_series *series(struct prom_state *p, unsigned int tgid,
				  unsigned int tid, unsigned int isa,
				  unsigned int code)
{
	const char *vm = tgid ? identity_vm(tgid) : NULL;
	long vcpu = tid ? identity_vcpu(tgid, tid) : -1;
	unsigned int pid = vm ? 0 : tgid;
	struct prom_series *s;
	size_t *slot;

	if (!vm)
		vm = "";
	if ((p->n + 1) * 2 > p->nslots && index_grow(p))
		return NULL;
	slot = index_slot(p, vm, pid, vcpu, isa, code);
	if (*slot) {
		s = &p->s[*slot - 1];
		s->tgid = tgid;
		return s;
	}
	if (array_reserve((void **)&p->s, &p->cap, p->n, sizeof(*p->s)))
		return NULL;
	s = &p->s[p->n++];
	*slot = p->n;
	memset(s, 0, sizeof(*s));
	snprintf(s->vm, sizeof(s->vm), "%s", vm);
	s->pid = pid;
	s->tgid = tgid;
	s->vcpu = vcpu;
	s->isa = isa;
	s->code = code;
	return s;
}

int prom_add_counts(struct prom_state *p, const struct exit_table *delta)
{
	size_t i;

	for (i = 0; i < delta->n; i++) {
		const struct exit_row *r = &delta->rows[i];
		struct prom_series *s = series(p, r->tgid, r->tid, r->isa, r->code);

		if (!s)
			return -ENOMEM;
		s->count += r->count;
	}
	return 0;
}

int prom_add_times(struct prom_state *p, const struct time_table *delta)
{
	size_t i;
	unsigned int b, k;

	for (i = 0; i < delta->n; i++) {
		const struct time_row *r = &delta->rows[i];
		struct prom_series *s = series(p, r->pid_tgid >> 32,
					       (unsigned int)r->pid_tgid, r->isa, r->code);

		if (!s)
			return -ENOMEM;
		s->count += r->count;
		s->e2e_ns += r->e2e_ns;
		s->sched_ns += r->sched_ns;
		/* Our buckets end at powers of two: each lies under one le. */
		for (b = 0; r->hist && b < TIME_HIST_BUCKETS; b++) {
			if (!r->hist[b])
				continue;
			for (k = 0; k < PROM_BUCKETS; k++)
				if (time_hist_high(b) < 1ULL << (PROM_LE_FIRST_POW + k))
					break;
			if (k < PROM_BUCKETS)
				s->le[k] += r->hist[b];
		}
	}
	return 0;
}

/*
 * A label value as the text format wants it: UTF-8 with \\, \" and \n
 * escaped (nothing else may be); a byte that is not UTF-8 becomes U+FFFD,
 * so that one odd VM name cannot make node_exporter drop the file.
 */
static void label_value(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_seq_len(p);

		if (!n) {
			fputs("\xef\xbf\xbd", f);
			p++;
		} else if (*p == '\\' || *p == '"') {
			fprintf(f, "\\%c", *p++);
		} else if (*p == '\n') {
			fputs("\\n", f);
			p++;
		} else {
			fwrite(p, 1, n, f);
			p += n;
		}
	}
}

/*
 * "{vm=...,isa=\"svm\"", without the closing brace: a series' labels,
 * the same on each of its lines (31 of them with the histogram).
 */
static void series_labels(FILE *f, const struct prom_series *s)
{
	char name[32];

	fputs("{vm=\"", f);
	label_value(f, s->vm);
	fputc('"', f);
	if (s->pid)
		fprintf(f, ",pid=\"%u\"", s->pid);
	if (s->vcpu >= 0)
		fprintf(f, ",vcpu=\"%ld\"", s->vcpu);
	else
		fputs(",vcpu=\"\"", f);
	fprintf(f, ",reason=\"%s\",isa=\"%s\"",
		exit_reason_label(s->isa, s->code, name, sizeof(name)),
		report_isa_name(s->isa));
}

/*
 * Every series' labels, rendered once, as strings in one buffer (*all,
 * freed by the caller); lab[i] is series i's.  0 or -1.
 */
static int all_labels(const struct prom_state *p, char **all, const char **lab)
{
	size_t size, i, *off = calloc(p->n + 1, sizeof(*off));
	FILE *m = open_memstream(all, &size);

	if (!off || !m) {
		free(off);
		if (m)
			fclose(m);
		return -1;
	}
	for (i = 0; i < p->n; i++) {
		off[i] = ftell(m);
		series_labels(m, &p->s[i]);
		fputc('\0', m);
	}
	if (fclose(m)) {
		free(off);
		return -1;
	}
	for (i = 0; i < p->n; i++)
		lab[i] = *all + off[i];
	free(off);
	return 0;
}

/* One sample: metric, the series' labels (and le), value already formatted. */
static void sample(FILE *f, const char *metric, const char *lab, const char *le,
		   const char *value)
{
	fputs(metric, f);
	fputs(lab, f);
	if (le) {
		fputs(",le=\"", f);
		fputs(le, f);
		fputc('"', f);
	}
	fputs("} ", f);
	fputs(value, f);
	fputc('\n', f);
}

static void family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static const char *count_text(unsigned long long v, char *buf, size_t len)
{
	snprintf(buf, len, "%llu", v);
	return buf;
}

static const char *seconds_text(unsigned long long ns, char *buf, size_t len)
{
	snprintf(buf, len, "%.9f", ns / 1e9);
	return buf;
}

/* The metrics of one family for every series; lab[i] is series i's labels. */
static void counters(FILE *f, const struct prom_state *p, const char **lab,
		     const char *metric, size_t field, bool seconds)
{
	char v[32];
	size_t i;

	for (i = 0; i < p->n; i++) {
		unsigned long long x = *(const unsigned long long *)
			((const char *)&p->s[i] + field);

		sample(f, metric, lab[i], NULL, seconds ? seconds_text(x, v, sizeof(v)) :
						 count_text(x, v, sizeof(v)));
	}
}

static void write_all(FILE *f, const struct prom_state *p, const char **lab)
{
	char le[PROM_BUCKETS][32], v[32];
	size_t i;
	unsigned int k;

	family(f, "kvm_exits_total", "counter", "VM exits, by VM, vCPU and exit reason.");
	counters(f, p, lab, "kvm_exits_total", offsetof(struct prom_series, count), false);
	if (!p->times)
		return;
	family(f, "kvm_exit_seconds_total", "counter",
	       "Time from kvm_exit to the next kvm_entry, summed.");
	counters(f, p, lab, "kvm_exit_seconds_total", offsetof(struct prom_series, e2e_ns),
		 true);
	family(f, "kvm_exit_sched_out_seconds_total", "counter",
	       "The part of it the vCPU thread was switched out, summed.");
	counters(f, p, lab, "kvm_exit_sched_out_seconds_total",
		 offsetof(struct prom_series, sched_ns), true);
	family(f, "kvm_exit_duration_seconds", "histogram",
	       "Time from kvm_exit to the next kvm_entry.");
	/* %.10g: 2^33 ns = 8.589934592 s exactly. */
	for (k = 0; k < PROM_BUCKETS; k++)
		snprintf(le[k], sizeof(le[k]), "%.10g",
			 (double)(1ULL << (PROM_LE_FIRST_POW + k)) / 1e9);
	for (i = 0; i < p->n; i++) {
		const struct prom_series *s = &p->s[i];
		unsigned long long cum = 0;

		for (k = 0; k < PROM_BUCKETS; k++) {
			cum += s->le[k];
			sample(f, "kvm_exit_duration_seconds_bucket", lab[i], le[k],
			       count_text(cum, v, sizeof(v)));
		}
		sample(f, "kvm_exit_duration_seconds_bucket", lab[i], "+Inf",
		       count_text(s->count, v, sizeof(v)));
		sample(f, "kvm_exit_duration_seconds_sum", lab[i], NULL,
		       seconds_text(s->e2e_ns, v, sizeof(v)));
		sample(f, "kvm_exit_duration_seconds_count", lab[i], NULL,
		       count_text(s->count, v, sizeof(v)));
	}
}

int prom_write(struct prom_state *p)
{
	char tmp[4096], q[ESCAPE_MAX], *all = NULL;
	const char **lab;
	FILE *f;
	int fd, err;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", p->path) >= (int)sizeof(tmp)) {
		err_msg("--prometheus %s: path too long", str_repr(p->path, q, sizeof(q)));
		return -1;
	}
	/* Same directory as path, so that rename() is atomic. */
	fd = mkstemp(tmp);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		err_msg("--prometheus %s: cannot create a file beside it: %s",
			str_repr(p->path, q, sizeof(q)), strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* Readable by node_exporter, which need not run as root. */
	fchmod(fd, 0644);
	lab = calloc(p->n + 1, sizeof(*lab));
	if (!lab || all_labels(p, &all, lab)) {
		free(lab);
		fclose(f);
		unlink(tmp);
		err_msg("--prometheus %s: out of memory", str_repr(p->path, q, sizeof(q)));
		return -1;
	}
	write_all(f, p, lab);
	free(lab);
	free(all);
	err = ferror(f) | fflush(f) | fsync(fd);
	err |= fclose(f);
	if (err || rename(tmp, p->path)) {
		err_msg("--prometheus %s: cannot write it: %s",
			str_repr(p->path, q, sizeof(q)), strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

void prom_mark_gone(struct prom_state *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		p->s[i].gone_tgid = proc_pid_exists(p->s[i].tgid) ? 0 : p->s[i].tgid;
}

void prom_drop_gone(struct prom_state *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++) {
		struct prom_series *s = &p->s[i];

		/* A VM of that name in another process has kept it going. */
		if (!s->gone_tgid || s->gone_tgid != s->tgid)
			s->gone_reports = 0;
		else if (++s->gone_reports >= PROM_KEEP_REPORTS)
			continue;
		p->s[n++] = *s;
	}
	if (n == p->n)
		return;
	p->n = n;
	if (p->nslots)
		index_fill(p);
}

void prom_free(struct prom_state *p)
{
	free(p->s);
	free(p->slots);
	p->s = NULL;
	p->slots = NULL;
	p->n = p->cap = p->nslots = 0;
}
