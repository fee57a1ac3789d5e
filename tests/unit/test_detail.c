// SPDX-License-Identifier: GPL-2.0
/* --detail's section: MSR names, and both tools' layouts byte for byte. */
#include <stdlib.h>
#include "detail.h"
#include "detail_report.h"
#include "msr_names.h"
#include "../lib/tap.h"

#define ID(pid, tid) (((unsigned long long)(pid) << 32) | (tid))

/*
 * Two threads of VMM 100 and one of VMM 200.  The collapsed sums tie on
 * count and on E2E (MSR 0x1a0 write and read) to check the tie-break; the
 * empty row must not print.
 */
static const struct detail_row data[] = {
	{ ID(100, 101), 0x3f8, DETAIL_IO, DETAIL_WRITE, 1, 40, 40000, 1000 },
	{ ID(100, 101), 0x3f8, DETAIL_IO, DETAIL_READ, 1, 5, 9000, 0 },
	{ ID(100, 101), 0x1a0, DETAIL_MSR, DETAIL_WRITE, 0, 3, 3000, 0 },
	{ ID(100, 102), 0x6e0, DETAIL_MSR, DETAIL_WRITE, 0, 7, 14000, 2000 },
	{ ID(100, 102), 0x3f8, DETAIL_IO, DETAIL_WRITE, 1, 10, 5000, 0 },
	{ ID(100, 102), 0xfee00000, DETAIL_MMIO, DETAIL_WRITE, 4, 2, 1234567, 1000000 },
	{ ID(200, 201), 0x12345, DETAIL_MSR, DETAIL_READ, 0, 1, 500, 0 },
	{ ID(200, 201), 0x1a0, DETAIL_MSR, DETAIL_READ, 0, 3, 3000, 0 },
	{ ID(200, 201), 0x70, DETAIL_IO, DETAIL_WRITE, 1, 0, 0, 0 },
};

/* detail_print of a fresh copy of data (it sorts and collapses in place). */
static char *render(const struct detail_layout *l)
{
	struct detail_table t = { 0 };
	char *out = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&out, &len);

	for (i = 0; i < sizeof(data) / sizeof(data[0]); i++)
		detail_table_add(&t, &data[i]);
	detail_print(f, &t, l);
	detail_table_free(&t);
	fclose(f);
	return out;
}

static void check(const struct detail_layout *l, const char *want, const char *what)
{
	char *got = render(l);

	TAP_EQ_STR(got, want, "%s", what);
	free(got);
}

static void test_msr_names(void)
{
	static const struct {
		unsigned int index;
		const char *name;
	} known[] = {
		{ 0x10, "TSC" },	/* the table's first */
		{ 0x48, "SPEC_CTRL" },
		{ 0x1a0, "MISC_ENABLE" },
		{ 0x6e0, "TSC_DEADLINE" },
		{ 0x80b, "X2APIC_EOI" },
		{ 0x830, "X2APIC_ICR" },
		{ 0x4b564d00, "KVM_WALL_CLOCK_NEW" },
		{ 0x4b564d01, "KVM_SYSTEM_TIME_NEW" },
		{ 0xc0000080, "EFER" },
		{ 0xc0000103, "TSC_AUX" },
		{ 0xc0010117, "VM_HSAVE_PA" },	/* the table's last */
	};
	/* Around the known ones and past both ends of the table. */
	static const unsigned int unknown[] = {
		0, 0xf, 0x11, 0x19f, 0x1a1, 0x800, 0x4b564d09, 0xc0000000,
		0xc0010118, 0xffffffff,
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const char *got = msr_name(known[i].index);

		TAP_EQ_STR(got ? got : "(null)", known[i].name, "msr_name(%#x)",
			   known[i].index);
	}
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		TAP_OK(!msr_name(unknown[i]), "msr_name(%#x) unknown", unknown[i]);
}

#define KE_HEAD "EXIT  DETAIL                         ACCESS SIZE  COUNT\n"
/* Per thread (-a, -T, system-wide): by thread, then detail ascending. */
#define KE_THREAD_ROWS(t101, t102, t201)				\
	t101 "IO    0x3f8                          in     1     5\n"	\
	t101 "IO    0x3f8                          out    1     40\n"	\
	t101 "MSR   0x1a0 MISC_ENABLE              write  -     3\n"	\
	t102 "IO    0x3f8                          out    1     10\n"	\
	t102 "MSR   0x6e0 TSC_DEADLINE             write  -     7\n"	\
	t102 "MMIO  0xfee00000                     write  4     2\n"	\
	t201 "MSR   0x1a0 MISC_ENABLE              read   -     3\n"	\
	t201 "MSR   0x12345                        read   -     1\n"

