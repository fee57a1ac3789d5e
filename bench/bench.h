/* SPDX-License-Identifier: GPL-2.0 */
/*
 * make bench: what its parts share.  Every per-event figure is the
 * kernel's own run-time statistics (bpf_prog_info run_time_ns / run_cnt)
 * of one of our programs and of the empty program of the same section on
 * the same hook (bench/empty.bpf.c), taken in the same run.
 */
#ifndef KVMEXIT_BENCH_H
#define KVMEXIT_BENCH_H

#include <pthread.h>
#include <stdbool.h>
#include <linux/types.h>
#include "session.h"

struct bpf_object;
struct bpf_program;

/* A program's cumulative run time and run count. */
struct prog_time {
	__u64 ns, cnt;
};

void prog_time(int fd, struct prog_time *t);
/* ns per run between two readings; -1 without runs. */
double prog_ns(const struct prog_time *a, const struct prog_time *b);

/* The empty program with prog's section (bench/empty.bpf.c); NULL if none. */
struct bpf_program *empty_twin(const struct bpf_program *prog);
/* One of our programs, by name, in a loaded session. */
struct bpf_program *session_prog(const struct session_ops *ops,
				 const struct session *s, const char *name);

/* Prints "what  ours  empty  ours-empty  ratio". */
void print_pair(const char *what, double ours, double empty);
void print_pair_header(const char *title);

double now_ms(void);
int pin_cpu(int cpu);

/* Loads a tool's programs the way it does (session_load), raw or classic. */
int bench_load(const struct session_ops *ops, struct cli *c, struct session *s,
	       const char *exit_prog, bool raw, int (*before_load)(void *skel));

/*
 * n threads of this process that block until threads_stop(); each first
 * runs the raw_tp program exit_fd (>= 0) once, as a vCPU entering an HLT
 * exit would: BPF_PROG_TEST_RUN runs it on the calling thread.
 */
struct thread_arg;
struct threads {
	int exit_fd;
	int block[2];		/* a pipe nobody writes to */
	pthread_t *threads;
	struct thread_arg *args;
	unsigned int *tids;
	int started, ready;
	pthread_mutex_t lock;
};

/* The number of threads that got there (ran exit_fd if given). */
int threads_start(struct threads *t, int n, int exit_fd);
void threads_stop(struct threads *t);

/* make bench's arguments: the vendor fixture object and the BTF files. */
extern const char *bench_fixture;
extern const char *const *bench_btfs;
extern int bench_nbtfs;

void bench_testrun(void);	/* programs driven by BPF_PROG_TEST_RUN */
void bench_switch(void);	/* sched_switch on real context switches */
void bench_readout(void);	/* a full table read and rendered */
void bench_startup(void);	/* the tools: start-up, detach, peak RSS */
void bench_memory(void);	/* the maps' kernel memory, per CPU */

#endif
