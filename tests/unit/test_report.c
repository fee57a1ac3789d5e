// SPDX-License-Identifier: GPL-2.0
/* kvmexit's output against bcc's test vectors (bcc-kvmexit.md §2.9). */
#include <stdlib.h>
#include "cli.h"
#include "exit_slot.h"
#include "kvmexit_report.h"
#include "../lib/tap.h"

#define VM1 1273795
#define VM2 1273551

/* The vectors' data: two VMs, VMX reasons. */
static const struct exit_row data[] = {
	{ VM1, 1273819, KVM_ISA_VMX, 1, 64 },
	{ VM1, 1273819, KVM_ISA_VMX, 12, 2802 },
	{ VM1, 1273819, KVM_ISA_VMX, 32, 7196 },
	{ VM1, 1273819, KVM_ISA_VMX, 40, 2 },
	{ VM1, 1273819, KVM_ISA_VMX, 45, 2 },
	{ VM1, 1273819, KVM_ISA_VMX, 49, 162 },
	{ VM1, 1273820, KVM_ISA_VMX, 1, 78 },
	{ VM1, 1273820, KVM_ISA_VMX, 12, 2054 },
	{ VM1, 1273820, KVM_ISA_VMX, 32, 5199 },
	{ VM1, 1273820, KVM_ISA_VMX, 49, 77 },
	{ VM2, 1273568, KVM_ISA_VMX, 12, 989 },
	{ VM2, 1273568, KVM_ISA_VMX, 30, 10 },
	{ VM2, 1273568, KVM_ISA_VMX, 32, 2205 },
	/* bcc prints 76 as TDCALL; the kernel's TDCALL is 77 */
	{ VM1, 1273821, KVM_ISA_VMX, 77, 5 },
};

/* Renders the data as the tool would for a filter: header, columns, rows. */
static char *render(const struct cli *c, long long duration, bool interrupted,
		    bool (*keep)(const struct exit_row *, const struct cli *))
{
	struct exit_table t = { 0 };
	char *out = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&out, &len);

	for (i = 0; i < sizeof(data) / sizeof(data[0]); i++)
		if (keep(&data[i], c))
			exit_table_add(&t, data[i].tgid, data[i].tid, data[i].isa,
				       data[i].code, data[i].count);
	kvmexit_print_header(f, c, duration);
	if (interrupted)
		fputc('\n', f);
	kvmexit_print_columns(f, cli_view(c));
	kvmexit_print_rows(f, cli_view(c), &t);
	exit_table_free(&t);
	fclose(f);
	return out;
}

/* What the BPF filter would have let through. */
static bool keep(const struct exit_row *r, const struct cli *c)
{
	int i;

	if (c->pid && r->tgid != c->pid)
		return false;
	if (c->tid && r->tid != c->tid)
		return false;
	for (i = 0; i < c->ntids; i++)
		if (c->tids[i] == r->tid)
			return true;
	return !c->ntids;
}

static bool keep_none(const struct exit_row *r, const struct cli *c)
{
	(void)r;
	(void)c;
	return false;
}

static void check(const struct cli *c, long long d, bool intr, const char *want,
		  const char *what)
{
	char *got = render(c, d, intr, keep);

	TAP_EQ_STR(got, want, "%s", what);
	free(got);
}

#define ROWS_VM1_1273819(p)						\
	p "EXTERNAL_INTERRUPT                  64      \n"		\
	p "HLT                                 2802    \n"		\
	p "MSR_WRITE                           7196    \n"		\
	p "PAUSE_INSTRUCTION                   2       \n"		\
	p "EOI_INDUCED                         2       \n"		\
	p "EPT_MISCONFIG                       162     \n"
#define ROWS_VM1_1273820(p)						\
	p "EXTERNAL_INTERRUPT                  78      \n"		\
	p "HLT                                 2054    \n"		\
	p "MSR_WRITE                           5199    \n"		\
	p "EPT_MISCONFIG                       77      \n"
#define SORTED_1273819							\
	"MSR_WRITE                           7196    \n"		\
	"HLT                                 2802    \n"		\
	"EPT_MISCONFIG                       162     \n"		\
	"EXTERNAL_INTERRUPT                  64      \n"		\
	"EOI_INDUCED                         2       \n"		\
	"PAUSE_INSTRUCTION                   2       \n"

/*
 * Issue 15: a thread that exited is retired (its counts leave the kernel
 * tables) while a new thread takes its ID.  The report's rows still add
 * up, and the next one starts the new thread from zero.
 */