static void test_kvmexit(void)
{
	struct detail_layout l = { .tid_head = "TID" };

	/* -p, -p -v, -t: threads summed, count descending, ties by detail. */
	check(&l,
	      "\n" KE_HEAD
	      "IO    0x3f8                          out    1     50\n"
	      "MSR   0x6e0 TSC_DEADLINE             write  -     7\n"
	      "IO    0x3f8                          in     1     5\n"
	      "MSR   0x1a0 MISC_ENABLE              write  -     3\n"
	      "MSR   0x1a0 MISC_ENABLE              read   -     3\n"
	      "MMIO  0xfee00000                     write  4     2\n"
	      "MSR   0x12345                        read   -     1\n",
	      "kvmexit -p: summed, count descending, write before read on a tie");

	/* -a: as bcc orders a thread's reasons, by code. */
	l.thread_cols = 1;
	check(&l,
	      "\nTID      " KE_HEAD
	      KE_THREAD_ROWS("101      ", "102      ", "201      "),
	      "kvmexit -a: TID column, per thread, detail ascending");

	l.tid_head = "TIDS";
	check(&l,
	      "\nTIDS     " KE_HEAD
	      KE_THREAD_ROWS("101      ", "102      ", "201      "),
	      "kvmexit -T: the column is TIDS");

	/* No filter: PID and TID, as bcc's system-wide rows. */
	l.thread_cols = 2;
	l.tid_head = "TID";
	check(&l,
	      "\nPID      TID      " KE_HEAD
	      KE_THREAD_ROWS("100      101      ", "100      102      ",
			     "200      201      "),
	      "kvmexit system-wide: PID and TID columns");
}

#define KT_HEAD(e2e, sched, oncpu)					\
	"Exit \tDetail                        \tAccess\tSize \tCount           \t" \
	e2e "\t" sched "\t" oncpu "\n"
#define KT_NS KT_HEAD("E2E-time        ", "Sched-out-time  ", "On-cpu-time")

static void test_kvmexittime(void)
{
	struct detail_layout l = {
		.times = true, .tid_head = "TID", .unit_ns = 1, .unit = "ns",
	};

	/* Summed, E2E descending; On-cpu is E2E less Sched-out. */
	check(&l,
	      "\n" KT_NS
	      "MMIO \t0xfee00000                    \twrite \t4    \t2               \t1234567         \t1000000         \t234567\n"
	      "IO   \t0x3f8                         \tout   \t1    \t50              \t45000           \t1000            \t44000\n"
	      "MSR  \t0x6e0 TSC_DEADLINE            \twrite \t-    \t7               \t14000           \t2000            \t12000\n"
	      "IO   \t0x3f8                         \tin    \t1    \t5               \t9000            \t0               \t9000\n"
	      "MSR  \t0x1a0 MISC_ENABLE             \twrite \t-    \t3               \t3000            \t0               \t3000\n"
	      "MSR  \t0x1a0 MISC_ENABLE             \tread  \t-    \t3               \t3000            \t0               \t3000\n"
	      "MSR  \t0x12345                       \tread  \t-    \t1               \t500             \t0               \t500\n",
	      "kvmexittime: summed, E2E descending, integer ns");

	l.unit_ns = 1000;
	l.unit = "us";
	check(&l,
	      "\n" KT_HEAD("E2E-time(us)    ", "Sched-out-time(us)", "On-cpu-time(us)")
	      "MMIO \t0xfee00000                    \twrite \t4    \t2               \t1234.567        \t1000.000        \t234.567\n"
	      "IO   \t0x3f8                         \tout   \t1    \t50              \t45.000          \t1.000           \t44.000\n"
	      "MSR  \t0x6e0 TSC_DEADLINE            \twrite \t-    \t7               \t14.000          \t2.000           \t12.000\n"
	      "IO   \t0x3f8                         \tin    \t1    \t5               \t9.000           \t0.000           \t9.000\n"
	      "MSR  \t0x1a0 MISC_ENABLE             \twrite \t-    \t3               \t3.000           \t0.000           \t3.000\n"
	      "MSR  \t0x1a0 MISC_ENABLE             \tread  \t-    \t3               \t3.000           \t0.000           \t3.000\n"
	      "MSR  \t0x12345                       \tread  \t-    \t1               \t0.500           \t0.000           \t0.500\n",
	      "kvmexittime --units us: 3 decimals, unit in the heads");

	l.unit_ns = 1000000;
	l.unit = "ms";
	l.thread_cols = 1;
	check(&l,
	      "\nTID     \t" KT_HEAD("E2E-time(ms)    ", "Sched-out-time(ms)", "On-cpu-time(ms)")
	      "101     \tIO   \t0x3f8                         \tout   \t1    \t40              \t0.040           \t0.001           \t0.039\n"
	      "101     \tIO   \t0x3f8                         \tin    \t1    \t5               \t0.009           \t0.000           \t0.009\n"
	      "101     \tMSR  \t0x1a0 MISC_ENABLE             \twrite \t-    \t3               \t0.003           \t0.000           \t0.003\n"
	      "102     \tMMIO \t0xfee00000                    \twrite \t4    \t2               \t1.235           \t1.000           \t0.235\n"
	      "102     \tMSR  \t0x6e0 TSC_DEADLINE            \twrite \t-    \t7               \t0.014           \t0.002           \t0.012\n"
	      "102     \tIO   \t0x3f8                         \tout   \t1    \t10              \t0.005           \t0.000           \t0.005\n"
	      "201     \tMSR  \t0x1a0 MISC_ENABLE             \tread  \t-    \t3               \t0.003           \t0.000           \t0.003\n"
	      "201     \tMSR  \t0x12345                       \tread  \t-    \t1               \t0.001           \t0.000           \t0.001\n",
	      "kvmexittime -a --units ms: per thread, E2E descending in each");
}

int main(void)
{
	test_msr_names();
	test_kvmexit();
	test_kvmexittime();
	return tap_done();
}
