// SPDX-License-Identifier: GPL-2.0
/*
 * kvmexit: VM exits per exit reason and thread, a drop-in for bcc's
 * kvmexit.  Options and glue only; the work is in common/ and bpf/.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdbool.h>
#include <linux/types.h>
#include "kvmexit.h"
#include "detail_report.h"
#include "cli.h"
#include "err.h"
#include "output.h"
#include "exit_counts.h"
#include "kvmexit_maps.h"
#include "kvmexit_report.h"
#include "identity.h"
#include "proc.h"
#include "report.h"
#include "report_json.h"
#include "report_prom.h"
#include "session.h"
#include "wait.h"

static const char *const positionals[] = { "duration" };

static const char *const usage_parts[] = {
	"[-h]", "[-p PID]", "[-t TID | -T TIDS | -v VCPU | -a]",
	"[-m MAX_PARALLELISM]", "[-d]", "[--vm NAME]", "[-n]",
	"[-i SECS]", "[-c N]", "[--json]", "[--prometheus FILE]",
	"[--detail]", "[--attach MODE]", "[--btf FILE]", "[--max-threads N]",
	"[--version]", "[duration]",
};

static const char help_body[] =
"\n"
"Display kvm_exit_reason and its statistics at a timed interval\n"
"\n"
"positional arguments:\n"
"  duration              show delta for next several seconds\n"
"\n"
"options:\n"
CLI_HELP_FILTERS
"  -m MAX_PARALLELISM, --max-parallelism MAX_PARALLELISM\n"
"                        limit post processing parallelism to the given thread\n"
"                        count\n"
CLI_HELP_PERIODIC
CLI_HELP_COMMON
"\n"
"examples:\n"
"    ./kvmexit                              # Display kvm_exit_reason and its statistics in real-time until Ctrl-C\n"
"    ./kvmexit 5                            # Display in real-time after sleeping 5s\n"
"    ./kvmexit -p 3195281                   # Collpase all tids for pid 3195281 with exit reasons sorted in descending order\n"
"    ./kvmexit -p 3195281 20                # Collpase all tids for pid 3195281 with exit reasons sorted in descending order, and display after sleeping 20s\n"
"    ./kvmexit -p 3195281 -v 0              # Display only vcpu0 for pid 3195281, descending sort by default\n"
"    ./kvmexit -p 3195281 -a                # Display all tids for pid 3195281\n"
"    ./kvmexit -p 3195281 -a -m 2           # Display all tids for pid 3195281, limit post processing to two threads\n"
"    ./kvmexit -t 395490                    # Display only for tid 395490 with exit reasons sorted in descending order\n"
"    ./kvmexit -t 395490 20                 # Display only for tid 395490 with exit reasons sorted in descending order after sleeping 20s\n"
"    ./kvmexit -T '395490,395491'           # Display for a union like {395490, 395491}\n"
"    ./kvmexit --vm web1 -a -n              # Display all tids of the VM named web1, with vCPU indexes\n"
"    ./kvmexit -i 10 --json                 # One JSON object every 10s, until Ctrl-C\n"
"    ./kvmexit -i 15 --prometheus /var/lib/prometheus/node-exporter/kvmexit.prom\n";

static const struct cli_tool tool = {
	.name = "kvmexit",
	/* kvmexittime's distribution options are its own. */
	.opts = ((1u << OPT_COUNT) - 1) &
		~(1u << OPT_STATS | 1u << OPT_HIST | 1u << OPT_UNITS),
	.positionals = positionals,
	.npositionals = 1,
	.usage_parts = usage_parts,
	.nusage_opt = 16,
	.nusage_pos = 1,
	.help_body = help_body,
};

static const char *const loss_text[LOSS_MAX] = {
	[LOSS_THREADS_FULL] = "the per-thread table (%u threads%s) was full: make room with --max-threads",
	[LOSS_RARE_FULL] = "the table of rare exit codes was full",
	[LOSS_UNDECODED] = "the exit code could not be read from the vCPU",
	[LOSS_DETAIL_FULL] = "the detail table was full",
	[LOSS_DETAIL_UNATTRIBUTED] = "no exit in progress on their thread to give them to",
};

