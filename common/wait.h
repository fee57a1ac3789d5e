/* SPDX-License-Identifier: GPL-2.0 */
/* Waiting for a duration, Ctrl-C or SIGTERM, without a signal-handler race. */
#ifndef KVMEXIT_WAIT_H
#define KVMEXIT_WAIT_H

/* Block SIGINT and SIGTERM; call before attaching so none is lost. */
void wait_block_signals(void);

/*
 * Wait up to seconds (a value < 0 means forever).  Returns the signal
 * that ended the wait, or 0 when the time ran out.
 */
int wait_for(long long seconds);

#endif
