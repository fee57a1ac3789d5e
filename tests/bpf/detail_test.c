// SPDX-License-Identifier: GPL-2.0
/*
 * Drives both tools' --detail programs (kvm_pio, kvm_msr, kvm_mmio raw
 * tracepoints) with BPF_PROG_TEST_RUN between their real kvm_exit (and
 * kvmexittime's kvm_entry) programs, loaded and read through the tools'
 * own code (common/session.c, common/TOOL_maps.c), and checks the exact
 * detail rows, the unattributed events and a full detail table; and that
 * without --detail no detail program is loaded.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "kvmexit.h"
#include "kvmexit.skel.h"
#include "kvmexittime.h"
#include "kvmexittime.skel.h"
#include "attach.h"
#include "detail_table.h"
#include "kvmexit_maps.h"
#include "kvmexittime_maps.h"
#include "proc.h"
#include "session.h"
#include "task_storage.h"
#include "../lib/tap.h"

#define SVM_IOIO 0x7b
#define SVM_MSR 0x7c
#define SVM_NPF 0x400

static struct session sess;
static unsigned int me;

static int fire(struct bpf_program *p, __u64 a0, __u64 a1, __u64 a2, __u64 a3)
{
	__u64 args[5] = { a0, a1, a2, a3, 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args, .ctx_size_in = sizeof(args));

	return bpf_prog_test_run_opts(bpf_program__fd(p), &o) ? -errno : 0;
}

static unsigned long long count_of(const struct detail_table *t, unsigned int kind,
				   unsigned long long key, unsigned int dir,
				   unsigned int size, unsigned long long *e2e)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct detail_row *r = &t->rows[i];

		if ((unsigned int)r->pid_tgid == me && r->kind == kind &&
		    r->key == key && r->dir == dir && r->size == size) {
			if (e2e)
				*e2e = r->e2e_ns;
			return r->count;
		}
	}
	return 0;
}

static int shrink_details(void *skel)
{
	return bpf_map__set_max_entries(((struct kvmexit_bpf *)skel)->maps.details, 2);
}

static int load(const struct session_ops *ops, bool detail, bool raw,
		int (*before)(void *))
{
	struct cli c = { .detail = detail };
	char why[256];
	int rc;

	memset(&sess, 0, sizeof(sess));
	sess.before_load = before;
	sess.plan.exit_prog = raw ? PROG_EXIT_REASON : PROG_EXIT_RECORD;
	sess.plan.raw = raw;
	rc = session_load(ops, &c, &sess, why, sizeof(why));
	if (rc)
		printf("# %s\n", why);
	return rc;
}

/* Which detail programs the load path turned on. */
static int detail_progs_loaded(void)
{
	const struct session_ops *ops = &kvmexit_ops;
	struct bpf_program *p;
	int n = 0;

	bpf_object__for_each_program(p, ops->object(sess.skel))
		if (!strncmp(bpf_program__name(p), "detail_", 7) &&
		    bpf_program__autoload(p))
			n++;
	return n;
}

static void test_autoload(void)
{
	TAP_OK(!load(&kvmexit_ops, false, true, NULL), "kvmexit loads without --detail");
	TAP_EQ_U64(detail_progs_loaded(), 0, "no detail program without --detail");
	session_stop(&kvmexit_ops, &sess);
	TAP_OK(!load(&kvmexit_ops, true, true, NULL), "kvmexit loads with --detail, raw");
	TAP_EQ_U64(detail_progs_loaded(), 3, "the three raw detail programs");
	session_stop(&kvmexit_ops, &sess);
	TAP_OK(!load(&kvmexit_ops, true, false, NULL), "kvmexit loads with --detail, tracepoint");
	TAP_EQ_U64(detail_progs_loaded(), 3, "the three tracepoint detail programs");
	session_stop(&kvmexit_ops, &sess);
}

