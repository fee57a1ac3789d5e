// SPDX-License-Identifier: GPL-2.0
/*
 * Prints numbers, asserts nothing: per-event BPF cost of the programs (via
 * BPF_PROG_TEST_RUN with kernel run-time stats), the tools' kernel memory,
 * and kvmexit's post-processing time for a full table.  Root only.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "kvmexit.h"
#include "kvmexit.skel.h"
#include "kvmexittime.h"
#include "kvmexittime.skel.h"
#include "exit_counts.h"
#include "kvmexit_report.h"

#define RUNS 200000

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Mean kernel run time of one program run, from BPF run-time stats. */
static double ns_per_run(int prog_fd, __u64 *args, int nargs, int runs)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	__u64 t0, n0;
	int i;
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args,
		    .ctx_size_in = nargs * sizeof(__u64));

	bpf_obj_get_info_by_fd(prog_fd, &info, &len);
	t0 = info.run_time_ns;
	n0 = info.run_cnt;
	for (i = 0; i < runs; i++)
		if (bpf_prog_test_run_opts(prog_fd, &o)) {
			fprintf(stderr, "bench: test run: %s\n", strerror(errno));
			return -1;
		}
	/* the first call filled in counts the kernel would read as buffers */
	memset(&info, 0, sizeof(info));
	len = sizeof(info);
	bpf_obj_get_info_by_fd(prog_fd, &info, &len);
	if (info.run_cnt <= n0)
		fprintf(stderr, "bench: no run-time stats (run_cnt %llu)\n",
			(unsigned long long)info.run_cnt);
	return info.run_cnt > n0 ? (double)(info.run_time_ns - t0) / (info.run_cnt - n0) : -1;
}

static unsigned long long map_bytes(const struct bpf_map *m, int ncpus)
{
	unsigned long long v = bpf_map__value_size(m);
	enum bpf_map_type t = bpf_map__type(m);

	if (t == BPF_MAP_TYPE_PERCPU_HASH || t == BPF_MAP_TYPE_PERCPU_ARRAY)
		v = ((v + 7) & ~7ULL) * ncpus;
	return (v + bpf_map__key_size(m)) * bpf_map__max_entries(m);
}

static void only(struct bpf_object *obj, const char *const *names)
{
	struct bpf_program *p;
	const char *const *n;

	bpf_object__for_each_program(p, obj) {
		bool on = false;

		for (n = names; *n; n++)
			on |= !strcmp(*n, bpf_program__name(p));
		bpf_program__set_autoload(p, on);
	}
}

/* Kernel memory of kvmexit configured for an Intel host (not loaded). */
static unsigned long long vmx_bytes(int ncpus)
{
	struct kvmexit_bpf *s = kvmexit_bpf__open();
	unsigned long long total = 0;
	struct bpf_map *m;

	exit_counts_configure(s->obj, KVM_ISA_VMX);
	bpf_object__for_each_map(m, s->obj)
		total += map_bytes(m, ncpus);
	kvmexit_bpf__destroy(s);
	return total;
}

static void bench_kvmexit(int ncpus)
{
	static const char *const progs[] = { "kvm_exit_reason", NULL };
	struct kvmexit_bpf *s = kvmexit_bpf__open();
	__u64 args[3] = { 0x7b, 0, KVM_ISA_SVM };
	struct exit_table t = { 0 };
	unsigned long long total = 0;
	struct exit_count *vals;
	struct bpf_map *m;
	struct thread_key key = { 0 };
	double t0, t1;
	int fd, i, k;
	FILE *null;

	only(s->obj, progs);
	if (exit_counts_configure(s->obj, KVM_ISA_SVM) || kvmexit_bpf__load(s)) {
		fprintf(stderr, "bench: load kvmexit: %s\n", strerror(errno));
		exit(1);
	}
	printf("kvmexit kvm_exit, cache hit:          %6.1f ns/event\n",
	       ns_per_run(bpf_program__fd(s->progs.kvm_exit_reason), args, 3, RUNS));
	args[0] = 0x80000010;	/* a VMGEXIT code: the rare-code hash */
	printf("kvmexit kvm_exit, rare code:          %6.1f ns/event\n",
	       ns_per_run(bpf_program__fd(s->progs.kvm_exit_reason), args, 3, RUNS));
	bpf_object__for_each_map(m, s->obj)
		total += map_bytes(m, ncpus);
	printf("kvmexit kernel memory, AMD, %d CPUs:   %6.1f MiB (bcc: %.1f MiB)\n",
	       ncpus, total / 1048576.0, (8232.0 + 1024 * (8224 + 8)) * ncpus / 1048576.0);
	printf("kvmexit kernel memory, Intel, %d CPUs: %6.1f MiB (bcc: %.1f MiB)\n",
	       ncpus, vmx_bytes(ncpus) / 1048576.0,
	       (624.0 + 1024 * (616 + 8)) * ncpus / 1048576.0);

	/* A full table: 1024 threads, 8 reasons each, on every CPU. */
	fd = bpf_map__fd(s->maps.counts);
	vals = calloc(ncpus, sizeof(*vals));
	for (i = 0; i < ncpus; i++)
		for (k = 0; k < 8; k++)
			vals[i].ct[0x72 + k] = 10 + k;
	for (key.pid_tgid = 1; key.pid_tgid <= KVMEXIT_MAX_THREADS - 1; key.pid_tgid++)
		bpf_map_update_elem(fd, &key, vals, BPF_ANY);
	null = fopen("/dev/null", "w");
	t0 = now_s();
	exit_counts_read(s->rodata->dense_isa, bpf_map__fd(s->maps.cache), fd,
			 bpf_map__fd(s->maps.rare), NULL, &t);
	kvmexit_print_rows(null, VIEW_ALL, &t);
	t1 = now_s();
	printf("kvmexit post-processing, %zu rows:   %6.1f ms (bcc: minutes on large hosts)\n",
	       t.n, (t1 - t0) * 1e3);
	fclose(null);
	exit_table_free(&t);
	free(vals);
	kvmexit_bpf__destroy(s);
}

