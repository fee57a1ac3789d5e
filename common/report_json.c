// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <sys/utsname.h>
#include <jansson.h>
#include "report_json.h"
#include "cli.h"
#include "exit_reasons.h"
#include "identity.h"
#include "proc.h"
#include "kvmexittime.h"
#include "time_hist.h"

/*
 * JSON strings must be UTF-8; names from /proc and command lines need not
 * be.  Those are shown with their odd bytes as \xHH, as in the text.
 */
static json_t *jstr(const char *s)
{
	char buf[IDENTITY_NAME_MAX * 4 + 8];
	json_t *j;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	return json_string(identity_column(s, buf, sizeof(buf), sizeof(buf) - 1));
}

/* From the identity cache: read when the thread was first met. */
static json_t *comm_of(unsigned int pid, unsigned int tid)
{
	return jstr(identity_comm(pid, tid));
}

static json_t *filter_of(const struct cli *c)
{
	json_t *f = json_object(), *tids;
	int i;

	if (c->vm)
		json_object_set_new(f, "vm", jstr(c->vm));
	if (c->pid)
		json_object_set_new(f, "pid", json_integer(c->pid));
	if (c->has_vcpu)
		json_object_set_new(f, "vcpu", json_integer(c->vcpu));
	else if (c->tid)
		json_object_set_new(f, "tid", json_integer(c->tid));
	if (c->ntids) {
		tids = json_array();
		for (i = 0; i < c->ntids; i++)
			json_array_append_new(tids, json_integer(c->tids[i]));
		json_object_set_new(f, "tids", tids);
	}
	json_object_set_new(f, "alltids", json_boolean(c->alltids));
	return f;
}

static json_t *head(const struct report_meta *m)
{
	json_t *o = json_object(), *w = json_object();
	struct utsname u;
	char t[40];

	json_object_set_new(o, "tool", json_string(m->tool));
	json_object_set_new(o, "version", json_string(cli_version()));
	json_object_set_new(o, "kernel", uname(&u) ? json_null() : jstr(u.release));
	json_object_set_new(o, "isa", json_string(report_isa_name(m->isa)));
	json_object_set_new(o, "attach", json_string(m->attach));
	json_object_set_new(o, "filter", filter_of(m->cli));
	json_object_set_new(o, "report", json_integer(m->number));
	json_object_set_new(w, "start", json_string(report_rfc3339(&m->start, t, sizeof(t))));
	json_object_set_new(w, "end", json_string(report_rfc3339(&m->end, t, sizeof(t))));
	json_object_set_new(w, "seconds", json_real(report_seconds(m)));
	json_object_set_new(o, "window", w);
	return o;
}

static json_t *counters(const unsigned long long *v, const struct counter_names *names)
{
	json_t *o = json_object();
	char key[32];
	int i;

	for (i = 0; i < names->n; i++) {
		const char *k = names->names[i];

		if (!k) {
			snprintf(key, sizeof(key), "counter_%d", i);
			k = key;
		}
		json_object_set_new(o, k, json_integer(v[i]));
	}
	return o;
}

/*
 * Who a row is: pid, tid where the row is one thread's, its comm, VM name
 * and vCPU index where known.  Rows summed over threads name the filter's
 * process or thread.
 */
static void who(json_t *row, const struct cli *c, unsigned int tgid,
		unsigned int tid, bool per_thread)
{
	long vcpu = -1;

	if (!per_thread) {
		tgid = c->pid;
		tid = c->tid;
		if (!tgid && tid)
			proc_tgid(tid, &tgid);
	}
	json_object_set_new(row, "pid", tgid ? json_integer(tgid) : json_null());
	if (per_thread || tid)
		json_object_set_new(row, "tid", json_integer(tid));
	json_object_set_new(row, "comm", tid || tgid ? comm_of(tgid, tid ? tid : tgid) :
			    json_null());
	json_object_set_new(row, "vm", tgid ? jstr(identity_vm(tgid)) : json_null());
	if (c->has_vcpu && !per_thread)
		vcpu = c->vcpu;
	else if (tid)
		vcpu = identity_vcpu(tgid, tid);
	json_object_set_new(row, "vcpu", vcpu >= 0 ? json_integer(vcpu) : json_null());
}

static void reason(json_t *row, unsigned int isa, unsigned int code)
{
	char name[32];

	json_object_set_new(row, "reason",
			    json_string(exit_reason_label(isa, code, name, sizeof(name))));
	json_object_set_new(row, "code", json_integer(code));
	json_object_set_new(row, "isa", json_string(report_isa_name(isa)));
}

