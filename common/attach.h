/* SPDX-License-Identifier: GPL-2.0 */
/* Which kvm_exit program to load, and why (printed with -d). */
#ifndef KVMEXIT_ATTACH_H
#define KVMEXIT_ATTACH_H

#include "cli.h"

/* Program names shared by bpf/kvmexit.bpf.c and bpf/kvmexittime.bpf.c. */
#define PROG_EXIT_VCPU "kvm_exit_vcpu"	/* raw_tp, >= 5.16 */
#define PROG_EXIT_REASON "kvm_exit_reason" /* raw_tp, <= 5.15 */
#define PROG_EXIT_RECORD "kvm_exit_record" /* classic tracepoint */

struct attach_plan {
	const char *exit_prog;	/* one of PROG_EXIT_* */
	bool raw;		/* raw tracepoints for the other hooks too */
	bool can_fall_back;	/* auto mode: the tracepoint may be tried next */
	char why[200];
};

/* 0, or an exit status after printing the reason. */
int attach_plan(enum attach_mode mode, const char *btf_path,
		struct attach_plan *plan);

/* Switch a failed raw plan to the classic tracepoint. */
void attach_plan_fall_back(struct attach_plan *plan, const char *why);

#endif
