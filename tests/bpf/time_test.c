// SPDX-License-Identifier: GPL-2.0
/*
 * Drives kvmexittime's real programs (kvm_exit with the <= 5.15 layout,
 * kvm_entry, sched_switch) with BPF_PROG_TEST_RUN in test mode, where time
 * is test_now and sched_switch's next argument a TID, from two threads,
 * and checks exact counts and times.  It loads and reads through the tool's
 * own code (common/session.c, common/kvmexittime_maps.c).  Both homes of
 * the per-thread state go through the same script: the states hash, and
 * task storage where the kernel has it for tracing programs (5.13+), whose
 * tp_btf sched_switch cannot be test-run: there the raw one stands in,
 * each half of a switch fired on the thread it concerns.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "kvmexittime.h"
#include "kvmexittime.skel.h"
#include "attach.h"
#include "kvmexittime_maps.h"
#include "proc.h"
#include "session.h"
#include "task_storage.h"
#include "time_hist.h"
#include "time_table.h"
#include "../lib/tap.h"

/* SWITCH_IN: task storage only, next's half of a SWITCH, fired by next. */
enum kind { EXIT, ENTRY, SWITCH, SWITCH_IN, TASK_EXIT };

/* One event, fired by thread `who` (0 = A, 1 = B) at time `at`. */
struct step {
	int who;
	enum kind kind;
	unsigned int arg;	/* EXIT: SVM code; SWITCH: next thread (0/1) */
	unsigned long long at;
	/* SWITCH: how prev leaves: runnable (0) or blocked, or preempted */
	unsigned int state, preempt;
	bool hash_only;		/* left out with task storage */
};

static struct kvmexittime_bpf *skel;
static struct session sess;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static const struct step *script;
static int nsteps, cur, failures;
static bool started, task;	/* task: the state is in task storage */
static unsigned int tids[2];

static int fire(const struct step *s)
{
	__u64 args[3] = { 0 };
	struct bpf_program *p;
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args, .ctx_size_in = sizeof(args));

	skel->bss->test_now = s->at;
	if (s->kind == EXIT) {
		args[0] = s->arg;
		args[2] = KVM_ISA_SVM;
		p = skel->progs.kvm_exit_reason;
	} else if (s->kind == ENTRY) {
		p = skel->progs.kvm_entry_raw;
	} else if (s->kind == TASK_EXIT) {
		p = skel->progs.tidy_exit_raw;
	} else if (s->kind == SWITCH_IN) {
		/* Test mode with task storage: next's TID is the caller's. */
		args[2] = tids[s->who];
		p = skel->progs.sched_switch_raw;
	} else {
		/* Test mode: (preempt, prev's state, next's TID). */
		args[0] = s->preempt;
		args[1] = s->state;
		args[2] = tids[s->arg];
		p = skel->progs.sched_switch_raw;
	}
	return bpf_prog_test_run_opts(bpf_program__fd(p), &o) ? -errno : 0;
}

static void *worker(void *arg)
{
	int me = (int)(long)arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	pthread_mutex_lock(&lock);
	tids[me] = syscall(SYS_gettid);
	pthread_cond_broadcast(&cond);
	for (;;) {
		while (!started || (cur < nsteps && script[cur].who != me))
			pthread_cond_wait(&cond, &lock);
		if (cur >= nsteps)
			break;
		if (fire(&script[cur]))
			failures++;
		cur++;
		pthread_cond_broadcast(&cond);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

/*
 * With task storage a program reaches only the current thread's state: a
 * SWITCH becomes prev's half, then next's, fired by next.
 */
static int split_switches(const struct step *steps, int n, struct step *out)
{
	int i, m = 0;

	for (i = 0; i < n; i++) {
		if (steps[i].hash_only)
			continue;
		out[m++] = steps[i];
		if (steps[i].kind == SWITCH)
			out[m++] = (struct step){ .who = steps[i].arg, .kind = SWITCH_IN,
						  .at = steps[i].at };
	}
	return m;
}

/* Runs a script on two threads; their TIDs are known before it starts. */
static int run(const struct step *steps, int n)
{
	static struct step split[128];
	pthread_t t[2];
	int i;

	if (task) {
		if (2 * n > (int)(sizeof(split) / sizeof(split[0])))
			return -E2BIG;
		n = split_switches(steps, n, split);
		steps = split;
	}
	pthread_mutex_lock(&lock);
	script = steps;
	nsteps = n;
	cur = 0;
	started = false;	/* hold the workers until both TIDs are known */
	tids[0] = tids[1] = 0;
	pthread_mutex_unlock(&lock);
	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, (void *)(long)i);
	pthread_mutex_lock(&lock);
	while (!tids[0] || !tids[1])
		pthread_cond_wait(&cond, &lock);
	started = true;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return failures;
}

static const struct time_row *find(const struct time_table *t, int who,
				   unsigned int code)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if ((unsigned int)t->rows[i].pid_tgid == tids[who] &&
		    t->rows[i].code == code)
			return &t->rows[i];
	return NULL;
}

