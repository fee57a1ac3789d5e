// SPDX-License-Identifier: GPL-2.0
/*
 * Drives the real kvm_exit raw_tp program (the <= 5.15 argument layout,
 * (exit_reason, vcpu, isa)) with BPF_PROG_TEST_RUN from several threads and
 * CPUs, and checks exact counts through cache hits, evictions, CPU
 * migration, rare codes, the thread filter and a full per-thread hash.
 * It loads and reads through the tool's own code (common/session.c,
 * common/kvmexit_maps.c), so the counts and losses it checks are the ones
 * kvmexit would print.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "kvmexit.h"
#include "kvmexit.skel.h"
#include "exit_counts.h"
#include "attach.h"
#include "kvmexit_maps.h"
#include "proc.h"
#include "session.h"
#include "../lib/tap.h"

#define SVM_IOIO 0x7b
#define SVM_HLT 0x78
#define SVM_CPUID 0x72
#define SVM_MSR 0x7c
#define SVM_NPF 0x400
#define SVM_PSC 0x80000010u	/* outside the dense slots: the rare map */
#define VMX_IO 30

static struct session sess;
static int prog_fd;

struct event {
	unsigned int isa, reason, times;
};

struct job {
	int cpu;
	const struct event *ev;
	int nev;
	unsigned int tid;
	int err;
};

static unsigned int gettid_(void)
{
	return syscall(SYS_gettid);
}

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static int fire(const struct event *ev, int nev)
{
	int i;
	unsigned int k;

	for (i = 0; i < nev; i++) {
		for (k = 0; k < ev[i].times; k++) {
			__u64 args[3] = { ev[i].reason, 0, ev[i].isa };
			LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args,
				    .ctx_size_in = sizeof(args));

			if (bpf_prog_test_run_opts(prog_fd, &o))
				return -errno;
		}
	}
	return 0;
}

static void *job_main(void *arg)
{
	struct job *j = arg;

	j->tid = gettid_();
	j->err = pin(j->cpu) ? -errno : fire(j->ev, j->nev);
	return NULL;
}

/* Runs events on a new thread pinned to cpu; returns the thread's TID. */
static unsigned int run_thread(int cpu, const struct event *ev, int nev)
{
	struct job j = { .cpu = cpu, .ev = ev, .nev = nev };
	pthread_t t;

	if (pthread_create(&t, NULL, job_main, &j))
		return 0;
	pthread_join(t, NULL);
	return j.err ? 0 : j.tid;
}

/* The test's host is SVM (dense codes), whatever this machine loaded. */
static int as_svm_host(void *skel)
{
	return exit_counts_configure(((struct kvmexit_bpf *)skel)->obj, KVM_ISA_SVM);
}

/*
 * Loads kvm_exit_reason the way kvmexit does, filtered on filter_tid, with
 * room for max_threads threads (--max-threads).
 */
static int load(unsigned int max_threads, unsigned int filter_tid)
{
	struct cli c = { .tid = filter_tid, .max_threads = max_threads };
	char why[256];
	int err;

	memset(&sess, 0, sizeof(sess));
	sess.before_load = as_svm_host;
	sess.plan.exit_prog = PROG_EXIT_REASON;
	sess.plan.raw = true;
	err = session_load(&kvmexit_ops, &c, &sess, why, sizeof(why));
	if (err) {
		printf("# %s\n", why);
		return err;
	}
	prog_fd = bpf_program__fd(((struct kvmexit_bpf *)sess.skel)->progs.kvm_exit_reason);
	return 0;
}

static void unload(void)
{
	session_stop(&kvmexit_ops, &sess);
}

static unsigned long long count_of(const struct exit_table *t, unsigned int tid,
				   unsigned int isa, unsigned int code)
{
	unsigned long long n = 0;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->rows[i].tid == tid && t->rows[i].isa == isa &&
		    t->rows[i].code == code)
			n += t->rows[i].count;
	return n;
}

static unsigned long long losses[LOSS_MAX];

/* What kvmexit's report reads: the counts and the kernel's loss counters. */
static int read_table(struct exit_table *t)
{
	return kvmexit_read(&sess, t, losses);
}

