// SPDX-License-Identifier: GPL-2.0
/*
 * kvmexittime: where the time of each VM exit goes, per exit reason, in
 * the layout of SysAK's kvmexittime.  Options and glue only.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include "kvmexittime.h"
#include "detail_report.h"
#include "cli.h"
#include "err.h"
#include "identity.h"
#include "output.h"
#include "kvmexittime_report.h"
#include "kvmexittime_maps.h"
#include "proc.h"
#include "report.h"
#include "report_json.h"
#include "report_prom.h"
#include "session.h"
#include "time_table.h"
#include "wait.h"

static const char *const positionals[] = { "interval", "count" };

static const char *const usage_parts[] = {
	"[-h]", "[-p PID]", "[-t TID | -T TIDS | -v VCPU | -a]", "[-d]",
	"[--vm NAME]", "[-n]", "[--json]", "[--prometheus FILE]",
	"[--detail]", "[--attach MODE]", "[--btf FILE]", "[--max-threads N]",
	"[--stats]",
	"[--hist[=REASON]]", "[--units {ns,us,ms}]", "[--version]",
	"[interval [count]]",
};

static const char help_body[] =
"\n"
"Summarize where the time of VM exits goes, per exit reason: E2E time from\n"
"kvm_exit to kvm_entry, the part the vCPU thread was switched out, and the\n"
"rest (on-CPU), in nanoseconds.\n"
"\n"
"positional arguments:\n"
"  interval              print a summary every interval seconds (default:\n"
"                        once, at Ctrl-C)\n"
"  count                 number of summaries (default 1; 0: until Ctrl-C)\n"
"\n"
"options:\n"
CLI_HELP_FILTERS
"  --stats               add Avg, Min, P50, P90, P99 and Max of E2E time, and\n"
"                        its switched-out part split into Runq-time (preempted,\n"
"                        waiting for a CPU) and Sleep-time (blocked)\n"
"  --hist[=REASON]       after the table, a histogram of E2E times per exit\n"
"                        reason, or of REASON only (a name as printed, or a\n"
"                        code)\n"
"  --units {ns,us,ms}    the unit of every time (default: ns)\n"
CLI_HELP_COMMON
"\n"
"examples:\n"
"    ./kvmexittime                  # whole system until Ctrl-C\n"
"    ./kvmexittime 5                # one 5-second summary\n"
"    ./kvmexittime 1 10             # ten 1-second summaries\n"
"    ./kvmexittime -p 123           # process 123 until Ctrl-C\n"
"    ./kvmexittime -p 123 -v 0 5    # vCPU 0 of process 123, 5 seconds\n"
"    ./kvmexittime -p 123 -a 5      # every thread of process 123\n"
"    ./kvmexittime -t 124           # thread 124 until Ctrl-C\n"
"    ./kvmexittime --stats --units us 5    # percentiles, run queue and sleep\n"
"    ./kvmexittime --hist=IOIO 5    # the distribution of IOIO exits' times\n";

static const struct cli_tool tool = {
	.name = "kvmexittime",
	/* kvmexit's -m and -i/-c: kvmexittime has its interval [count]. */
	.opts = ((1u << OPT_COUNT) - 1) &
		~(1u << OPT_MAXPAR | 1u << OPT_INTERVAL | 1u << OPT_REPORTS),
	.positionals = positionals,
	.npositionals = 2,
	.usage_parts = usage_parts,
	.nusage_opt = 16,
	.nusage_pos = 1,
	.help_body = help_body,
};

static const char *const event_text[EV_MAX] = {
	[EV_STATE_FULL] = "exits not timed: the per-thread table was full: make room with --max-threads",
	[EV_STATS_FULL] = "exits not timed: the per-reason table was full: make room with --max-threads",
	[EV_UNDECODED] = "exits not timed: the exit code could not be read",
	[EV_UNPAIRED_EXIT] = "exits without a matching kvm_entry, left out of the times",
	[EV_HIST_FULL] = "exits left out of the histograms: their table was full: make room with --max-threads",
	[EV_DETAIL_FULL] = "exit details not counted: the detail table was full",
	[EV_DETAIL_UNATTRIBUTED] = "exit details not counted: no exit in progress on their thread to give them to",
	[EV_STATE_NOMEM] = "exits not timed: the kernel could not make task storage for their thread (out of memory, or busy)",
};