static void expect(const struct time_table *t, int who, unsigned int code,
		   unsigned long long count, unsigned long long e2e,
		   unsigned long long sched, const char *what)
{
	const struct time_row *r = find(t, who, code);

	TAP_OK(r && r->count == count && r->e2e_ns == e2e && r->sched_ns == sched,
	       "%s: count %llu e2e %llu sched %llu", what, count, e2e, sched);
	if (r)
		printf("#   got count %llu e2e %llu sched %llu\n", r->count, r->e2e_ns,
		       r->sched_ns);
}

#define A 0
#define B 1
#define IOIO 0x7b
#define HLT 0x78
#define MSR 0x7c
#define CPUID 0x72
#define NPF 0x400

/* Steps leave the fields they do not need out: zero. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define SLEEP 1		/* TASK_INTERRUPTIBLE */
#define BLOCKED 2	/* TASK_UNINTERRUPTIBLE */

static const struct step steps[] = {
	/*
	 * A: one exit switched out once (asleep), one switched out twice:
	 * preempted, then blocked.
	 */
	{ A, EXIT, IOIO, 1000 }, { A, SWITCH, B, 1200, SLEEP },
	{ B, SWITCH, A, 1700 }, { A, ENTRY, 0, 2000 },
	{ A, EXIT, IOIO, 3000 }, { A, SWITCH, B, 3100, SLEEP, 1 },
	{ B, SWITCH, A, 3300 }, { A, SWITCH, B, 3400, BLOCKED },
	{ B, SWITCH, A, 3900 }, { A, ENTRY, 0, 4100 },
	/* interleaved: A halts and sleeps while B exits and re-enters */
	{ A, EXIT, HLT, 10000 }, { A, SWITCH, B, 10100, SLEEP }, { B, EXIT, MSR, 10150 },
	{ B, ENTRY, 0, 10300 }, { B, SWITCH, A, 10600 }, { A, ENTRY, 0, 10700 },
	/* an exit without entry, then a new exit: the first is dropped */
	{ A, EXIT, CPUID, 20000 }, { A, EXIT, NPF, 20100 }, { A, ENTRY, 0, 20150 },
	/* an entry with no exit, and switches of a thread in no exit */
	{ B, ENTRY, 0, 30000 }, { B, SWITCH, A, 30100 }, { A, SWITCH, B, 30200 },
	/* runnable but not preempted (a yield): run-queue time too */
	{ B, EXIT, CPUID, 35000 }, { B, SWITCH, A, 35100 }, { A, SWITCH, B, 35400 },
	{ B, ENTRY, 0, 35500 },
	/* counters are cleared at entry: a plain exit after all that */
	{ B, EXIT, MSR, 40000 }, { B, ENTRY, 0, 40010 },
	/*
	 * B ends inside an exit (a last HLT): its state goes, so that an
	 * entry of a later thread with its ID completes nothing (issue 15).
	 * Hash only: task storage goes with its task, and a test thread
	 * cannot end mid-script.
	 */
	{ B, EXIT, HLT, 45000 }, { B, TASK_EXIT, 0, 45100, .hash_only = true },
	{ B, ENTRY, 0, 46000, .hash_only = true },
};

/* The next report's interval: one more IOIO exit of A, of 300 ns. */
static const struct step steps2[] = {
	{ A, EXIT, IOIO, 50000 }, { A, ENTRY, 0, 50300 },
};

static void expect_split(const struct time_table *t, int who, unsigned int code,
			 unsigned long long runq, unsigned long long min,
			 unsigned long long max, const char *what)
{
	const struct time_row *r = find(t, who, code);

	TAP_OK(r && r->runq_ns == runq && r->min_ns == min && r->max_ns == max,
	       "%s: runq %llu sleep = sched - runq, min %llu max %llu", what, runq,
	       min, max);
	if (r)
		printf("#   got runq %llu min %llu max %llu\n", r->runq_ns, r->min_ns,
		       r->max_ns);
}