static struct kvmexittime_bpf *load_kvmexittime(bool test_mode, bool hist)
{
	static const char *const progs[] = { "kvm_exit_reason", "kvm_entry_raw",
					     "sched_switch_raw", NULL };
	struct kvmexittime_bpf *s = kvmexittime_bpf__open();

	only(s->obj, progs);
	s->rodata->test_mode = test_mode;
	s->rodata->want_hist = hist;
	if (!hist)
		bpf_map__set_max_entries(s->maps.hists, 1);
	if (kvmexittime_bpf__load(s)) {
		fprintf(stderr, "bench: load kvmexittime: %s\n", strerror(errno));
		exit(1);
	}
	return s;
}

static void prog_stats(int fd, __u64 *t, __u64 *n)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	bpf_obj_get_info_by_fd(fd, &info, &len);
	*t = info.run_time_ns;
	*n = info.run_cnt;
}

/*
 * Mean cost of a kvm_exit + kvm_entry pair, run alternately so that every
 * entry completes an exit (stats, min/max, the histogram when on).
 */
static double pair_ns(struct kvmexittime_bpf *s, int runs)
{
	int xfd = bpf_program__fd(s->progs.kvm_exit_reason);
	int efd = bpf_program__fd(s->progs.kvm_entry_raw);
	__u64 exit_args[3] = { 0x7b, 0, KVM_ISA_SVM }, none[1] = { 0 };
	__u64 xt0, xn0, et0, en0, xt1, xn1, et1, en1;
	LIBBPF_OPTS(bpf_test_run_opts, xo, .ctx_in = exit_args,
		    .ctx_size_in = sizeof(exit_args));
	LIBBPF_OPTS(bpf_test_run_opts, eo, .ctx_in = none, .ctx_size_in = sizeof(none));
	int i;

	prog_stats(xfd, &xt0, &xn0);
	prog_stats(efd, &et0, &en0);
	for (i = 0; i < runs; i++)
		if (bpf_prog_test_run_opts(xfd, &xo) || bpf_prog_test_run_opts(efd, &eo))
			return -1;
	prog_stats(xfd, &xt1, &xn1);
	prog_stats(efd, &et1, &en1);
	if (xn1 <= xn0 || en1 <= en0)
		return -1;
	return (double)(xt1 - xt0) / (xn1 - xn0) + (double)(et1 - et0) / (en1 - en0);
}

static void bench_kvmexittime(int ncpus)
{
	__u64 exit_args[3] = { 0x7b, 0, KVM_ISA_SVM }, none[3] = { 0 };
	__u64 sw[3] = { 0, 0, 999999 };
	unsigned long long total = 0;
	struct kvmexittime_bpf *s;
	struct bpf_map *m;
	double a, b;

	s = load_kvmexittime(false, false);
	a = pair_ns(s, RUNS);
	printf("kvmexittime kvm_exit + kvm_entry:      %5.1f ns/exit\n", a);
	bpf_object__for_each_map(m, s->obj)
		total += map_bytes(m, ncpus);
	printf("kvmexittime kernel memory, %d CPUs:    %6.1f MiB\n", ncpus,
	       total / 1048576.0);
	kvmexittime_bpf__destroy(s);

	/* --stats / --hist: the same pair, with the E2E histogram. */
	s = load_kvmexittime(false, true);
	b = pair_ns(s, RUNS);
	printf("kvmexittime kvm_exit + kvm_entry, --stats (histogram): %5.1f ns/exit (%+.1f)\n",
	       b, b - a);
	kvmexittime_bpf__destroy(s);

	/* Test mode: next is a TID, not a task to read (one probe read less). */
	s = load_kvmexittime(true, false);
	printf("kvmexittime sched_switch, no exit yet: %5.1f ns/event\n",
	       ns_per_run(bpf_program__fd(s->progs.sched_switch_raw), sw, 3, RUNS));
	ns_per_run(bpf_program__fd(s->progs.kvm_exit_reason), exit_args, 3, 1);
	ns_per_run(bpf_program__fd(s->progs.kvm_entry_raw), none, 1, 1);
	printf("kvmexittime sched_switch, not in exit: %5.1f ns/event\n",
	       ns_per_run(bpf_program__fd(s->progs.sched_switch_raw), sw, 3, RUNS));
	kvmexittime_bpf__destroy(s);
}

int main(void)
{
	int ncpus = libbpf_num_possible_cpus();
	int stats_fd;

	if (geteuid()) {
		printf("SKIP: bench needs root\n");
		return 0;
	}
	/* Kernel run-time accounting while this fd is open (5.8+). */
	stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (stats_fd < 0)
		printf("# bpf_enable_stats failed: %s; per-event numbers are -1\n",
		       strerror(errno));
	printf("# %d runs per figure; run-time stats add ~50-70 ns per run themselves\n", RUNS);
	bench_kvmexit(ncpus);
	bench_kvmexittime(ncpus);
	if (stats_fd >= 0)
		close(stats_fd);
	return 0;
}