/* --detail: the section after the table, since the previous summary. */
static int print_details(const struct session *s, struct detail_table *prev,
			 const struct time_report_opts *o)
{
	struct detail_layout l = {
		.times = true,
		.thread_cols = o->per_thread,
		.tid_head = "TID",
		.unit_ns = o->unit_ns,
		.unit = o->unit,
	};
	struct detail_table cur = { 0 }, delta = { 0 };
	int err = kvmexittime_read_details(s, &cur);

	if (!err)
		err = detail_table_delta(&cur, prev, &delta);
	if (!err)
		detail_print(stdout, &delta, &l);
	detail_table_free(&delta);
	detail_table_free(prev);
	*prev = cur;
	return err;
}

static const char *const event_keys[EV_MAX] = {
	[EV_STATE_FULL] = "state_full",
	[EV_STATS_FULL] = "stats_full",
	[EV_UNDECODED] = "undecoded",
	[EV_UNPAIRED_EXIT] = "unpaired_exit",
	[EV_HIST_FULL] = "hist_full",
	[EV_DETAIL_FULL] = "detail_full",
	[EV_DETAIL_UNATTRIBUTED] = "detail_unattributed",
	[EV_STATE_NOMEM] = "state_nomem",
};

/* What one run keeps between summaries. */
struct run {
	const struct session *s;
	const struct cli *c;
	const struct time_report_opts *o;
	struct report_meta meta;
	struct time_table prev;		/* the last read, cumulative */
	struct detail_table prev_details, gone_details;
	unsigned long long events[EV_MAX];
	struct prom_state prom;
	struct time_table retired;	/* exited threads' sums since */
	int harvest_err;
	struct pid_epoch epoch;		/* of the last harvest */
};

/*
 * The summary since the previous one, rendered as text, JSON or neither
 * (--prometheus alone), and added to the Prometheus file.
 */
static int summary(struct run *r)
{
	const struct counter_names keys = { event_keys, EV_MAX };
	unsigned long long events[EV_MAX], delta_events[EV_MAX];
	struct time_table cur = { 0 }, delta = { 0 };
	const struct time_report_opts *o = r->o;
	int err, i;

	report_end(&r->meta);
	/* Threads and VMs gone before this read: their counts are final in it. */
	if (r->c->prom_path)
		prom_mark_gone(&r->prom);
	err = r->harvest_err;
	if (!err && r->c->detail)
		err = detail_table_gone(kvmexittime_details_fd(r->s), &r->gone_details);
	if (!err)
		err = kvmexittime_harvest(r->s, &r->epoch, &r->retired);
	if (!err)
		err = kvmexittime_read(r->s, &cur, events);
	/* What has left the kernel tables still counts, this once. */
	if (!err)
		err = time_table_copy(&cur, &r->retired);
	time_table_merge(&cur);
	if (!err)
		err = time_table_delta(&cur, &r->prev, &delta);
	if (err) {
		time_table_free(&cur);
		time_table_free(&delta);
		err_msg("reading the counters: %s", strerror(-err));
		return EXIT_RUNTIME;
	}
	/* Before the renderers, which sum threads: its series are per vCPU. */
	if (r->c->prom_path && (prom_add_times(&r->prom, &delta) || prom_write(&r->prom)))
		err = EXIT_RUNTIME;
	if (r->c->prom_path)
		prom_drop_gone(&r->prom);
	for (i = 0; i < EV_MAX; i++)
		delta_events[i] = events[i] - r->events[i];
	memcpy(r->events, events, sizeof(events));
	if (r->c->json) {
		if (report_json_times(stdout, &r->meta, &delta, o, delta_events, &keys))
			err = EXIT_RUNTIME;
	} else if (!r->c->prom_path) {
		putchar('\n');
		kvmexittime_print_table(stdout, &delta, o);
		if (o->hist)
			kvmexittime_print_hists(stdout, &delta, o);
		if (r->c->detail && (i = print_details(r->s, &r->prev_details, o))) {
			err_msg("reading the detail counters: %s", strerror(-i));
			err = EXIT_RUNTIME;
		}
	}
	if (output_flush())
		err = EXIT_RUNTIME;
	time_table_free(&delta);
	time_table_free(&r->prev);
	/* The next read has live threads only: so must the base it is taken from. */
	time_table_subtract(&cur, &r->retired);
	time_table_free(&r->retired);
	r->prev = cur;
	if (r->c->detail)
		detail_table_forget(kvmexittime_details_fd(r->s), &r->gone_details,
				    &r->prev_details);
	report_next(&r->meta);
	return err;
}