static void test_retired(void)
{
	struct exit_table prev = { 0 }, cur = { 0 }, retired = { 0 }, d = { 0 };

	exit_table_add(&prev, 1, 10, 2, 0x78, 100);	/* thread 10, alive */
	exit_table_add(&prev, 1, 11, 2, 0x78, 50);
	/* 10 exits after 3 more; a new 10 has 5; 11 has 7 more. */
	exit_table_add(&retired, 1, 10, 2, 0x78, 103);
	exit_table_add(&cur, 1, 10, 2, 0x78, 5);
	exit_table_add(&cur, 1, 11, 2, 0x78, 57);
	exit_table_copy(&cur, &retired);
	exit_table_merge(&cur);
	TAP_EQ_U64(cur.n, 2, "merge: one row per thread and reason");
	exit_table_delta(&cur, &prev, &d);
	TAP_OK(d.n == 2 && d.rows[0].tid == 10 && d.rows[0].count == 8 &&
	       d.rows[1].count == 7, "delta: the old and the new thread 10's exits");
	exit_table_subtract(&cur, &retired);
	TAP_OK(cur.n == 2 && cur.rows[0].count == 5 && cur.rows[1].count == 57,
	       "subtract: the base of the next report holds the live threads only");
	exit_table_free(&retired);
	exit_table_add(&retired, 1, 11, 2, 0x78, 57);
	exit_table_subtract(&cur, &retired);
	TAP_OK(cur.n == 1 && cur.rows[0].tid == 10, "a row that reaches 0 is dropped");
	exit_table_free(&prev);
	exit_table_free(&cur);
	exit_table_free(&retired);
	exit_table_free(&d);
}

int main(void)
{
	struct cli c = { 0 };
	char *got;

	test_retired();

	/* kvmexit 6: unsorted in bcc; we order by process and thread. */
	check(&c, 6, false,
	      "Display kvm exit reasons and statistics for all threads after sleeping 6 secs.\n"
	      "PID      TID      KVM_EXIT_REASON                     COUNT\n"
	      "1273551  1273568  HLT                                 989     \n"
	      "1273551  1273568  IO_INSTRUCTION                      10      \n"
	      "1273551  1273568  MSR_WRITE                           2205    \n"
	      ROWS_VM1_1273819("1273795  1273819  ")
	      ROWS_VM1_1273820("1273795  1273820  ")
	      "1273795  1273821  TDCALL                              5       \n",
	      "kvmexit 6");

	c.pid = VM1;
	check(&c, KVMEXIT_FOREVER, true,
	      "Display kvm exit reasons and statistics for PID 1273795... Hit Ctrl-C to end.\n"
	      "\n"
	      "KVM_EXIT_REASON                     COUNT\n"
	      "MSR_WRITE                           12395   \n"
	      "HLT                                 4856    \n"
	      "EPT_MISCONFIG                       239     \n"
	      "EXTERNAL_INTERRUPT                  142     \n"
	      "TDCALL                              5       \n"
	      "EOI_INDUCED                         2       \n"
	      "PAUSE_INSTRUCTION                   2       \n",
	      "kvmexit -p 1273795, then Ctrl-C");

	c.alltids = true;
	check(&c, 5, false,
	      "Display kvm exit reasons and statistics for PID 1273795 and its all threads after sleeping 5 secs.\n"
	      "TID      KVM_EXIT_REASON                     COUNT\n"
	      ROWS_VM1_1273819("1273819  ")
	      ROWS_VM1_1273820("1273820  ")
	      "1273821  TDCALL                              5       \n",
	      "kvmexit -p 1273795 5 -a");

	c.alltids = false;
	c.has_vcpu = true;
	c.vcpu = 0;
	c.tid = 1273819;
	check(&c, 4, false,
	      "Display kvm exit reasons and statistics for PID 1273795 VCPU 0 after sleeping 4 secs.\n"
	      "KVM_EXIT_REASON                     COUNT\n" SORTED_1273819,
	      "kvmexit -p 1273795 -v 0 4");

	memset(&c, 0, sizeof(c));
	c.tid = 1273819;
	check(&c, 10, false,
	      "Display kvm exit reasons and statistics for TID 1273819 after sleeping 10 secs.\n"
	      "KVM_EXIT_REASON                     COUNT\n" SORTED_1273819,
	      "kvmexit -t 1273819 10");

	memset(&c, 0, sizeof(c));
	c.tids_arg = "1273820,1273819";
	c.tids[0] = 1273820;
	c.tids[1] = 1273819;
	c.ntids = 2;
	check(&c, KVMEXIT_FOREVER, true,
	      "Display kvm exit reasons and statistics for TIDS ['1273820', '1273819']... Hit Ctrl-C to end.\n"
	      "\n"
	      "TIDS     KVM_EXIT_REASON                     COUNT\n"
	      ROWS_VM1_1273819("1273819  ")
	      ROWS_VM1_1273820("1273820  "),
	      "kvmexit -T '1273820,1273819', then Ctrl-C");

	memset(&c, 0, sizeof(c));
	got = render(&c, 2, false, keep_none);
	TAP_EQ_STR(got,
		   "Display kvm exit reasons and statistics for all threads after sleeping 2 secs.\n"
		   "PID      TID      KVM_EXIT_REASON                     COUNT\n",
		   "kvmexit 2 with no exits: headers only");
	free(got);
	c.tid = 999;
	got = render(&c, 3, false, keep_none);
	TAP_EQ_STR(got,
		   "Display kvm exit reasons and statistics for TID 999 after sleeping 3 secs.\n"
		   "KVM_EXIT_REASON                     COUNT\n",
		   "kvmexit -t 999 3 with no exits");
	free(got);
	return tap_done();
}
