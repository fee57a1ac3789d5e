/* SPDX-License-Identifier: GPL-2.0 */
/* Checking the threads -p, -t, -T and -v name against /proc. */
#ifndef KVMEXIT_CLI_IDS_H
#define KVMEXIT_CLI_IDS_H

#include "cli.h"

/*
 * Sets c->pidns, checks every ID (below pid_max, there, a process for -p,
 * a thread of -p's process for -t/-T, in the caller's PID namespace itself)
 * and resolves -v to its thread (c->tid).  Returns -1 to go on, or the
 * exit status after printing the error.
 */
int cli_check_ids(const struct cli_tool *tool, struct cli *c);

#endif
