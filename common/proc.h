/* SPDX-License-Identifier: GPL-2.0 */
/* What the tools read from /proc. */
#ifndef KVMEXIT_PROC_H
#define KVMEXIT_PROC_H

#include <stdbool.h>

/* The /proc root; tests point it at a fixture tree. */
void proc_set_root(const char *root);

bool proc_pid_exists(unsigned int pid);

/*
 * The thread of process pid that QEMU named "CPU <vcpu>/KVM".  Matched
 * exactly, unlike bcc's substring search where "CPU 1" also finds
 * "CPU 10/KVM".  Returns 0 and sets *tid, or -1 when there is none.
 */
int proc_find_vcpu_thread(unsigned int pid, long long vcpu, unsigned int *tid);

#endif