/* What one run keeps between reports. */
struct run {
	const struct session *s;
	const struct cli *c;
	struct report_meta meta;
	struct exit_table prev;		/* the last read, cumulative */
	struct exit_table retired;	/* exited threads' counts since */
	int harvest_err;
	struct pid_epoch epoch;		/* of the last harvest */
	struct detail_table prev_details, gone_details;
	unsigned long long losses[LOSS_MAX];
	struct prom_state prom;
};

/* --detail: the section after the table, in the table's view, for its interval. */
static int report_details(struct run *r, enum cli_view view)
{
	struct detail_layout l = {
		.thread_cols = view == VIEW_ALL ? 2 : view == VIEW_COLLAPSED ? 0 : 1,
		.tid_head = view == VIEW_TIDS ? "TIDS" : "TID",
	};
	struct detail_table cur = { 0 }, delta = { 0 };
	int err = kvmexit_read_details(r->s, &cur);

	if (!err)
		err = detail_table_delta(&cur, &r->prev_details, &delta);
	if (!err)
		detail_print(stdout, &delta, &l);
	detail_table_free(&delta);
	detail_table_free(&r->prev_details);
	r->prev_details = cur;
	return err;
}

static const char *const loss_keys[LOSS_MAX] = {
	[LOSS_THREADS_FULL] = "threads_full",
	[LOSS_RARE_FULL] = "rare_full",
	[LOSS_UNDECODED] = "undecoded",
	[LOSS_DETAIL_FULL] = "detail_full",
	[LOSS_DETAIL_UNATTRIBUTED] = "detail_unattributed",
};

/*
 * One report: the counts since the previous one, rendered as text, JSON
 * or neither (--prometheus alone), and added to the Prometheus file.
 */