static void test_cache_and_cpus(int ncpus)
{
	static const struct event a1[] = { { KVM_ISA_SVM, SVM_IOIO, 5 },
					   { KVM_ISA_SVM, SVM_HLT, 3 } };
	static const struct event b[] = { { KVM_ISA_SVM, SVM_CPUID, 2 } };
	static const struct event a2[] = { { KVM_ISA_SVM, SVM_IOIO, 1 } };
	static const struct event a3[] = { { KVM_ISA_SVM, SVM_MSR, 2 },
					   { KVM_ISA_SVM, SVM_NPF, 1 } };
	/* VMX flag bits (bus lock 26, FAILED_VMENTRY 31) are masked off. */
	static const struct event c[] = { { KVM_ISA_VMX, 0x0400001e, 4 },
					  { KVM_ISA_VMX, 0x80000021, 1 },
					  { KVM_ISA_VMX, 200, 1 },
					  { KVM_ISA_SVM, SVM_PSC, 2 } };
	unsigned int a = gettid_(), tb, tc;
	int cpu1 = ncpus > 1 ? 1 : 0;
	struct exit_table t = { 0 };

	TAP_OK(!load(KVMEXIT_MAX_THREADS, 0), "load kvm_exit_reason");
	/* A on CPU 0: cache hits after the first miss. */
	TAP_OK(!pin(0) && !fire(a1, 2), "thread A fires on CPU 0");
	/* B on CPU 0 evicts A from the cache, then A evicts B. */
	tb = run_thread(0, b, 1);
	TAP_OK(tb, "thread B fires on CPU 0");
	TAP_OK(!fire(a2, 1), "thread A fires on CPU 0 again");
	/* A migrates to the other CPU; C shares it. */
	TAP_OK(!pin(cpu1) && !fire(a3, 2), "thread A fires on CPU %d", cpu1);
	tc = run_thread(cpu1, c, 4);
	TAP_OK(tc, "thread C fires on CPU %d", cpu1);

	TAP_OK(!read_table(&t), "read the maps");
	TAP_EQ_U64(count_of(&t, a, KVM_ISA_SVM, SVM_IOIO), 6, "A IOIO across an eviction");
	TAP_EQ_U64(count_of(&t, a, KVM_ISA_SVM, SVM_HLT), 3, "A HLT");
	TAP_EQ_U64(count_of(&t, a, KVM_ISA_SVM, SVM_MSR), 2, "A MSR on the second CPU");
	TAP_EQ_U64(count_of(&t, a, KVM_ISA_SVM, SVM_NPF), 1, "A NPF (0x400 range)");
	TAP_EQ_U64(count_of(&t, tb, KVM_ISA_SVM, SVM_CPUID), 2, "B CPUID written back from the cache");
	TAP_EQ_U64(count_of(&t, tc, KVM_ISA_VMX, VMX_IO), 4,
		   "C VMX 30 with flag bits masked (the other ISA: rare map)");
	TAP_EQ_U64(count_of(&t, tc, KVM_ISA_VMX, 33), 1, "C VMX 33 with FAILED_VMENTRY masked");
	TAP_EQ_U64(count_of(&t, tc, KVM_ISA_VMX, 200), 1, "C VMX 200 kept in the rare map");
	TAP_EQ_U64(count_of(&t, tc, KVM_ISA_SVM, SVM_PSC), 2, "C VMGEXIT code kept in the rare map");
	TAP_EQ_U64(t.n, 9, "no other rows");
	TAP_EQ_U64(losses[LOSS_THREADS_FULL] + losses[LOSS_RARE_FULL] +
		   losses[LOSS_UNDECODED], 0, "nothing lost");
	exit_table_free(&t);
	unload();
}

static void test_filter(void)
{
	static const struct event e[] = { { KVM_ISA_SVM, SVM_HLT, 3 } };
	unsigned int me = gettid_(), other;
	struct exit_table t = { 0 };

	TAP_OK(!load(KVMEXIT_MAX_THREADS, me), "load with filter_tid");
	TAP_OK(!fire(e, 1), "the filtered thread fires");
	other = run_thread(0, e, 1);
	TAP_OK(other, "another thread fires");
	TAP_OK(!read_table(&t), "read the maps");
	TAP_EQ_U64(count_of(&t, me, KVM_ISA_SVM, SVM_HLT), 3, "filtered thread counted");
	TAP_EQ_U64(count_of(&t, other, KVM_ISA_SVM, SVM_HLT), 0, "other thread not counted");
	exit_table_free(&t);
	unload();
}

static void test_hash_full(void)
{
	static const struct event e[] = { { KVM_ISA_SVM, SVM_IOIO, 7 } };
	unsigned int t1, t2, t3;
	struct exit_table t = { 0 };

	TAP_OK(!load(2, 0), "load with room for 2 threads");
	t1 = run_thread(0, e, 1);
	t2 = run_thread(0, e, 1);
	t3 = run_thread(0, e, 1);
	TAP_OK(t1 && t2 && t3, "three threads fire");
	TAP_OK(!read_table(&t), "read the maps");
	TAP_EQ_U64(count_of(&t, t1, KVM_ISA_SVM, SVM_IOIO) +
		   count_of(&t, t2, KVM_ISA_SVM, SVM_IOIO), 14, "first two threads counted");
	TAP_EQ_U64(count_of(&t, t3, KVM_ISA_SVM, SVM_IOIO), 0, "third thread has no row");
	TAP_EQ_U64(losses[LOSS_THREADS_FULL], 7, "its 7 exits are reported lost");
	exit_table_free(&t);
	unload();
}