static int emit(FILE *f, json_t *o)
{
	int err = json_dumpf(o, f, JSON_COMPACT | JSON_REAL_PRECISION(9));

	json_decref(o);
	if (!err)
		err = fputc('\n', f) == EOF;
	return err ? -1 : 0;
}

int report_json_counts(FILE *f, const struct report_meta *m,
		       struct exit_table *t, enum cli_view view,
		       const unsigned long long *losses,
		       const struct counter_names *loss_names)
{
	bool per_thread = view != VIEW_COLLAPSED;
	json_t *o = head(m), *rows = json_array();
	size_t i;

	/* The text's order: bcc's sort, or by thread. */
	if (per_thread)
		exit_table_sort_threads(t);
	else
		exit_table_collapse(t);
	for (i = 0; i < t->n; i++) {
		const struct exit_row *r = &t->rows[i];
		json_t *row = json_object();

		who(row, m->cli, r->tgid, r->tid, per_thread);
		reason(row, r->isa, r->code);
		json_object_set_new(row, "count", json_integer(r->count));
		json_array_append_new(rows, row);
	}
	json_object_set_new(o, "rows", rows);
	json_object_set_new(o, "losses", counters(losses, loss_names));
	return emit(f, o);
}

static json_t *hist_of(const unsigned long long *h)
{
	json_t *a = json_array();
	unsigned int b;

	for (b = 0; b < TIME_HIST_BUCKETS; b++) {
		json_t *e;

		if (!h[b])
			continue;
		e = json_object();
		json_object_set_new(e, "low_ns", json_integer(time_hist_low(b)));
		json_object_set_new(e, "high_ns", b == TIME_HIST_BUCKETS - 1 ? json_null() :
				    json_integer(time_hist_high(b)));
		json_object_set_new(e, "count", json_integer(h[b]));
		json_array_append_new(a, e);
	}
	return a;
}

static void distribution(json_t *row, const struct time_row *r, bool hist)
{
	json_object_set_new(row, "runq_ns", json_integer(r->runq_ns));
	json_object_set_new(row, "sleep_ns", json_integer(r->sched_ns - r->runq_ns));
	json_object_set_new(row, "avg_ns", json_integer(r->e2e_ns / r->count));
	json_object_set_new(row, "min_ns", json_integer(r->min_ns));
	json_object_set_new(row, "max_ns", json_integer(r->max_ns));
	if (r->hist) {
		/* From the histogram: bucket midpoints, within 1/8. */
		json_object_set_new(row, "p50_ns", json_integer(
			time_hist_quantile(r->hist, 0.50, r->min_ns, r->max_ns)));
		json_object_set_new(row, "p90_ns", json_integer(
			time_hist_quantile(r->hist, 0.90, r->min_ns, r->max_ns)));
		json_object_set_new(row, "p99_ns", json_integer(
			time_hist_quantile(r->hist, 0.99, r->min_ns, r->max_ns)));
		if (hist)
			json_object_set_new(row, "hist", hist_of(r->hist));
	}
}

int report_json_times(FILE *f, const struct report_meta *m,
		      struct time_table *t, const struct time_report_opts *o,
		      const unsigned long long *events,
		      const struct counter_names *event_names)
{
	json_t *obj = head(m), *rows = json_array();
	size_t i;

	if (!o->per_thread)
		time_table_collapse(t);
	time_table_sort(t, o->per_thread);
	for (i = 0; i < t->n; i++) {
		const struct time_row *r = &t->rows[i];
		json_t *row = json_object();

		who(row, m->cli, r->pid_tgid >> 32, (unsigned int)r->pid_tgid,
		    o->per_thread);
		reason(row, r->isa, r->code);
		json_object_set_new(row, "count", json_integer(r->count));
		json_object_set_new(row, "e2e_ns", json_integer(r->e2e_ns));
		json_object_set_new(row, "sched_out_ns", json_integer(r->sched_ns));
		json_object_set_new(row, "on_cpu_ns", json_integer(r->e2e_ns - r->sched_ns));
		if (o->stats || o->hist)
			distribution(row, r, o->hist);
		json_array_append_new(rows, row);
	}
	json_object_set_new(obj, "rows", rows);
	json_object_set_new(obj, "events", counters(events, event_names));
	return emit(f, obj);
}
