// SPDX-License-Identifier: GPL-2.0
/*
 * kvmexittime's sched_switch, on the host's real context switches: two
 * threads that are no vCPU play ping-pong over pipes on one CPU while N
 * vCPU threads sit switched out inside an exit (each ran the tool's own
 * kvm_exit program through BPF_PROG_TEST_RUN, which runs on the calling
 * thread, then blocked).  Our program and the empty one of the same
 * section are attached to the same tracepoint at once: same events.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "bench.h"
#include "kvmexittime_maps.h"

#define PINGS 20000
#define PONG_CPU 1

static const int vcpu_counts[] = { 0, 10, 1000 };

struct pong {
	int ab[2], ba[2];
};

static void *pong_main(void *arg)
{
	struct pong *p = arg;
	char c;

	pin_cpu(PONG_CPU);
	while (read(p->ab[0], &c, 1) == 1 && write(p->ba[1], &c, 1) == 1)
		;
	return NULL;
}

/* PINGS round trips between two threads on one CPU: 2 switches each. */
static int ping_pong(void)
{
	struct pong p;
	pthread_t t;
	char c = 0;
	int i, err = 0;

	if (pipe(p.ab) || pipe(p.ba) || pthread_create(&t, NULL, pong_main, &p))
		return -1;
	pin_cpu(PONG_CPU);
	for (i = 0; i < PINGS && !err; i++)
		err = write(p.ab[1], &c, 1) != 1 || read(p.ba[0], &c, 1) != 1;
	close(p.ab[1]);
	pthread_join(t, NULL);
	close(p.ab[0]);
	close(p.ba[0]);
	close(p.ba[1]);
	return err ? -1 : 0;
}

/* The session's sched_switch program, whatever its name and section. */
static struct bpf_program *switch_prog(const struct session *s)
{
	struct bpf_program *p;
	const char *sec;
	size_t n;

	bpf_object__for_each_program(p, kvmexittime_ops.object(s->skel)) {
		sec = bpf_program__section_name(p);
		n = strlen(sec);
		if (bpf_program__autoload(p) && n >= 13 &&
		    !strcmp(sec + n - 13, "/sched_switch"))
			return p;
	}
	return NULL;
}

/* Entering the exits takes the <= 5.15 program, which test runs can drive. */
static int with_exit_reason(void *skel)
{
	return bpf_program__set_autoload(
		bpf_object__find_program_by_name(kvmexittime_ops.object(skel),
						 PROG_EXIT_REASON), true);
}

static void one(const struct attach_plan *plan, int n)
{
	struct bpf_program *ours, *empty, *exit_prog;
	struct bpf_link *lo = NULL, *le = NULL;
	struct prog_time o0, o1, e0, e1;
	struct cli c = { 0 };
	struct threads v = { 0 };
	struct session s;
	char what[128];
	int entered = 0;

	if (bench_load(&kvmexittime_ops, &c, &s, plan->exit_prog, plan->raw,
		       with_exit_reason))
		goto out;
	ours = switch_prog(&s);
	empty = ours ? empty_twin(ours) : NULL;
	exit_prog = session_prog(&kvmexittime_ops, &s, PROG_EXIT_REASON);
	if (!empty || !exit_prog) {
		printf("# %s: no sched_switch program or twin\n", plan->exit_prog);
		goto out;
	}
	snprintf(what, sizeof(what), "%s, %4d vCPU threads in exits",
		 bpf_program__section_name(ours), n);
	entered = threads_start(&v, n, bpf_program__fd(exit_prog));
	if (entered != n) {
		printf("%-56s only %d threads got into an exit\n", what, entered);
		goto out;
	}
	lo = bpf_program__attach(ours);
	le = bpf_program__attach(empty);
	if (libbpf_get_error(lo) || libbpf_get_error(le)) {
		printf("%-56s cannot attach\n", what);
		goto out;
	}
	prog_time(bpf_program__fd(ours), &o0);
	prog_time(bpf_program__fd(empty), &e0);
	if (ping_pong()) {
		printf("%-56s ping-pong failed\n", what);
		goto out;
	}
	prog_time(bpf_program__fd(ours), &o1);
	prog_time(bpf_program__fd(empty), &e1);
	print_pair(what, prog_ns(&o0, &o1), prog_ns(&e0, &e1));
out:
	if (!libbpf_get_error(lo))
		bpf_link__destroy(lo);
	if (!libbpf_get_error(le))
		bpf_link__destroy(le);
	threads_stop(&v);
	session_stop(&kvmexittime_ops, &s);
}

void bench_switch(void)
{
	/* What the tool picks here, then each path it may take elsewhere. */
	struct attach_plan plans[3] = {
		[1] = { .exit_prog = PROG_EXIT_REASON, .raw = true },
		[2] = { .exit_prog = PROG_EXIT_RECORD, .raw = false },
	};
	size_t i, k;

	print_pair_header("kvmexittime sched_switch, real switches of threads that are no vCPU");
	if (attach_plan(ATTACH_AUTO, NULL, &plans[0]))
		return;
	printf("# the tool's choice here: %s %s\n", plans[0].raw ? "raw_tp" : "tracepoint",
	       plans[0].exit_prog);
	for (i = 0; i < 3; i++) {
		if (i && plans[i].raw == plans[0].raw)
			continue;
		for (k = 0; k < sizeof(vcpu_counts) / sizeof(vcpu_counts[0]); k++)
			one(&plans[i], vcpu_counts[k]);
	}
	pin_cpu(0);
}
