// SPDX-License-Identifier: GPL-2.0
/*
 * Names follow bcc kvmexit v0.36 (arch/x86/include/uapi/asm/{vmx,svm}.h
 * without the EXIT_REASON_ / SVM_EXIT_ prefix), plus what bcc lacks:
 * VMX 76 is SEAMCALL and 77 TDCALL as in the kernel (bcc says 76 TDCALL),
 * the 6.18 MSR immediate forms, the SVM exception intercepts 0x41-0x5e,
 * the SEV VMGEXIT codes and SVM_EXIT_ERR.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include "exit_reasons.h"
#include "exit_slot.h"

static const char *const vmx_names[] = {
	[0] = "EXCEPTION_NMI",
	[1] = "EXTERNAL_INTERRUPT",
	[2] = "TRIPLE_FAULT",
	[3] = "INIT_SIGNAL",
	[4] = "SIPI_SIGNAL",
	[6] = "OTHER_SMI",
	[7] = "INTERRUPT_WINDOW",
	[8] = "NMI_WINDOW",
	[9] = "TASK_SWITCH",
	[10] = "CPUID",
	[12] = "HLT",
	[13] = "INVD",
	[14] = "INVLPG",
	[15] = "RDPMC",
	[16] = "RDTSC",
	[18] = "VMCALL",
	[19] = "VMCLEAR",
	[20] = "VMLAUNCH",
	[21] = "VMPTRLD",
	[22] = "VMPTRST",
	[23] = "VMREAD",
	[24] = "VMRESUME",
	[25] = "VMWRITE",
	[26] = "VMOFF",
	[27] = "VMON",
	[28] = "CR_ACCESS",
	[29] = "DR_ACCESS",
	[30] = "IO_INSTRUCTION",
	[31] = "MSR_READ",
	[32] = "MSR_WRITE",
	[33] = "INVALID_STATE",
	[34] = "MSR_LOAD_FAIL",
	[36] = "MWAIT_INSTRUCTION",
	[37] = "MONITOR_TRAP_FLAG",
	[39] = "MONITOR_INSTRUCTION",
	[40] = "PAUSE_INSTRUCTION",
	[41] = "MCE_DURING_VMENTRY",
	[43] = "TPR_BELOW_THRESHOLD",
	[44] = "APIC_ACCESS",
	[45] = "EOI_INDUCED",
	[46] = "GDTR_IDTR",
	[47] = "LDTR_TR",
	[48] = "EPT_VIOLATION",
	[49] = "EPT_MISCONFIG",
	[50] = "INVEPT",
	[51] = "RDTSCP",
	[52] = "PREEMPTION_TIMER",
	[53] = "INVVPID",
	[54] = "WBINVD",
	[55] = "XSETBV",
	[56] = "APIC_WRITE",
	[57] = "RDRAND",
	[58] = "INVPCID",
	[59] = "VMFUNC",
	[60] = "ENCLS",
	[61] = "RDSEED",
	[62] = "PML_FULL",
	[63] = "XSAVES",
	[64] = "XRSTORS",
	[67] = "UMWAIT",
	[68] = "TPAUSE",
	[74] = "BUS_LOCK",
	[75] = "NOTIFY",
	/* bcc v0.36 prints 76 as TDCALL; the kernel's uapi says: */
	[76] = "SEAMCALL",
	[77] = "TDCALL",
	[84] = "MSR_READ_IMM",
	[85] = "MSR_WRITE_IMM",
};