static void test_kvmexit(void)
{
	unsigned long long losses[LOSS_MAX];
	struct detail_table t = { 0 };
	struct exit_table et = { 0 };
	struct kvmexit_bpf *s;
	int err = 0;

	TAP_OK(!load(&kvmexit_ops, true, true, NULL), "load kvmexit --detail");
	s = sess.skel;
	/* Before any exit: nothing to attribute it to. */
	err |= fire(s->progs.detail_pio_raw, 1, 0x80, 1, 1);
	err |= fire(s->progs.kvm_exit_reason, SVM_IOIO, 0, KVM_ISA_SVM, 0);
	err |= fire(s->progs.detail_pio_raw, 1, 0x80, 1, 1);
	err |= fire(s->progs.kvm_exit_reason, SVM_IOIO, 0, KVM_ISA_SVM, 0);
	err |= fire(s->progs.detail_pio_raw, 0, 0x80, 2, 1);
	/* The IN's completion after user space served it: the same access. */
	err |= fire(s->progs.detail_pio_raw, 0, 0x80, 2, 1);
	err |= fire(s->progs.kvm_exit_reason, SVM_MSR, 0, KVM_ISA_SVM, 0);
	err |= fire(s->progs.detail_msr_raw, 0, 0x1a0, 0, 0);
	/* A second, different detail in one exit: not guessed. */
	err |= fire(s->progs.detail_msr_raw, 1, 0x1a0, 0, 0);
	err |= fire(s->progs.kvm_exit_reason, SVM_MSR, 0, KVM_ISA_SVM, 0);
	err |= fire(s->progs.detail_msr_raw, 1, 0x6e0, 5, 0);
	err |= fire(s->progs.kvm_exit_reason, SVM_NPF, 0, KVM_ISA_SVM, 0);
	/* An MMIO read user space serves: unsatisfied, then read. */
	err |= fire(s->progs.detail_mmio_raw, 0, 4, 0xfee00030, 0);
	err |= fire(s->progs.detail_mmio_raw, 1, 4, 0xfee00030, 0);
	err |= fire(s->progs.kvm_exit_reason, SVM_NPF, 0, KVM_ISA_SVM, 0);
	err |= fire(s->progs.detail_mmio_raw, 2, 8, 0xfed00ff8, 0);
	TAP_OK(!err, "events fired");
	TAP_OK(!kvmexit_read(&sess, &et, losses) && !kvmexit_read_details(&sess, &t),
	       "read counts and details");
	TAP_EQ_U64(count_of(&t, DETAIL_IO, 0x80, DETAIL_WRITE, 1, NULL), 1, "IO 0x80 out 1");
	TAP_EQ_U64(count_of(&t, DETAIL_IO, 0x80, DETAIL_READ, 2, NULL), 1,
		   "IO 0x80 in 2, its completion not counted again");
	TAP_EQ_U64(count_of(&t, DETAIL_MSR, 0x1a0, DETAIL_READ, 0, NULL), 1, "MSR 0x1a0 read");
	TAP_EQ_U64(count_of(&t, DETAIL_MSR, 0x1a0, DETAIL_WRITE, 0, NULL), 0,
		   "the exit's second MSR event not attributed");
	TAP_EQ_U64(count_of(&t, DETAIL_MSR, 0x6e0, DETAIL_WRITE, 0, NULL), 1, "MSR 0x6e0 write");
	TAP_EQ_U64(count_of(&t, DETAIL_MMIO, 0xfee00000, DETAIL_READ, 4, NULL), 1,
		   "MMIO read of page 0xfee00000, once");
	TAP_EQ_U64(count_of(&t, DETAIL_MMIO, 0xfed00000, DETAIL_WRITE, 8, NULL), 1,
		   "MMIO write of page 0xfed00000");
	TAP_EQ_U64(t.n, 6, "no other detail rows");
	TAP_EQ_U64(losses[LOSS_DETAIL_UNATTRIBUTED], 2, "two events not attributed");
	TAP_EQ_U64(losses[LOSS_DETAIL_FULL], 0, "the table was not full");
	exit_table_free(&et);
	detail_table_free(&t);
	session_stop(&kvmexit_ops, &sess);

	TAP_OK(!load(&kvmexit_ops, true, true, shrink_details), "load with room for 2 details");
	s = sess.skel;
	err = 0;
	for (unsigned int port = 0x60; port < 0x63; port++) {
		err |= fire(s->progs.kvm_exit_reason, SVM_IOIO, 0, KVM_ISA_SVM, 0);
		err |= fire(s->progs.detail_pio_raw, 1, port, 1, 1);
	}
	TAP_OK(!err && !kvmexit_read(&sess, &et, losses) &&
	       !kvmexit_read_details(&sess, &t), "three ports, read");
	TAP_EQ_U64(t.n, 2, "two rows");
	TAP_EQ_U64(losses[LOSS_DETAIL_FULL], 1, "the third counted as lost");
	exit_table_free(&et);
	detail_table_free(&t);
	session_stop(&kvmexit_ops, &sess);
}

