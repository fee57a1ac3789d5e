/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Contract shared by the BPF programs and user space: how an exit code of
 * either ISA maps to a slot of the dense per-thread counter array.
 *
 * bcc sizes its array by the largest code of one vendor (77 for VMX, 1028
 * for SVM) and drops everything else.  We keep both ISAs in one array so a
 * host's vendor never has to be guessed, and send the few codes outside the
 * dense ranges (SEV VMGEXIT codes, SVM_EXIT_ERR, future VMX reasons >= 128)
 * to a small "rare" hash instead of dropping them.
 */
#ifndef KVMEXIT_EXIT_SLOT_H
#define KVMEXIT_EXIT_SLOT_H

/* The tracepoint's isa argument/field (arch/x86/kvm/trace.h). */
#define KVM_ISA_VMX 1
#define KVM_ISA_SVM 2

/* VMX basic reasons 0..127 (highest defined today: 85, MSR_WRITE_IMM). */
#define VMX_SLOTS 128
/* SVM codes 0x000..0x0ff: CR/DR accesses, exceptions, intercepts. */
#define SVM_LOW_SLOTS 256
/* SVM codes 0x400..0x40f: NPF, AVIC_*, VMGEXIT. */
#define SVM_HIGH_BASE 0x400
#define SVM_HIGH_SLOTS 16

#define SVM_SLOT_BASE VMX_SLOTS
#define SVM_HIGH_SLOT_BASE (SVM_SLOT_BASE + SVM_LOW_SLOTS)
#define EXIT_SLOTS (SVM_HIGH_SLOT_BASE + SVM_HIGH_SLOTS)

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

/* Slot of a normalised code, or EXIT_SLOTS when it is not in a dense range. */
static inline unsigned int exit_slot(unsigned int isa, unsigned int code)
{
	if (isa == KVM_ISA_VMX)
		return code < VMX_SLOTS ? code : EXIT_SLOTS;
	if (isa == KVM_ISA_SVM) {
		if (code < SVM_LOW_SLOTS)
			return SVM_SLOT_BASE + code;
		if (code - SVM_HIGH_BASE < SVM_HIGH_SLOTS)
			return SVM_HIGH_SLOT_BASE + (code - SVM_HIGH_BASE);
	}
	return EXIT_SLOTS;
}

/* Inverse of exit_slot() for slot < EXIT_SLOTS. */
static inline void exit_slot_decode(unsigned int slot, unsigned int *isa,
				    unsigned int *code)
{
	if (slot < SVM_SLOT_BASE) {
		*isa = KVM_ISA_VMX;
		*code = slot;
	} else if (slot < SVM_HIGH_SLOT_BASE) {
		*isa = KVM_ISA_SVM;
		*code = slot - SVM_SLOT_BASE;
	} else {
		*isa = KVM_ISA_SVM;
		*code = SVM_HIGH_BASE + (slot - SVM_HIGH_SLOT_BASE);
	}
}

#endif
