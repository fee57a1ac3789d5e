// SPDX-License-Identifier: GPL-2.0
/*
 * make bench: prints numbers, asserts nothing.  Root only.
 *
 *   bench VENDOR_FIXTURE_OBJ BTF...
 *
 * The BTF files are tests/bpf/btf's real kernels' kvm_intel/kvm_amd: the
 * vendor-struct program runs on a fake vcpu_vmx/vcpu_svm laid out as each
 * describes (tests/bpf/vendor_fake.c).
 */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "empty.skel.h"

static struct empty_bpf *empty;

/* libbpf's warnings only with BENCH_VERBOSE: a failed case says so in a line. */
static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!getenv("BENCH_VERBOSE") || level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void prog_time(int fd, struct prog_time *t)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		memset(&info, 0, sizeof(info));
	t->ns = info.run_time_ns;
	t->cnt = info.run_cnt;
}

double prog_ns(const struct prog_time *a, const struct prog_time *b)
{
	return b->cnt > a->cnt ? (double)(b->ns - a->ns) / (b->cnt - a->cnt) : -1;
}

struct bpf_program *empty_twin(const struct bpf_program *prog)
{
	const char *sec = bpf_program__section_name(prog);
	struct bpf_program *p;

	bpf_object__for_each_program(p, empty->obj)
		if (!strcmp(bpf_program__section_name(p), sec))
			return p;
	return NULL;
}

struct bpf_program *session_prog(const struct session_ops *ops,
				 const struct session *s, const char *name)
{
	struct bpf_program *p;

	p = bpf_object__find_program_by_name(ops->object(s->skel), name);
	return p && bpf_program__fd(p) >= 0 ? p : NULL;
}

void print_pair_header(const char *title)
{
	printf("\n%s\n%-56s %9s %9s %9s %6s\n", title, "", "ours ns", "empty ns",
	       "diff ns", "ratio");
}

void print_pair(const char *what, double ours, double empty)
{
	if (ours < 0 || empty <= 0) {
		printf("%-56s %9s %9s\n", what, "n/a", "n/a");
		return;
	}
	printf("%-56s %9.1f %9.1f %9.1f %5.2fx\n", what, ours, empty, ours - empty,
	       ours / empty);
}

double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

int bench_load(const struct session_ops *ops, struct cli *c, struct session *s,
	       const char *exit_prog, bool raw, int (*before_load)(void *skel))
{
	char why[256];
	int err;

	memset(s, 0, sizeof(*s));
	s->before_load = before_load;
	s->plan.exit_prog = exit_prog;
	s->plan.raw = raw;
	err = session_load(ops, c, s, why, sizeof(why));
	if (err)
		fprintf(stderr, "bench: %s\n", why);
	return err;
}

const char *bench_fixture;
const char *const *bench_btfs;
int bench_nbtfs;

/* In this order: start-up first, as the read-out leaves this process large. */
static const struct {
	const char *name;
	void (*run)(void);
} parts[] = {
	{ "startup", bench_startup },
	{ "testrun", bench_testrun },
	{ "switch", bench_switch },
	{ "memory", bench_memory },
	{ "readout", bench_readout },
};

/* BENCH_ONLY="switch readout": only those parts. */
int main(int argc, char **argv)
{
	const char *only = getenv("BENCH_ONLY");
	size_t i;
	int stats_fd;

	if (geteuid()) {
		printf("SKIP: bench needs root\n");
		return 0;
	}
	libbpf_set_print(print_fn);
	bench_fixture = argc > 1 ? argv[1] : NULL;
	bench_btfs = (const char *const *)argv + 2;
	bench_nbtfs = argc > 2 ? argc - 2 : 0;
	/* Kernel run-time accounting while this fd is open (5.8+). */
	stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (stats_fd < 0) {
		printf("SKIP: bpf_enable_stats: %s\n", strerror(errno));
		return 0;
	}
	empty = empty_bpf__open_and_load();
	if (!empty) {
		fprintf(stderr, "bench: loading the empty programs: %s\n", strerror(errno));
		return 1;
	}
	printf("# per event: the kernel's run-time stats (run_time_ns / run_cnt) of our\n"
	       "# program and of an empty one of the same type on the same hook, same run\n");
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (!only || strstr(only, parts[i].name))
			parts[i].run();
	empty_bpf__destroy(empty);
	close(stats_fd);
	return 0;
}