/* Between summaries: room for new threads in place of those gone. */
static void harvest(void *arg)
{
	struct run *r = arg;

	if (!r->harvest_err)
		r->harvest_err = kvmexittime_harvest(r->s, &r->epoch, &r->retired);
}

static void report_events(const unsigned long long events[EV_MAX])
{
	int i;

	for (i = 0; i < EV_MAX; i++) {
		unsigned long long n = events[i];

		/* Losses always; unpaired exits are expected noise, shown with -d. */
		if (n && i == EV_UNPAIRED_EXIT)
			debug_msg("%llu %s", n, event_text[i]);
		else if (n)
			err_msg("warning: %llu %s", n, event_text[i]);
	}
}

int main(int argc, char **argv)
{
	long long interval, count, i;
	struct run r = { 0 };
	struct time_report_opts o;
	struct session s = { 0 };
	struct cli c;
	int rc, sig = 0;

	set_prog_name(argv[0]);
	output_init();
	rc = cli_parse(&tool, argc, argv, &c);
	if (rc >= 0)
		return rc;
	if (c.npos > 0 && c.pos[0] < 1)
		return cli_usage_error(&tool, "argument interval: must be at least 1: '%lld'",
				       c.pos[0]);
	set_debug(c.debug);
	interval = c.npos ? c.pos[0] : -1;
	/* count 0: a summary every interval until stopped (a service). */
	count = c.npos > 1 ? c.pos[1] : 1;
	o = (struct time_report_opts){
		/* -n system-wide: rows per thread, to name their VMs and vCPUs. */
		.per_thread = c.alltids || c.ntids || (c.names && !c.pid && !c.tid),
		.stats = c.stats,
		.hist = c.hist,
		.hist_reason = c.hist_reason,
		.unit_ns = c.unit_ns,
		.unit = c.unit,
	};
	if (c.json || c.prom_path)
		identity_start(c.pid);
	rc = session_start(&kvmexittime_ops, &c, &s);
	if (rc)
		return rc;
	r.s = &s;
	r.c = &c;
	r.o = &o;
	r.prom.path = c.prom_path;
	r.prom.times = true;
	report_begin(&r.meta, "kvmexittime", &c, s.plan.raw, s.plan.exit_prog);
	/* An empty file at once: a bad path fails now, not after a period. */
	if (c.prom_path && prom_write(&r.prom)) {
		session_stop(&kvmexittime_ops, &s);
		return EXIT_RUNTIME;
	}
	if (!c.json && !c.prom_path)
		kvmexittime_print_banner(stdout);
	/* -n where the table sums threads: the VM is named once, here. */
	if (c.names && !o.per_thread && !c.json && !c.prom_path) {
		char vm[128];

		printf("%s\n", identity_context(c.pid, c.tid, vm, sizeof(vm)));
	}
	rc = output_flush();
	for (i = 0; (!count || i < count) && !sig && !rc; i++) {
		sig = wait_for_each(interval, KVMEXITTIME_HARVEST_SECS, harvest, &r);
		rc = summary(&r);
	}
	report_events(r.events);
	time_table_free(&r.prev);
	time_table_free(&r.retired);
	detail_table_free(&r.prev_details);
	detail_table_free(&r.gone_details);
	prom_free(&r.prom);
	session_report_misses(&kvmexittime_ops, &s);
	session_stop(&kvmexittime_ops, &s);
	return rc;
}