/* A vCPU thread's life: an IO exit with its detail, then it ends. */
static void *short_life(void *arg)
{
	struct kvmexit_bpf *s = sess.skel;
	int *err = arg;

	*err = fire(s->progs.kvm_exit_reason, SVM_IOIO, 0, KVM_ISA_SVM, 0) |
	       fire(s->progs.detail_pio_raw, 1, 0x70, 1, 1);
	return NULL;
}

/*
 * Issue 15: after the report that has them, the detail rows and the exit
 * mark of a thread that has exited leave the kernel's tables.
 */
static void test_gone(void)
{
	struct pid_epoch epoch = { 0 };
	struct detail_table prev = { 0 }, gone = { 0 }, t = { 0 };
	struct exit_table retired = { 0 };
	struct detail_key dkey;
	struct kvmexit_bpf *s;
	unsigned int tid;
	pthread_t th;
	int err = -1;

	TAP_OK(!load(&kvmexit_ops, true, true, NULL), "load kvmexit --detail");
	s = sess.skel;
	TAP_OK(!pthread_create(&th, NULL, short_life, &err) && !pthread_join(th, NULL) && !err,
	       "a thread fires an IO exit with its port, and ends");
	TAP_OK(!fire(s->progs.kvm_exit_reason, SVM_IOIO, 0, KVM_ISA_SVM, 0) &&
	       !fire(s->progs.detail_pio_raw, 1, 0x71, 1, 1), "this thread does too");
	TAP_OK(!detail_table_gone(kvmexit_details_fd(&sess), &gone) && gone.n == 1,
	       "before the read: one detail key of a thread that has exited");
	TAP_OK(!kvmexit_harvest(&sess, &epoch, &retired) && retired.n == 1, "harvest its IO exit");
	TAP_OK(!bpf_map_get_next_key(bpf_map__fd(s->maps.marks), NULL, &tid) && tid == me &&
	       bpf_map_get_next_key(bpf_map__fd(s->maps.marks), &tid, &tid),
	       "only this thread's exit mark is left");
	TAP_OK(!kvmexit_read_details(&sess, &prev) && prev.n == 2, "the report reads both details");
	detail_table_forget(kvmexit_details_fd(&sess), &gone, &prev);
	TAP_OK(prev.n == 1 && (unsigned int)prev.rows[0].pid_tgid == me,
	       "the base of the next report keeps the live thread's");
	TAP_OK(!bpf_map_get_next_key(kvmexit_details_fd(&sess), NULL, &dkey) &&
	       (unsigned int)dkey.pid_tgid == me &&
	       bpf_map_get_next_key(kvmexit_details_fd(&sess), &dkey, &dkey),
	       "and so does the kernel's table");
	TAP_OK(!kvmexit_read_details(&sess, &t) && t.n == 1, "a read finds it alone");
	detail_table_free(&prev);
	detail_table_free(&gone);
	detail_table_free(&t);
	exit_table_free(&retired);
	session_stop(&kvmexit_ops, &sess);
}
static bool task;	/* kvmexittime's exit state in task storage, or the hash */

