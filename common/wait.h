/* SPDX-License-Identifier: GPL-2.0 */
/* Waiting for a duration, Ctrl-C or SIGTERM, without a signal-handler race. */
#ifndef KVMEXIT_WAIT_H
#define KVMEXIT_WAIT_H

/*
 * Start-up: SIGINT and SIGTERM get their default action, unblocked, so a
 * signal while loading (which can stall) ends the process at once, with
 * the status a shell expects (130, 143); the kernel then drops whatever
 * was loaded, as every BPF object is held by a file descriptor.
 */
void wait_default_signals(void);

/* Right before attaching: from here a signal means "print, then exit". */
void wait_block_signals(void);

/* After a failed attach: a signal that came meanwhile ends the process. */
void wait_unblock_signals(void);

/*
 * Wait up to seconds (a value < 0 means forever).  Returns the signal
 * that ended the wait, or 0 when the time ran out.
 */
int wait_for(long long seconds);

/*
 * The same, calling fn(arg) every `every` seconds meanwhile (the time it
 * takes does not push the end back).
 */
int wait_for_each(long long seconds, long long every, void (*fn)(void *),
		  void *arg);

#endif
