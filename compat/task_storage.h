/* SPDX-License-Identifier: GPL-2.0 */
/* Whether the running kernel lets tracing programs keep state in a task. */
#ifndef KVMEXIT_COMPAT_TASK_STORAGE_H
#define KVMEXIT_COMPAT_TASK_STORAGE_H

#include <stdbool.h>

/*
 * True when a raw tracepoint program can reach the current task's storage
 * and a BTF tracepoint (tp_btf) can be loaded; why names what is missing
 * otherwise.  Needs the privileges of a BPF load.
 */
bool task_storage_usable(const char **why);

#endif
