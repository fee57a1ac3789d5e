/* SPDX-License-Identifier: GPL-2.0 */
/* Clear errors for what a user can fix: privileges, /proc, /sys, BTF, KVM. */
#ifndef KVMEXIT_PREFLIGHT_H
#define KVMEXIT_PREFLIGHT_H

#include <stdbool.h>

#define CAP_DAC_READ_SEARCH_BIT 2
#define CAP_SYS_ADMIN_BIT 21
#define CAP_PERFMON_BIT 38
#define CAP_BPF_BIT 39

/* 0, or EXIT_RUNTIME after one line saying what to do. */
int preflight(const char *btf_path);

/* 0, or EXIT_RUNTIME after one line: the tools read /proc. */
int preflight_proc(void);

/* Whether the capability is in this process's effective set. */
bool has_cap(int bit);

#endif
