/* SPDX-License-Identifier: GPL-2.0 */
/* Clear errors for what a user can fix: privileges, BTF, KVM. */
#ifndef KVMEXIT_PREFLIGHT_H
#define KVMEXIT_PREFLIGHT_H

/* 0, or EXIT_RUNTIME after one line saying what to do. */
int preflight(const char *btf_path);

#endif
