/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The classic tracepoint path: libbpf reads each tracepoint's id from
 * tracefs, which needs tracefs mounted where libbpf looks and readable.
 */
#ifndef KVMEXIT_TRACEFS_H
#define KVMEXIT_TRACEFS_H

#include <stddef.h>

/*
 * 0 when libbpf can read kvm_exit's id; mounts tracefs on
 * /sys/kernel/tracing when it is mounted nowhere and we may.  Else -errno
 * and one line in why naming what is missing and what to do.
 */
int tracefs_ensure(char *why, size_t len);

#endif
