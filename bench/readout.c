// SPDX-License-Identifier: GPL-2.0
/*
 * A large host's full table, 10 000 threads x 20 exit reasons, read from
 * the kernel's maps and rendered by the tools' own code (common/), text,
 * JSON and the Prometheus file.  The threads are real (this process's,
 * blocked), so the VM and vCPU lookups of JSON and Prometheus read /proc
 * as the tools would.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "bench.h"
#include "exit_counts.h"
#include "identity.h"
#include "kvmexit_maps.h"
#include "kvmexit_report.h"
#include "kvmexittime_maps.h"
#include "kvmexittime_report.h"
#include "proc.h"
#include "report.h"
#include "report_json.h"
#include "report_prom.h"

#define THREADS 10000
#define REASONS 20
#define CODE0 0x60	/* SVM INTR..: 20 codes with dense slots */

static const char prom_path[] = "/tmp/kvmexit-bench.prom";

static int as_svm_host(void *skel)
{
	return exit_counts_configure(kvmexit_ops.object(skel), KVM_ISA_SVM);
}

/* kvmexittime's default table is 16384 pairs: room for the whole table. */
static int room_for_all(void *skel)
{
	return bpf_map__set_max_entries(
		bpf_object__find_map_by_name(kvmexittime_ops.object(skel), "stats"),
		THREADS * REASONS);
}

/*
 * A thread's start time as the BPF programs read it, to the tick /proc
 * shows: the harvest then finds every filled thread alive, as on a host.
 */
static unsigned long long start_ns(unsigned int tid)
{
	unsigned long long ticks = 0;

	proc_start_ticks(getpid(), tid, &ticks);
	return ticks * (1000000000ULL / sysconf(_SC_CLK_TCK));
}

/*
 * A map update, waiting out ENOMEM: maps of the bench's earlier parts
 * give their per-CPU memory back a while after they are closed, and 6.1+
 * allocates these entries on use.
 */
static int update(int fd, const void *key, const void *val)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		if (!bpf_map_update_elem(fd, key, val, BPF_ANY))
			return 0;
		if (errno != ENOMEM)
			break;
		usleep(100000);
	}
	return -errno;
}

/* kvmexit's per-thread counters: REASONS reasons for each thread, per CPU. */
static int fill_kvmexit(const struct session *s, const unsigned int *tids, int n)
{
	struct bpf_map *m = bpf_object__find_map_by_name(kvmexit_ops.object(s->skel),
							 "counts");
	int ncpus = libbpf_num_possible_cpus(), i, cpu, r, err = 0;
	size_t vsz = bpf_map__value_size(m);
	unsigned char *vals = calloc(ncpus, vsz);
	struct thread_key key;

	if (!vals)
		return -ENOMEM;
	for (cpu = 0; cpu < ncpus; cpu++)
		for (r = 0; r < REASONS; r++)
			((__u64 *)(vals + cpu * vsz))[exit_slot(KVM_ISA_SVM, KVM_ISA_SVM,
								CODE0 + r)] = 1 + r;
	for (i = 0; i < n && !err; i++) {
		key.pid_tgid = (__u64)getpid() << 32 | tids[i];
		key.start_ns = start_ns(tids[i]);
		err = update(bpf_map__fd(m), &key, vals);
	}
	free(vals);
	return err;
}

static int fill_kvmexittime(const struct session *s, const unsigned int *tids, int n)
{
	struct bpf_map *m = bpf_object__find_map_by_name(kvmexittime_ops.object(s->skel),
							 "stats");
	int ncpus = libbpf_num_possible_cpus(), i, cpu, r, err = 0;
	struct time_val *vals = calloc(ncpus, sizeof(*vals));
	struct time_key key = { .isa = KVM_ISA_SVM };

	if (!vals)
		return -ENOMEM;
	for (cpu = 0; cpu < ncpus; cpu++)
		vals[cpu] = (struct time_val){ .count = 3, .e2e_ns = 3000, .sched_ns = 1000,
					       .runq_ns = 100, .min_ns = 900, .max_ns = 1100 };
	for (i = 0; i < n && !err; i++)
		for (r = 0; r < REASONS && !err; r++) {
			key.pid_tgid = (__u64)getpid() << 32 | tids[i];
			key.start_ns = start_ns(tids[i]);
			key.code = CODE0 + r;
			err = update(bpf_map__fd(m), &key, vals);
		}
	free(vals);
	return err;
}

static FILE *null_out(void)
{
	return fopen("/dev/null", "w");
}

static void row(const char *what, size_t rows, double ms)
{
	printf("%-44s %8zu rows %9.1f ms\n", what, rows, ms);
}

