// SPDX-License-Identifier: GPL-2.0
/*
 * The baseline of make bench: an empty program of each section type on
 * each hook the tools attach to.  The kernel's own cost of running a
 * program there (the trampoline or the trace record, the run-time stats)
 * is in both figures, so our cost is the difference and the ratio.
 * Section names equal the tools' (bpf/TOOL.bpf.c): the bench pairs a program
 * with the empty one of the same section.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define EMPTY(name, sec)	\
SEC(sec)			\
int name(void *ctx)		\
{				\
	return 0;		\
}

EMPTY(e_exit_raw, "raw_tp/kvm_exit")
EMPTY(e_exit_tp, "tracepoint/kvm/kvm_exit")
EMPTY(e_entry_raw, "raw_tp/kvm_entry")
EMPTY(e_entry_tp, "tracepoint/kvm/kvm_entry")
EMPTY(e_switch_raw, "raw_tp/sched_switch")
EMPTY(e_switch_btf, "tp_btf/sched_switch")
EMPTY(e_switch_tp, "tracepoint/sched/sched_switch")
EMPTY(e_pexit_raw, "raw_tp/sched_process_exit")
EMPTY(e_pexit_tp, "tracepoint/sched/sched_process_exit")
EMPTY(e_pio_raw, "raw_tp/kvm_pio")
EMPTY(e_pio_tp, "tracepoint/kvm/kvm_pio")
EMPTY(e_msr_raw, "raw_tp/kvm_msr")
EMPTY(e_msr_tp, "tracepoint/kvm/kvm_msr")
EMPTY(e_mmio_raw, "raw_tp/kvm_mmio")
EMPTY(e_mmio_tp, "tracepoint/kvm/kvm_mmio")
