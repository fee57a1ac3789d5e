// SPDX-License-Identifier: GPL-2.0
/* kvmexittime's table against SysAK's published example, and interval deltas. */
#include <stdlib.h>
#include "exit_slot.h"
#include "kvmexittime_report.h"
#include "../lib/tap.h"

#define TID(t) ((123ULL << 32) | (t))

static char *render(struct time_table *t, bool per_thread)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct time_report_opts o = { .per_thread = per_thread, .unit_ns = 1, .unit = "ns" };

	kvmexittime_print_table(f, t, &o);
	fclose(f);
	return out;
}

static void add(struct time_table *t, unsigned long long id, unsigned int code,
		unsigned long long n, unsigned long long e2e, unsigned long long sched)
{
	struct time_row r = { .pid_tgid = id, .isa = KVM_ISA_VMX, .code = code,
			      .count = n, .e2e_ns = e2e, .sched_ns = sched };

	time_table_add(t, &r);
}

int main(void)
{
	struct time_table t = { 0 }, prev = { 0 }, d = { 0 };
	char *out;

	/* SysAK's example (-p 293573), split over two vCPU threads. */
	add(&t, TID(124), 31, 2, 2767, 0);
	add(&t, TID(124), 12, 4, 1000000000, 1000000000 - 40000);
	add(&t, TID(125), 12, 2, 553377169, 553309529);
	add(&t, TID(125), 32, 28, 17585, 0);
	add(&t, TID(124), 18, 4, 9157, 0);
	out = render(&t, false);
	TAP_EQ_STR(out,
		   "Exit reason       \tCount           \tE2E-time        \tSched-out-time  \tOn-cpu-time\n"
		   "HLT               \t6               \t1553377169      \t1553269529      \t107640\n"
		   "MSR_WRITE         \t28              \t17585           \t0               \t17585\n"
		   "VMCALL            \t4               \t9157            \t0               \t9157\n"
		   "MSR_READ          \t2               \t2767            \t0               \t2767\n"
		   "Total             \t40              \t1553406678      \t1553269529      \t137149\n",
		   "SysAK layout, collapsed, E2E descending, Total row");
	free(out);
	time_table_free(&t);

	add(&t, TID(124), 30, 3, 300, 100);
	add(&t, TID(125), 30, 1, 50, 0);
	add(&t, TID(124), 10, 1, 900, 0);
	out = render(&t, true);
	TAP_EQ_STR(out,
		   "TID     \tExit reason       \tCount           \tE2E-time        \tSched-out-time  \tOn-cpu-time\n"
		   "124     \tCPUID             \t1               \t900             \t0               \t900\n"
		   "124     \tIO_INSTRUCTION    \t3               \t300             \t100             \t200\n"
		   "125     \tIO_INSTRUCTION    \t1               \t50              \t0               \t50\n"
		   "        \tTotal             \t5               \t1250            \t100             \t1150\n",
		   "per-thread rows (-a, -T)");
	free(out);

	/* Cumulative counters: the next interval shows only what is new. */
	add(&prev, TID(124), 30, 2, 200, 100);
	add(&prev, TID(124), 10, 1, 900, 0);
	TAP_OK(!time_table_delta(&t, &prev, &d), "delta");
	out = render(&d, false);
	TAP_EQ_STR(out,
		   "Exit reason       \tCount           \tE2E-time        \tSched-out-time  \tOn-cpu-time\n"
		   "IO_INSTRUCTION    \t2               \t150             \t0               \t150\n"
		   "Total             \t2               \t150             \t0               \t150\n",
		   "interval delta drops unchanged reasons");
	free(out);
	time_table_free(&t);
	time_table_free(&prev);
	time_table_free(&d);
	return tap_done();
}