/*
 * Issue 15: both script threads have exited (run() joined them), so a
 * harvest moves their sums out of the kernel's tables, and the base of
 * the next report (prev minus what was retired) holds nothing of them.
 */
static void check_harvest(struct time_table *prev)
{
	struct pid_epoch epoch = { 0 };
	unsigned long long events[EV_MAX];
	struct time_table t = { 0 }, retired = { 0 };
	struct time_key key;
	int fd = bpf_map__fd(skel->maps.stats);
	size_t i;
	unsigned long long count = 0;
	int ncpus = libbpf_num_possible_cpus();
	struct time_val *one = calloc(ncpus, sizeof(*one));
	/* An earlier thread's entry under this (live) thread's ID. */
	struct time_key stale = {
		.pid_tgid = (unsigned long long)getpid() << 32 | syscall(SYS_gettid),
		.start_ns = 1, .isa = KVM_ISA_SVM, .code = 0x7b,
	};

	struct exit_state gone_state = { .in_exit = 1 };
	__u32 gone_tid = 4194303;	/* above any pid_max but the largest */
	int sfd = bpf_map__fd(skel->maps.states);

	one[0].count = 1;
	TAP_OK(!bpf_map_update_elem(fd, &stale, one, BPF_NOEXIST),
	       "an earlier thread's entry under this thread's ID");
	/* The hash path: a state left by a thread whose tidy_exit was skipped. */
	if (sfd >= 0)
		TAP_OK(!bpf_map_update_elem(sfd, &gone_tid, &gone_state, BPF_NOEXIST),
		       "an exit state of a thread that is gone");
	TAP_OK(!kvmexittime_harvest(&sess, &epoch, &retired), "harvest the threads that have exited");
	TAP_EQ_U64(retired.n, 7, "all seven (thread, reason) rows are of exited threads");
	for (i = 0; i < retired.n; i++)
		count += retired.rows[i].count;
	for (i = 0; i < prev->n; i++)
		count -= prev->rows[i].count;
	TAP_EQ_U64(count, 1, "with the sums the last read had, and the earlier thread's");
	free(one);
	TAP_OK(bpf_map_get_next_key(fd, NULL, &key), "the kernel's table is empty");
	if (sfd >= 0)
		TAP_OK(bpf_map_lookup_elem(sfd, &gone_tid, &gone_state),
		       "the gone thread's exit state too");
	time_table_subtract(prev, &retired);
	TAP_EQ_U64(prev->n, 0, "and so is the base of the next report");
	TAP_OK(!kvmexittime_read(&sess, &t, events) && t.n == 0, "a read finds nothing");
	time_table_free(&t);
	time_table_free(&retired);
}

/*
 * Time is test_now and sched_switch's next argument a TID; the state's
 * home is the one under test, and with task storage the raw sched_switch
 * stands in for the tp_btf one.
 */
static int set_test_mode(void *skel_)
{
	struct kvmexittime_bpf *k = skel_;

	k->rodata->test_mode = true;
	if (kvmexittime_state_in_task(k, task))
		return -EINVAL;
	return bpf_program__set_autoload(k->progs.sched_switch_raw, true);
}

static int production(void *skel_)
{
	return kvmexittime_state_in_task(skel_, task);
}

/*
 * Test mode changes the programs: the tool's own, which the kernel
 * verifies with the state in either home (on this kernel; not attached).
 */
static void check_production_load(void)
{
	struct session s = { .before_load = production };
	struct cli c = { 0 };
	struct kvmexittime_bpf *k;
	char why[256];
	int rc;

	s.plan.exit_prog = PROG_EXIT_REASON;
	s.plan.raw = true;
	rc = session_load(&kvmexittime_ops, &c, &s, why, sizeof(why));
	k = s.skel;
	TAP_OK(!rc && bpf_program__autoload(k->progs.sched_switch_task) == task &&
	       bpf_program__autoload(k->progs.sched_switch_raw) == !task &&
	       bpf_program__autoload(k->progs.tidy_exit_raw) == !task,
	       "%s: the tool's programs load, with %s sched_switch%s%s",
	       task ? "task storage" : "hash", task ? "the tp_btf" : "the raw",
	       rc ? ": " : "", rc ? why : "");
	session_stop(&kvmexittime_ops, &s);
}

