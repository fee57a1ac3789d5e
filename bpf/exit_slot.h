/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Contract shared by the BPF programs and user space: how an exit code maps
 * to a slot of the dense per-thread counter array.
 *
 * The array serves the host's own ISA (user space picks it before load:
 * kvm_intel or kvm_amd), sized for the codes that ISA defines, so it stays
 * small on hosts with many CPUs: the per-CPU hash holds 1024 threads times
 * this array on every CPU.  Codes outside it (SEV VMGEXIT codes,
 * SVM_EXIT_ERR, reasons added later, the other ISA) go to a small "rare"
 * hash instead of being dropped as bcc drops them.
 */
#ifndef KVMEXIT_EXIT_SLOT_H
#define KVMEXIT_EXIT_SLOT_H

/* The tracepoint's isa argument/field (arch/x86/kvm/trace.h). */
#define KVM_ISA_VMX 1
#define KVM_ISA_SVM 2

/* VMX basic reasons 0..95 (highest defined today: 85, MSR_WRITE_IMM). */
#define VMX_SLOTS 96
/* SVM codes 0x000..0x0af (highest defined below 0x400: 0xa6, IDLE_HLT). */
#define SVM_LOW_SLOTS 0xb0
/* SVM codes 0x400..0x407: NPF, AVIC_*, VMGEXIT. */
#define SVM_HIGH_BASE 0x400
#define SVM_HIGH_SLOTS 8

/* Room for the larger of the two ISAs. */
#define EXIT_SLOTS (SVM_LOW_SLOTS + SVM_HIGH_SLOTS)

/* VMX reports flag bits (FAILED_VMENTRY, bus lock, SMI...) in 31:16. */
#define VMX_BASIC_REASON_MASK 0xffff

/* Normalise what a tracepoint or vendor struct reported. */
static inline unsigned int exit_code_normalise(unsigned int isa,
					       unsigned long long raw)
{
	if (isa == KVM_ISA_VMX)
		return (unsigned int)raw & VMX_BASIC_REASON_MASK;
	/*
	 * SVM's exit_code is u64 since 7.0 but the tracepoint record keeps
	 * u32: truncate so every attach path reports the same code.
	 */
	return (unsigned int)raw;
}

/*
 * Slot of a normalised code when the array serves dense_isa, or EXIT_SLOTS
 * when the code goes to the rare hash.
 */
static inline unsigned int exit_slot(unsigned int dense_isa, unsigned int isa,
				     unsigned int code)
{
	if (isa != dense_isa)
		return EXIT_SLOTS;
	if (isa == KVM_ISA_VMX)
		return code < VMX_SLOTS ? code : EXIT_SLOTS;
	if (code < SVM_LOW_SLOTS)
		return code;
	if (code - SVM_HIGH_BASE < SVM_HIGH_SLOTS)
		return SVM_LOW_SLOTS + (code - SVM_HIGH_BASE);
	return EXIT_SLOTS;
}

/* The code of a slot < EXIT_SLOTS of an array serving dense_isa. */
static inline unsigned int exit_slot_code(unsigned int dense_isa,
					  unsigned int slot)
{
	if (dense_isa == KVM_ISA_SVM && slot >= SVM_LOW_SLOTS)
		return SVM_HIGH_BASE + (slot - SVM_LOW_SLOTS);
	return slot;
}

#endif
