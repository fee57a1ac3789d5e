// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <signal.h>
#include <time.h>
#include "wait.h"

static sigset_t stop_signals;

void wait_default_signals(void)
{
	/*
	 * A shell starts background jobs with SIGINT ignored, and an ignored
	 * signal is dropped even while blocked: "kvmexit & ... kill -INT"
	 * must still stop it.  A blocked mask may be inherited too.
	 */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	sigprocmask(SIG_UNBLOCK, &stop_signals, NULL);
}

void wait_block_signals(void)
{
	sigprocmask(SIG_BLOCK, &stop_signals, NULL);
}

void wait_unblock_signals(void)
{
	/* A signal that came meanwhile is delivered now: the default kills. */
	sigprocmask(SIG_UNBLOCK, &stop_signals, NULL);
}

/* Until end (CLOCK_MONOTONIC), or forever when end is NULL. */
static int wait_until(const struct timespec *end)
{
	struct timespec now, left;
	int sig;

	for (;;) {
		if (!end) {
			sig = sigwaitinfo(&stop_signals, NULL);
		} else {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec > end->tv_sec ||
			    (now.tv_sec == end->tv_sec && now.tv_nsec >= end->tv_nsec))
				return 0;
			left.tv_sec = end->tv_sec - now.tv_sec;
			left.tv_nsec = end->tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_sec--;
				left.tv_nsec += 1000000000L;
			}
			sig = sigtimedwait(&stop_signals, NULL, &left);
		}
		if (sig > 0)
			return sig;
		if (errno == EAGAIN)
			return 0;
		/* EINTR from SIGSTOP/SIGCONT: keep waiting */
	}
}

int wait_for_each(long long seconds, long long every, void (*fn)(void *),
		  void *arg)
{
	struct timespec end, step;
	int sig;

	/* Beyond ~35000 years is forever, and keeps tv_sec from overflowing. */
	if (seconds > (1LL << 40))
		seconds = -1;
	clock_gettime(CLOCK_MONOTONIC, &end);
	step = end;
	end.tv_sec += seconds;
	for (;;) {
		step.tv_sec += every;
		/* The last step ends at the end, not a period after the start. */
		if (!fn || (seconds >= 0 && (step.tv_sec > end.tv_sec ||
		    (step.tv_sec == end.tv_sec && step.tv_nsec >= end.tv_nsec))))
			return wait_until(seconds < 0 ? NULL : &end);
		sig = wait_until(&step);
		if (sig)
			return sig;
		fn(arg);
	}
}

int wait_for(long long seconds)
{
	return wait_for_each(seconds, 0, NULL, NULL);
}
