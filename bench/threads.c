// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "exit_slot.h"

#define SVM_HLT 0x78

struct thread_arg {
	struct threads *t;
	int i;
};

static void *thread_main(void *arg)
{
	struct thread_arg *a = arg;
	struct threads *t = a->t;
	__u64 args[3] = { SVM_HLT, 0, KVM_ISA_SVM };
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args, .ctx_size_in = sizeof(args));
	int ok = t->exit_fd < 0 || !bpf_prog_test_run_opts(t->exit_fd, &o);
	char c, name[16];

	/* QEMU's vCPU thread names: the reports' vCPU index (identity.c). */
	snprintf(name, sizeof(name), "CPU %d/KVM", a->i);
	pthread_setname_np(pthread_self(), name);
	t->tids[a->i] = syscall(SYS_gettid);
	pthread_mutex_lock(&t->lock);
	t->ready += ok;
	pthread_mutex_unlock(&t->lock);
	/* Switched out (inside the exit) until the end. */
	while (read(t->block[0], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

int threads_start(struct threads *t, int n, int exit_fd)
{
	pthread_attr_t attr;
	int ready;

	memset(t, 0, sizeof(*t));
	t->exit_fd = exit_fd;
	pthread_mutex_init(&t->lock, NULL);
	t->threads = calloc(n + 1, sizeof(*t->threads));
	t->args = calloc(n + 1, sizeof(*t->args));
	t->tids = calloc(n + 1, sizeof(*t->tids));
	if (!t->threads || !t->args || !t->tids || pipe(t->block))
		return -1;
	pthread_attr_init(&attr);
	/* 10 000 threads: they only block, and small stacks keep RSS low. */
	pthread_attr_setstacksize(&attr, 64 * 1024);
	for (; t->started < n; t->started++) {
		t->args[t->started] = (struct thread_arg){ t, t->started };
		if (pthread_create(&t->threads[t->started], &attr, thread_main,
				   &t->args[t->started]))
			break;
	}
	pthread_attr_destroy(&attr);
	do {
		usleep(10000);
		pthread_mutex_lock(&t->lock);
		ready = t->ready;
		pthread_mutex_unlock(&t->lock);
	} while (ready < t->started);
	/* Give the last ones time to block in read(). */
	usleep(100000);
	return ready;
}

void threads_stop(struct threads *t)
{
	int i;

	if (t->block[1] > 0)
		close(t->block[1]);
	for (i = 0; i < t->started; i++)
		pthread_join(t->threads[i], NULL);
	if (t->block[0] > 0)
		close(t->block[0]);
	free(t->threads);
	free(t->args);
	free(t->tids);
	memset(t, 0, sizeof(*t));
}
