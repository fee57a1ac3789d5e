// SPDX-License-Identifier: GPL-2.0
/*
 * The tools as a user runs them (./kvmexit, ./kvmexittime from the source
 * tree): exec to the first line on stdout, which each prints once its
 * programs are attached; SIGINT to exit, which is the last read, the
 * report and the detach; and the peak RSS the kernel recorded.
 */
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "bench.h"

#define STARTS 10

struct start {
	double attach_ms, exit_ms;
	long maxrss_kb;
};

static int start_one(const char *tool, struct start *r)
{
	char *argv[] = { (char *)tool, NULL };
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	int out[2], status, err;
	char buf[4096];
	double t0, t1;
	pid_t pid;

	if (pipe(out))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	posix_spawn_file_actions_addclose(&fa, out[1]);
	/*
	 * Not fork(): its child counts the parent's pages in its peak RSS
	 * until exec.  glibc's posix_spawn shares the memory instead.
	 */
	t0 = now_ms();
	err = posix_spawn(&pid, tool, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	if (err) {
		close(out[0]);
		return -1;
	}
	if (read(out[0], buf, sizeof(buf)) <= 0)
		goto fail;
	t1 = now_ms();
	r->attach_ms = t1 - t0;
	kill(pid, SIGINT);
	while (read(out[0], buf, sizeof(buf)) > 0)
		;
	if (wait4(pid, &status, 0, &ru) != pid)
		goto fail;
	r->exit_ms = now_ms() - t1;
	r->maxrss_kb = ru.ru_maxrss;
	close(out[0]);
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
fail:
	close(out[0]);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

static void startup(const char *tool)
{
	double a = 0, e = 0, amin = 1e9, amax = 0;
	struct start r;
	long rss = 0;
	int i;

	for (i = 0; i < STARTS; i++) {
		if (start_one(tool, &r)) {
			printf("%-14s did not start (is it built? root?)\n", tool);
			return;
		}
		a += r.attach_ms;
		e += r.exit_ms;
		amin = r.attach_ms < amin ? r.attach_ms : amin;
		amax = r.attach_ms > amax ? r.attach_ms : amax;
		rss = r.maxrss_kb > rss ? r.maxrss_kb : rss;
	}
	printf("%-14s %8.1f (%.1f-%.1f) %12.1f %12.1f\n", tool, a / STARTS, amin, amax,
	       e / STARTS, rss / 1024.0);
}

void bench_startup(void)
{
	printf("\nThe tools, mean of %d starts   start-up to attached ms     "
	       "exit+detach ms  peak RSS MiB\n", STARTS);
	startup("./kvmexit");
	startup("./kvmexittime");
}