static const char *const svm_names[] = {
	[0x000] = "READ_CR0",
	[0x002] = "READ_CR2",
	[0x003] = "READ_CR3",
	[0x004] = "READ_CR4",
	[0x008] = "READ_CR8",
	[0x010] = "WRITE_CR0",
	[0x012] = "WRITE_CR2",
	[0x013] = "WRITE_CR3",
	[0x014] = "WRITE_CR4",
	[0x018] = "WRITE_CR8",
	[0x020] = "READ_DR0",
	[0x021] = "READ_DR1",
	[0x022] = "READ_DR2",
	[0x023] = "READ_DR3",
	[0x024] = "READ_DR4",
	[0x025] = "READ_DR5",
	[0x026] = "READ_DR6",
	[0x027] = "READ_DR7",
	[0x030] = "WRITE_DR0",
	[0x031] = "WRITE_DR1",
	[0x032] = "WRITE_DR2",
	[0x033] = "WRITE_DR3",
	[0x034] = "WRITE_DR4",
	[0x035] = "WRITE_DR5",
	[0x036] = "WRITE_DR6",
	[0x037] = "WRITE_DR7",
	/* SVM_EXIT_EXCP_BASE + vector; bcc names only the first and last. */
	[0x040] = "EXCP_BASE",
	[0x041] = "EXCP_DB",
	[0x042] = "EXCP_NMI",
	[0x043] = "EXCP_BP",
	[0x044] = "EXCP_OF",
	[0x045] = "EXCP_BR",
	[0x046] = "EXCP_UD",
	[0x047] = "EXCP_NM",
	[0x048] = "EXCP_DF",
	[0x049] = "EXCP_9",
	[0x04a] = "EXCP_TS",
	[0x04b] = "EXCP_NP",
	[0x04c] = "EXCP_SS",
	[0x04d] = "EXCP_GP",
	[0x04e] = "EXCP_PF",
	[0x04f] = "EXCP_15",
	[0x050] = "EXCP_MF",
	[0x051] = "EXCP_AC",
	[0x052] = "EXCP_MC",
	[0x053] = "EXCP_XF",
	[0x054] = "EXCP_VE",
	[0x055] = "EXCP_CP",
	[0x056] = "EXCP_22",
	[0x057] = "EXCP_23",
	[0x058] = "EXCP_24",
	[0x059] = "EXCP_25",
	[0x05a] = "EXCP_26",
	[0x05b] = "EXCP_27",
	[0x05c] = "EXCP_HV",
	[0x05d] = "EXCP_VC",
	[0x05e] = "EXCP_SX",
	[0x05f] = "LAST_EXCP",
	[0x060] = "INTR",
	[0x061] = "NMI",
	[0x062] = "SMI",
	[0x063] = "INIT",
	[0x064] = "VINTR",
	[0x065] = "CR0_SEL_WRITE",
	[0x066] = "IDTR_READ",
	[0x067] = "GDTR_READ",
	[0x068] = "LDTR_READ",
	[0x069] = "TR_READ",
	[0x06a] = "IDTR_WRITE",
	[0x06b] = "GDTR_WRITE",
	[0x06c] = "LDTR_WRITE",
	[0x06d] = "TR_WRITE",
	[0x06e] = "RDTSC",
	[0x06f] = "RDPMC",
	[0x070] = "PUSHF",
	[0x071] = "POPF",
	[0x072] = "CPUID",
	[0x073] = "RSM",
	[0x074] = "IRET",
	[0x075] = "SWINT",
	[0x076] = "INVD",
	[0x077] = "PAUSE",
	[0x078] = "HLT",
	[0x079] = "INVLPG",
	[0x07a] = "INVLPGA",
	[0x07b] = "IOIO",
	[0x07c] = "MSR",
	[0x07d] = "TASK_SWITCH",
	[0x07e] = "FERR_FREEZE",
	[0x07f] = "SHUTDOWN",
	[0x080] = "VMRUN",
	[0x081] = "VMMCALL",
	[0x082] = "VMLOAD",
	[0x083] = "VMSAVE",
	[0x084] = "STGI",
	[0x085] = "CLGI",
	[0x086] = "SKINIT",
	[0x087] = "RDTSCP",
	[0x088] = "ICEBP",
	[0x089] = "WBINVD",
	[0x08a] = "MONITOR",
	[0x08b] = "MWAIT",
	[0x08c] = "MWAIT_COND",
	[0x08d] = "XSETBV",
	[0x08e] = "RDPRU",
	[0x08f] = "EFER_WRITE_TRAP",
	[0x090] = "CR0_WRITE_TRAP",
	[0x091] = "CR1_WRITE_TRAP",
	[0x092] = "CR2_WRITE_TRAP",
	[0x093] = "CR3_WRITE_TRAP",
	[0x094] = "CR4_WRITE_TRAP",
	[0x095] = "CR5_WRITE_TRAP",
	[0x096] = "CR6_WRITE_TRAP",
	[0x097] = "CR7_WRITE_TRAP",
	[0x098] = "CR8_WRITE_TRAP",
	[0x099] = "CR9_WRITE_TRAP",
	[0x09a] = "CR10_WRITE_TRAP",
	[0x09b] = "CR11_WRITE_TRAP",
	[0x09c] = "CR12_WRITE_TRAP",
	[0x09d] = "CR13_WRITE_TRAP",
	[0x09e] = "CR14_WRITE_TRAP",
	[0x09f] = "CR15_WRITE_TRAP",
	[0x0a2] = "INVPCID",
	[0x0a5] = "BUS_LOCK",
	[0x0a6] = "IDLE_HLT",
};