/*
 * Issue 15: the entries of threads that have exited leave the tables
 * once harvested, with their counts, and make room for new threads.
 */
static void test_harvest(int ncpus)
{
	struct pid_epoch epoch = { 0 };
	static const struct event io[] = { { KVM_ISA_SVM, SVM_IOIO, 7 } };
	static const struct event hlt[] = { { KVM_ISA_SVM, SVM_HLT, 3 } };
	static const struct event psc[] = { { KVM_ISA_SVM, SVM_IOIO, 1 },
					    { KVM_ISA_SVM, SVM_PSC, 2 } };
	struct kvmexit_bpf *skel;
	struct exit_table t = { 0 }, retired = { 0 };
	struct thread_key stale = { 0 };
	/* A per-CPU value: one array per possible CPU. */
	unsigned long long *zeros = calloc(ncpus, sizeof(struct exit_count));
	unsigned int me = gettid_(), t1, t2, t3, t4, t5;
	int cpu1 = ncpus > 1 ? 1 : 0;

	TAP_OK(!load(5, 0), "load with room for 5 threads: full before the harvest");
	skel = sess.skel;
	/* This thread stays; t1 then t2 exit, t2 still owning CPU 0's cache. */
	TAP_OK(!pin(cpu1) && !fire(hlt, 1), "a live thread fires on CPU %d", cpu1);
	t1 = run_thread(0, io, 1);
	t2 = run_thread(0, hlt, 1);
	t3 = run_thread(0, psc, 2);
	TAP_OK(t1 && t2 && t3, "three threads fire on CPU 0 and exit");
	/* An entry under this thread's ID from a thread that started before it. */
	stale.pid_tgid = (unsigned long long)getpid() << 32 | me;
	stale.start_ns = 1;
	TAP_OK(!bpf_map_update_elem(bpf_map__fd(skel->maps.counts), &stale, zeros, BPF_NOEXIST),
	       "an entry of an earlier thread with this thread's ID");
	TAP_OK(!kvmexit_harvest(&sess, &epoch, &retired), "harvest");
	TAP_EQ_U64(skel->bss->harvest_gen, 1, "a new cache generation");
	TAP_EQ_U64(count_of(&retired, t1, KVM_ISA_SVM, SVM_IOIO), 7, "t1's counts retired");
	TAP_EQ_U64(count_of(&retired, t2, KVM_ISA_SVM, SVM_HLT), 3,
		   "t2's, from the cache it owned, retired");
	TAP_EQ_U64(count_of(&retired, t3, KVM_ISA_SVM, SVM_PSC), 2, "t3's rare code retired");
	TAP_EQ_U64(count_of(&retired, me, KVM_ISA_SVM, SVM_HLT), 0, "the live thread's stay");
	TAP_EQ_U64(retired.n, 4, "no other rows retired");
	/* Its cache slot on CPU 1, of the old generation, is confirmed by start time. */
	TAP_OK(!fire(hlt, 1), "the live thread fires again");
	TAP_OK(!read_table(&t), "read the maps");
	TAP_EQ_U64(count_of(&t, me, KVM_ISA_SVM, SVM_HLT), 6, "the live thread still counted");
	TAP_EQ_U64(t.n, 1, "the exited threads' entries are gone");
	TAP_OK(bpf_map_lookup_elem(bpf_map__fd(skel->maps.counts), &stale, zeros),
	       "so is the earlier thread's entry under a live ID");
	exit_table_free(&t);
	/* Room again; t4 evicts dead t3 from CPU 0's cache without bringing it back. */
	t4 = run_thread(0, io, 1);
	t5 = run_thread(0, hlt, 1);
	TAP_OK(t4 && t5, "two more threads fire on CPU 0");
	TAP_OK(!read_table(&t), "read the maps");
	TAP_EQ_U64(count_of(&t, t4, KVM_ISA_SVM, SVM_IOIO), 7, "counted in the room made");
	TAP_EQ_U64(count_of(&t, t3, KVM_ISA_SVM, SVM_IOIO) +
		   count_of(&t, t3, KVM_ISA_SVM, SVM_PSC), 0,
		   "a dead thread's cache slot writes nothing back");
	TAP_EQ_U64(losses[LOSS_THREADS_FULL], 0, "nothing lost");
	exit_table_free(&t);
	exit_table_free(&retired);
	free(zeros);
	unload();
}

int main(void)
{
	int ncpus = libbpf_num_possible_cpus();

	if (geteuid()) {
		printf("SKIP: needs root for BPF_PROG_TEST_RUN\n");
		return 77;
	}
	if (ncpus < 2)
		printf("# one CPU only: the migration case runs on CPU 0\n");
	test_cache_and_cpus(ncpus);
	test_filter();
	test_hash_full();
	test_harvest(ncpus);
	return tap_done();
}