/* The script and its checks with the state in task storage or the hash. */
static void suite(void)
{
	unsigned long long events[EV_MAX];
	struct time_table t = { 0 }, t2 = { 0 }, d = { 0 };
	struct cli c = { .stats = true };	/* with histograms */
	const struct time_row *r;
	const char *home = task ? "task storage" : "hash";
	char why[256];
	int rc;

	/* kvmexittime's load path, raw programs with the <= 5.15 kvm_exit. */
	sess = (struct session){ .before_load = set_test_mode };
	sess.plan.exit_prog = PROG_EXIT_REASON;
	sess.plan.raw = true;
	rc = session_load(&kvmexittime_ops, &c, &sess, why, sizeof(why));
	TAP_OK(!rc, "%s: load in test mode%s%s", home, rc ? ": " : "", rc ? why : "");
	if (rc) {
		session_stop(&kvmexittime_ops, &sess);
		return;
	}
	skel = sess.skel;
	TAP_OK((bpf_map__fd(skel->maps.task_states) >= 0) == task &&
	       (bpf_map__fd(skel->maps.states) >= 0) == !task,
	       "%s: only the map in use is created", home);
	TAP_OK(!run(steps, sizeof(steps) / sizeof(steps[0])), "all events fired");
	TAP_OK(!kvmexittime_read(&sess, &t, events), "read stats and events");
	expect(&t, A, IOIO, 2, 2100, 500 + 200 + 500, "A IOIO, switched out three times");
	expect_split(&t, A, IOIO, 200, 1000, 1100, "A IOIO: preempted 200, asleep 1000");
	expect_split(&t, A, HLT, 0, 700, 700, "A HLT: asleep 500");
	expect(&t, B, CPUID, 1, 500, 300, "B CPUID, runnable while switched out");
	expect_split(&t, B, CPUID, 300, 500, 500, "B CPUID: a yield is run-queue time");
	r = find(&t, A, IOIO);
	/* 1000 ns: [896, 1023], bucket 35; 1100 ns: [1024, 1279], bucket 36. */
	TAP_OK(r && r->hist && r->hist[time_hist_bucket(1000)] == 1 &&
	       r->hist[time_hist_bucket(1100)] == 1 && time_hist_bucket(1000) == 35 &&
	       time_hist_bucket(1100) == 36, "A IOIO's two exits in buckets 35 and 36");
	TAP_OK(r && r->hist && time_hist_quantile(r->hist, 0.5, r->min_ns, r->max_ns) == 1000 &&
	       time_hist_quantile(r->hist, 0.99, r->min_ns, r->max_ns) == 1100,
	       "P50 and P99: bucket midpoints 960 and 1152, kept within Min and Max");
	expect(&t, A, HLT, 1, 700, 500, "A HLT, switched out while B ran");
	expect(&t, B, MSR, 2, 150 + 10, 0, "B MSR, never switched out");
	expect(&t, A, NPF, 1, 50, 0, "A NPF after an unpaired exit");
	TAP_OK(!find(&t, A, CPUID), "the unpaired CPUID exit is not timed");
	TAP_OK(!find(&t, B, HLT), "B's last exit is not completed (hash: by a later entry)");
	TAP_EQ_U64(t.n, 5, "no other rows");
	TAP_EQ_U64(events[EV_UNPAIRED_EXIT], 1, "one unpaired exit counted");
	TAP_EQ_U64(events[EV_STATE_FULL] + events[EV_STATE_NOMEM] + events[EV_STATS_FULL], 0,
		   "nothing lost");
	/* A second report covers its own interval: extremes restart. */
	TAP_OK(!run(steps2, sizeof(steps2) / sizeof(steps2[0])), "more events fired");
	TAP_OK(!kvmexittime_read(&sess, &t2, events) && !time_table_delta(&t2, &t, &d),
	       "read the next interval");
	expect(&d, A, IOIO, 1, 300, 0, "the interval's A IOIO");
	expect_split(&d, A, IOIO, 0, 300, 300, "the interval's own Min and Max");
	r = find(&d, A, IOIO);
	TAP_OK(r && r->hist && r->hist[time_hist_bucket(300)] == 1 &&
	       r->hist[time_hist_bucket(1000)] == 0, "the interval's own histogram");
	TAP_EQ_U64(d.n, 1, "no other rows in the interval");
	check_harvest(&t2);
	time_table_free(&t);
	time_table_free(&t2);
	time_table_free(&d);
	session_stop(&kvmexittime_ops, &sess);
}

int main(void)
{
	const char *why;

	if (geteuid()) {
		printf("SKIP: needs root for BPF_PROG_TEST_RUN\n");
		return 77;
	}
	task = false;
	check_production_load();
	suite();
	if (task_storage_usable(&why)) {
		task = true;
		check_production_load();
		suite();
	} else {
		printf("# SKIP the task storage suite: %s\n", why);
	}
	return tap_done();
}