static const char *const svm_high_names[] = {
	[0x400 - SVM_HIGH_BASE] = "NPF",
	[0x401 - SVM_HIGH_BASE] = "AVIC_INCOMPLETE_IPI",
	[0x402 - SVM_HIGH_BASE] = "AVIC_UNACCELERATED_ACCESS",
	[0x403 - SVM_HIGH_BASE] = "VMGEXIT",
};

/* SEV-ES/SNP guests' VMGEXIT codes appear as exit reasons too. */
static const struct {
	unsigned int code;
	const char *name;
} svm_sparse_names[] = {
	{ 0x80000001, "VMGEXIT_MMIO_READ" },
	{ 0x80000002, "VMGEXIT_MMIO_WRITE" },
	{ 0x80000003, "VMGEXIT_NMI_COMPLETE" },
	{ 0x80000004, "VMGEXIT_AP_HLT_LOOP" },
	{ 0x80000005, "VMGEXIT_AP_JUMP_TABLE" },
	{ 0x80000010, "VMGEXIT_PSC" },
	{ 0x80000011, "VMGEXIT_GUEST_REQUEST" },
	{ 0x80000012, "VMGEXIT_EXT_GUEST_REQUEST" },
	{ 0x80000013, "VMGEXIT_AP_CREATION" },
	{ 0x80000018, "VMGEXIT_SNP_RUN_VMPL" },
	{ 0x8000001a, "VMGEXIT_SAVIC" },
	{ 0x8000fffd, "VMGEXIT_HV_FEATURES" },
	{ 0x8000fffe, "VMGEXIT_TERM_REQUEST" },
	{ 0x8000ffff, "VMGEXIT_UNSUPPORTED_EVENT" },
	{ 0xf0000000, "SW" },
	{ 0xffffffff, "ERR" },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *exit_reason_name(unsigned int isa, unsigned int code)
{
	size_t i;

	if (isa == KVM_ISA_VMX)
		return code < ARRAY_SIZE(vmx_names) ? vmx_names[code] : NULL;
	if (isa != KVM_ISA_SVM)
		return NULL;
	if (code < ARRAY_SIZE(svm_names))
		return svm_names[code];
	if (code - SVM_HIGH_BASE < ARRAY_SIZE(svm_high_names))
		return svm_high_names[code - SVM_HIGH_BASE];
	for (i = 0; i < ARRAY_SIZE(svm_sparse_names); i++)
		if (svm_sparse_names[i].code == code)
			return svm_sparse_names[i].name;
	return NULL;
}

const char *exit_reason_label(unsigned int isa, unsigned int code,
			      char *buf, size_t len)
{
	const char *name = exit_reason_name(isa, code);

	if (name)
		return name;
	snprintf(buf, len, "UNKNOWN_%u", code);
	return buf;
}

/* A table's names, NULL entries skipped. */
static bool in_names(const char *const *names, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcasecmp(names[i], want))
			return true;
	return false;
}

bool exit_reason_known(const char *want)
{
	unsigned long long code;
	char *end;
	size_t i;

	if (!strncasecmp(want, "UNKNOWN_", 8))
		want += 8;
	errno = 0;
	code = strtoull(want, &end, 0);
	if (*want && !*end && !errno && code <= 0xffffffffULL)
		return true;
	if (in_names(vmx_names, ARRAY_SIZE(vmx_names), want) ||
	    in_names(svm_names, ARRAY_SIZE(svm_names), want) ||
	    in_names(svm_high_names, ARRAY_SIZE(svm_high_names), want))
		return true;
	for (i = 0; i < ARRAY_SIZE(svm_sparse_names); i++)
		if (!strcasecmp(svm_sparse_names[i].name, want))
			return true;
	return false;
}