static int report(struct run *r)
{
	const struct counter_names keys = { loss_keys, LOSS_MAX };
	unsigned long long losses[LOSS_MAX], delta_losses[LOSS_MAX];
	struct exit_table cur = { 0 }, delta = { 0 };
	enum cli_view view = cli_view(r->c);
	int err, i;

	report_end(&r->meta);
	/* VMs gone before this read: their counts are final in it. */
	if (r->c->prom_path)
		prom_mark_gone(&r->prom);
	err = r->harvest_err;
	if (!err && r->c->detail)
		err = detail_table_gone(kvmexit_details_fd(r->s), &r->gone_details);
	if (!err)
		err = kvmexit_harvest(r->s, &r->epoch, &r->retired);
	if (!err)
		err = kvmexit_read(r->s, &cur, losses);
	/* What has left the kernel tables still counts, this once. */
	if (!err)
		err = exit_table_copy(&cur, &r->retired);
	exit_table_merge(&cur);
	exit_table_merge(&r->retired);
	if (!err)
		err = exit_table_delta(&cur, &r->prev, &delta);
	if (!err && r->c->prom_path) {
		err = prom_add_counts(&r->prom, &delta);
		if (!err && prom_write(&r->prom))
			err = -EIO;
		prom_drop_gone(&r->prom);
	}
	for (i = 0; i < LOSS_MAX; i++)
		delta_losses[i] = losses[i] - r->losses[i];
	if (!err && r->c->json) {
		err = report_json_counts(stdout, &r->meta, &delta, view, delta_losses, &keys);
	} else if (!err && !r->c->prom_path) {
		if (r->c->interval)
			putchar('\n');
		kvmexit_print_columns(stdout, view);
		kvmexit_print_rows(stdout, view, &delta);
		if (r->c->detail)
			err = report_details(r, view);
	}
	exit_table_free(&delta);
	exit_table_free(&r->prev);
	/* The next read has live threads only: so must the base it is taken from. */
	exit_table_subtract(&cur, &r->retired);
	exit_table_free(&r->retired);
	r->prev = cur;
	if (r->c->detail)
		detail_table_forget(kvmexit_details_fd(r->s), &r->gone_details,
				    &r->prev_details);
	memcpy(r->losses, losses, sizeof(losses));
	report_next(&r->meta);
	if (output_flush())
		return EXIT_RUNTIME;
	if (err == -EIO)
		return EXIT_RUNTIME;
	if (err) {
		err_msg("reading the counters: %s", strerror(-err));
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/* Nothing is lost silently, unlike bcc: the totals, at the end. */
static void report_losses(const struct run *r)
{
	const struct cli *c = r->c;
	int i;

	for (i = 0; i < LOSS_MAX; i++)
		if (r->losses[i]) {
			char why[128];

			snprintf(why, sizeof(why), loss_text[i],
				 c->max_threads ? c->max_threads : KVMEXIT_MAX_THREADS,
				 c->max_threads ? "" : ", as in bcc");
			err_msg("warning: %llu %s not counted: %s", r->losses[i],
				i >= LOSS_DETAIL_FULL ? "exit details" : "exits", why);
		}
}

/* Between reports: room for new threads in place of those gone. */
static void harvest(void *arg)
{
	struct run *r = arg;

	if (!r->harvest_err)
		r->harvest_err = kvmexit_harvest(r->s, &r->epoch, &r->retired);
}

static int wait_harvesting(struct run *r, long long seconds)
{
	return wait_for_each(seconds, KVMEXIT_HARVEST_SECS, harvest, r);
}

/* -i SECS [-c N]: a report per interval, until N or a signal. */
static int periodic(struct run *r)
{
	long long i;
	int rc = EXIT_OK, sig = 0;

	if (!r->c->json && !r->c->prom_path) {
		char context[256];

		cli_context(r->c, context, sizeof(context));
		printf("Display kvm exit reasons and statistics for %s every %lld secs... Hit Ctrl-C to end.\n",
		       context, r->c->interval);
		if (output_flush())
			return EXIT_RUNTIME;
	}
	for (i = 0; (!r->c->count || i < r->c->count) && !sig && !rc; i++) {
		sig = wait_harvesting(r, r->c->interval);
		rc = report(r);
	}
	return rc;
}

int main(int argc, char **argv)
{
	long long duration;
	struct session s = { 0 };
	struct run r;
	struct cli c;
	int rc;

	set_prog_name(argv[0]);
	output_init();
	rc = cli_parse(&tool, argc, argv, &c);
	if (rc >= 0)
		return rc;
	set_debug(c.debug);
	duration = c.npos ? c.pos[0] : KVMEXIT_FOREVER;
	if (c.json || c.prom_path)
		identity_start(c.pid);
	rc = session_start(&kvmexit_ops, &c, &s);
	if (rc)
		return rc;
	r = (struct run){ .s = &s, .c = &c, .prom = { .path = c.prom_path } };
	report_begin(&r.meta, "kvmexit", &c, s.plan.raw, s.plan.exit_prog);
	/* An empty file at once: a bad path fails now, not after a period. */
	if (c.prom_path && prom_write(&r.prom)) {
		session_stop(&kvmexit_ops, &s);
		return EXIT_RUNTIME;
	}
	if (c.interval) {
		rc = periodic(&r);
	} else {
		if (!c.json && !c.prom_path) {
			kvmexit_print_header(stdout, &c, duration);
			rc = output_flush() ? EXIT_RUNTIME : EXIT_OK;
		}
		/* bcc's newline after ^C */
		if (!rc && wait_harvesting(&r, duration) && !c.json && !c.prom_path)
			putchar('\n');
		if (!rc)
			rc = report(&r);
	}
	report_losses(&r);
	exit_table_free(&r.prev);
	exit_table_free(&r.retired);
	detail_table_free(&r.prev_details);
	detail_table_free(&r.gone_details);
	prom_free(&r.prom);
	session_report_misses(&kvmexit_ops, &s);
	session_stop(&kvmexit_ops, &s);
	return rc;
}
