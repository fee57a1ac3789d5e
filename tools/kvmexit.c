// SPDX-License-Identifier: GPL-2.0
/*
 * kvmexit: VM exits per exit reason and thread, a drop-in for bcc's
 * kvmexit.  Options and glue only; the work is in common/ and bpf/.
 */
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
#include "session.h"
#include "wait.h"

static const char *const positionals[] = { "duration" };

static const char *const usage_parts[] = {
	"[-h]", "[-p PID]", "[-t TID | -T TIDS | -v VCPU | -a]",
	"[-m MAX_PARALLELISM]", "[-d]", "[--vm NAME]", "[-n]",
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
"    ./kvmexit --vm web1 -a -n              # Display all tids of the VM named web1, with vCPU indexes\n";

static const struct cli_tool tool = {
	.name = "kvmexit",
	/* kvmexittime's distribution options are its own. */
	.opts = ((1u << OPT_COUNT) - 1) &
		~(1u << OPT_STATS | 1u << OPT_HIST | 1u << OPT_UNITS),
	.positionals = positionals,
	.npositionals = 1,
	.usage_parts = usage_parts,
	.nusage_opt = 12,
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

/* --detail: the section after the table, in the table's view. */
static int report_details(const struct session *s, enum cli_view view)
{
	struct detail_layout l = {
		.thread_cols = view == VIEW_ALL ? 2 : view == VIEW_COLLAPSED ? 0 : 1,
		.tid_head = view == VIEW_TIDS ? "TIDS" : "TID",
	};
	struct detail_table t = { 0 };
	int err = kvmexit_read_details(s, &t);

	if (!err)
		detail_print(stdout, &t, &l);
	detail_table_free(&t);
	return err;
}

static int report(const struct session *s, const struct cli *c)
{
	unsigned long long losses[LOSS_MAX];
	struct exit_table t = { 0 };
	int err, i;

	kvmexit_print_columns(stdout, cli_view(c));
	err = kvmexit_read(s, &t, losses);
	if (!err)
		kvmexit_print_rows(stdout, cli_view(c), &t);
	if (!err && c->detail)
		err = report_details(s, cli_view(c));
	exit_table_free(&t);
	if (output_flush())
		return EXIT_RUNTIME;
	if (err) {
		err_msg("reading the counters: %s", strerror(-err));
		return EXIT_RUNTIME;
	}
	/* Nothing is lost silently, unlike bcc. */
	for (i = 0; i < LOSS_MAX; i++)
		if (losses[i]) {
			char why[128];

			snprintf(why, sizeof(why), loss_text[i],
				 c->max_threads ? c->max_threads : KVMEXIT_MAX_THREADS,
				 c->max_threads ? "" : ", as in bcc");
			err_msg("warning: %llu %s not counted: %s", losses[i],
				i >= LOSS_DETAIL_FULL ? "exit details" : "exits", why);
		}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	long long duration;
	struct session s = { 0 };
	struct cli c;
	int rc;

	set_prog_name(argv[0]);
	output_init();
	rc = cli_parse(&tool, argc, argv, &c);
	if (rc >= 0)
		return rc;
	set_debug(c.debug);
	duration = c.npos ? c.pos[0] : KVMEXIT_FOREVER;
	rc = session_start(&kvmexit_ops, &c, &s);
	if (rc)
		return rc;
	kvmexit_print_header(stdout, &c, duration);
	if (output_flush()) {
		session_stop(&kvmexit_ops, &s);
		return EXIT_RUNTIME;
	}
	if (wait_for(duration))
		putchar('\n');	/* bcc's newline after ^C */
	rc = report(&s, &c);
	session_stop(&kvmexit_ops, &s);
	return rc;
}