static void kvmexit_readout(const struct threads *th)
{
	struct pid_epoch epoch = { 0 };
	static const char *const loss_keys[LOSS_MAX] = { 0 };
	const struct counter_names names = { loss_keys, LOSS_MAX };
	struct cli c = { .max_threads = THREADS };
	unsigned long long losses[LOSS_MAX];
	struct prom_state prom = { .path = prom_path };
	struct exit_table t = { 0 }, copy = { 0 };
	struct report_meta meta;
	enum cli_view view = cli_view(&c);
	struct session s;
	double t0;
	FILE *f = null_out();
	int pass;

	if (!f || bench_load(&kvmexit_ops, &c, &s, PROG_EXIT_REASON, true, as_svm_host) ||
	    fill_kvmexit(&s, th->tids, th->started)) {
		printf("kvmexit: cannot fill a full table\n");
		goto out;
	}
	report_begin(&meta, "kvmexit", &c, true, PROG_EXIT_REASON);
	/* Each report first looks for threads that have exited: none here. */
	t0 = now_ms();
	kvmexit_harvest(&s, &epoch, &copy);
	row("kvmexit harvest check, first (start times read)", THREADS, now_ms() - t0);
	t0 = now_ms();
	kvmexit_harvest(&s, &epoch, &copy);
	row("kvmexit harvest check, next (IDs looked up)", THREADS, now_ms() - t0);
	t0 = now_ms();
	kvmexit_read(&s, &t, losses);
	row("kvmexit read (maps to rows)", t.n, now_ms() - t0);
	exit_table_copy(&copy, &t);
	t0 = now_ms();
	kvmexit_print_rows(f, view, &copy);
	row("kvmexit text report", copy.n, now_ms() - t0);
	identity_start(0);
	/* The first pass reads each thread's name from /proc; later ones are cached. */
	for (pass = 1; pass <= 2; pass++) {
		copy.n = 0;
		exit_table_copy(&copy, &t);
		t0 = now_ms();
		report_end(&meta);
		report_json_counts(f, &meta, &copy, view, losses, &names);
		row(pass == 1 ? "kvmexit --json report, first" : "kvmexit --json report, next",
		    copy.n, now_ms() - t0);
		t0 = now_ms();
		prom_add_counts(&prom, &t);
		prom_write(&prom);
		row(pass == 1 ? "kvmexit --prometheus file, first" :
			"kvmexit --prometheus file, next", t.n, now_ms() - t0);
	}
out:
	identity_reset();
	prom_free(&prom);
	exit_table_free(&t);
	exit_table_free(&copy);
	session_stop(&kvmexit_ops, &s);
	if (f)
		fclose(f);
}

static void kvmexittime_readout(const struct threads *th)
{
	struct pid_epoch epoch = { 0 };
	static const char *const event_keys[EV_MAX] = { 0 };
	const struct counter_names names = { event_keys, EV_MAX };
	struct time_report_opts o = { .per_thread = true, .unit_ns = 1, .unit = "ns" };
	struct prom_state prom = { .path = prom_path, .times = true };
	struct cli c = { .max_threads = THREADS, .alltids = true };
	unsigned long long events[EV_MAX];
	struct time_table t = { 0 };
	struct report_meta meta;
	struct session s;
	double t0;
	FILE *f = null_out();
	int pass;

	if (!f || bench_load(&kvmexittime_ops, &c, &s, PROG_EXIT_REASON, true, room_for_all) ||
	    fill_kvmexittime(&s, th->tids, th->started)) {
		printf("kvmexittime: cannot fill a full table\n");
		goto out;
	}
	report_begin(&meta, "kvmexittime", &c, true, PROG_EXIT_REASON);
	t0 = now_ms();
	kvmexittime_harvest(&s, &epoch, &t);
	row("kvmexittime harvest check, first", THREADS * REASONS, now_ms() - t0);
	t0 = now_ms();
	kvmexittime_harvest(&s, &epoch, &t);
	row("kvmexittime harvest check, next", THREADS * REASONS, now_ms() - t0);
	t0 = now_ms();
	kvmexittime_read(&s, &t, events);
	row("kvmexittime read (maps to rows)", t.n, now_ms() - t0);
	t0 = now_ms();
	kvmexittime_print_table(f, &t, &o);
	row("kvmexittime text report, per thread", t.n, now_ms() - t0);
	identity_start(0);
	for (pass = 1; pass <= 2; pass++) {
		t0 = now_ms();
		report_end(&meta);
		report_json_times(f, &meta, &t, &o, events, &names);
		row(pass == 1 ? "kvmexittime --json report, first" :
			"kvmexittime --json report, next", t.n, now_ms() - t0);
		t0 = now_ms();
		prom_add_times(&prom, &t);
		prom_write(&prom);
		row(pass == 1 ? "kvmexittime --prometheus file, first" :
			"kvmexittime --prometheus file, next", t.n, now_ms() - t0);
	}
out:
	identity_reset();
	prom_free(&prom);
	time_table_free(&t);
	session_stop(&kvmexittime_ops, &s);
	if (f)
		fclose(f);
}

void bench_readout(void)
{
	struct threads th;

	printf("\nRead-out of a full table, %d threads x %d reasons (real threads)\n",
	       THREADS, REASONS);
	if (threads_start(&th, THREADS, -1) != THREADS) {
		printf("# cannot start %d threads\n", THREADS);
		goto out;
	}
	kvmexit_readout(&th);
	kvmexittime_readout(&th);
out:
	threads_stop(&th);
	unlink(prom_path);
}