static int set_test_mode(void *skel)
{
	((struct kvmexittime_bpf *)skel)->rodata->test_mode = true;
	return kvmexittime_state_in_task(skel, task);
}

static int at(struct kvmexittime_bpf *s, unsigned long long now)
{
	s->bss->test_now = now;
	return 0;
}

static void test_kvmexittime(void)
{
	unsigned long long events[EV_MAX], e2e = 0;
	struct detail_table t = { 0 };
	struct time_table tt = { 0 };
	struct kvmexittime_bpf *s;
	int err = 0;

	TAP_OK(!load(&kvmexittime_ops, true, true, set_test_mode),
	       "load kvmexittime --detail in test mode, state in %s",
	       task ? "task storage" : "the hash");
	s = sess.skel;
	err |= at(s, 100) | fire(s->progs.kvm_exit_reason, SVM_IOIO, 0, KVM_ISA_SVM, 0);
	err |= fire(s->progs.detail_pio_raw, 1, 0x3f8, 1, 1);
	err |= at(s, 400) | fire(s->progs.kvm_entry_raw, 0, 0, 0, 0);
	/* After kvm_entry: no exit in progress. */
	err |= fire(s->progs.detail_pio_raw, 1, 0x3f8, 1, 1);
	err |= at(s, 1000) | fire(s->progs.kvm_exit_reason, SVM_MSR, 0, KVM_ISA_SVM, 0);
	err |= fire(s->progs.detail_msr_raw, 1, 0x830, 0, 0);
	err |= at(s, 1100) | fire(s->progs.kvm_entry_raw, 0, 0, 0, 0);
	err |= at(s, 2000) | fire(s->progs.kvm_exit_reason, SVM_IOIO, 0, KVM_ISA_SVM, 0);
	err |= fire(s->progs.detail_pio_raw, 1, 0x3f8, 1, 1);
	err |= at(s, 2500) | fire(s->progs.kvm_entry_raw, 0, 0, 0, 0);
	/* An exit without a detail adds no detail row. */
	err |= at(s, 3000) | fire(s->progs.kvm_exit_reason, SVM_NPF, 0, KVM_ISA_SVM, 0);
	err |= at(s, 3010) | fire(s->progs.kvm_entry_raw, 0, 0, 0, 0);
	TAP_OK(!err, "events fired");
	TAP_OK(!kvmexittime_read(&sess, &tt, events) &&
	       !kvmexittime_read_details(&sess, &t), "read times and details");
	TAP_EQ_U64(count_of(&t, DETAIL_IO, 0x3f8, DETAIL_WRITE, 1, &e2e), 2, "IO 0x3f8 out 1");
	TAP_EQ_U64(e2e, 300 + 500, "its E2E time");
	TAP_EQ_U64(count_of(&t, DETAIL_MSR, 0x830, DETAIL_WRITE, 0, &e2e), 1,
		   "MSR 0x830 write");
	TAP_EQ_U64(e2e, 100, "its E2E time");
	TAP_EQ_U64(t.n, 2, "no other detail rows");
	TAP_EQ_U64(events[EV_DETAIL_UNATTRIBUTED], 1, "one event not attributed");
	time_table_free(&tt);
	detail_table_free(&t);
	session_stop(&kvmexittime_ops, &sess);
}

int main(void)
{
	const char *why;

	if (geteuid()) {
		printf("SKIP: needs root for BPF_PROG_TEST_RUN\n");
		return 77;
	}
	me = syscall(SYS_gettid);
	test_autoload();
	test_kvmexit();
	test_gone();
	test_kvmexittime();
	if (task_storage_usable(&why)) {
		task = true;
		test_kvmexittime();
	} else {
		printf("# SKIP kvmexittime with task storage: %s\n", why);
	}
	return tap_done();
}
