// SPDX-License-Identifier: GPL-2.0
/*
 * Every code of both ISAs against bcc v0.36's tables (bcc-kvmexit.md §2.7)
 * and the kernel's, where they differ on purpose.
 */
#include <stdlib.h>
#include "exit_reasons.h"
#include "exit_slot.h"
#include "../lib/tap.h"

/* bcc v0.36 VMX table, "code name" per line; 76 is listed separately. */
static const char vmx_bcc[] =
	"0 EXCEPTION_NMI\n1 EXTERNAL_INTERRUPT\n2 TRIPLE_FAULT\n3 INIT_SIGNAL\n"
	"4 SIPI_SIGNAL\n6 OTHER_SMI\n7 INTERRUPT_WINDOW\n8 NMI_WINDOW\n9 TASK_SWITCH\n"
	"10 CPUID\n12 HLT\n13 INVD\n14 INVLPG\n15 RDPMC\n16 RDTSC\n18 VMCALL\n"
	"19 VMCLEAR\n20 VMLAUNCH\n21 VMPTRLD\n22 VMPTRST\n23 VMREAD\n24 VMRESUME\n"
	"25 VMWRITE\n26 VMOFF\n27 VMON\n28 CR_ACCESS\n29 DR_ACCESS\n30 IO_INSTRUCTION\n"
	"31 MSR_READ\n32 MSR_WRITE\n33 INVALID_STATE\n34 MSR_LOAD_FAIL\n"
	"36 MWAIT_INSTRUCTION\n37 MONITOR_TRAP_FLAG\n39 MONITOR_INSTRUCTION\n"
	"40 PAUSE_INSTRUCTION\n41 MCE_DURING_VMENTRY\n43 TPR_BELOW_THRESHOLD\n"
	"44 APIC_ACCESS\n45 EOI_INDUCED\n46 GDTR_IDTR\n47 LDTR_TR\n48 EPT_VIOLATION\n"
	"49 EPT_MISCONFIG\n50 INVEPT\n51 RDTSCP\n52 PREEMPTION_TIMER\n53 INVVPID\n"
	"54 WBINVD\n55 XSETBV\n56 APIC_WRITE\n57 RDRAND\n58 INVPCID\n59 VMFUNC\n"
	"60 ENCLS\n61 RDSEED\n62 PML_FULL\n63 XSAVES\n64 XRSTORS\n67 UMWAIT\n"
	"68 TPAUSE\n74 BUS_LOCK\n75 NOTIFY\n"
	/* where we follow the kernel, not bcc (76 is TDCALL there) */
	"76 SEAMCALL\n77 TDCALL\n84 MSR_READ_IMM\n85 MSR_WRITE_IMM\n";

/* bcc v0.36 SVM table, hex codes, plus the kernel names bcc lacks. */
static const char svm_bcc[] =
	"0 READ_CR0\n2 READ_CR2\n3 READ_CR3\n4 READ_CR4\n8 READ_CR8\n10 WRITE_CR0\n"
	"12 WRITE_CR2\n13 WRITE_CR3\n14 WRITE_CR4\n18 WRITE_CR8\n20 READ_DR0\n"
	"21 READ_DR1\n22 READ_DR2\n23 READ_DR3\n24 READ_DR4\n25 READ_DR5\n26 READ_DR6\n"
	"27 READ_DR7\n30 WRITE_DR0\n31 WRITE_DR1\n32 WRITE_DR2\n33 WRITE_DR3\n"
	"34 WRITE_DR4\n35 WRITE_DR5\n36 WRITE_DR6\n37 WRITE_DR7\n40 EXCP_BASE\n"
	"5f LAST_EXCP\n60 INTR\n61 NMI\n62 SMI\n63 INIT\n64 VINTR\n65 CR0_SEL_WRITE\n"
	"66 IDTR_READ\n67 GDTR_READ\n68 LDTR_READ\n69 TR_READ\n6a IDTR_WRITE\n"
	"6b GDTR_WRITE\n6c LDTR_WRITE\n6d TR_WRITE\n6e RDTSC\n6f RDPMC\n70 PUSHF\n"
	"71 POPF\n72 CPUID\n73 RSM\n74 IRET\n75 SWINT\n76 INVD\n77 PAUSE\n78 HLT\n"
	"79 INVLPG\n7a INVLPGA\n7b IOIO\n7c MSR\n7d TASK_SWITCH\n7e FERR_FREEZE\n"
	"7f SHUTDOWN\n80 VMRUN\n81 VMMCALL\n82 VMLOAD\n83 VMSAVE\n84 STGI\n85 CLGI\n"
	"86 SKINIT\n87 RDTSCP\n88 ICEBP\n89 WBINVD\n8a MONITOR\n8b MWAIT\n"
	"8c MWAIT_COND\n8d XSETBV\n8e RDPRU\n8f EFER_WRITE_TRAP\n90 CR0_WRITE_TRAP\n"
	"91 CR1_WRITE_TRAP\n92 CR2_WRITE_TRAP\n93 CR3_WRITE_TRAP\n94 CR4_WRITE_TRAP\n"
	"95 CR5_WRITE_TRAP\n96 CR6_WRITE_TRAP\n97 CR7_WRITE_TRAP\n98 CR8_WRITE_TRAP\n"
	"99 CR9_WRITE_TRAP\n9a CR10_WRITE_TRAP\n9b CR11_WRITE_TRAP\n9c CR12_WRITE_TRAP\n"
	"9d CR13_WRITE_TRAP\n9e CR14_WRITE_TRAP\n9f CR15_WRITE_TRAP\na2 INVPCID\n"
	"a5 BUS_LOCK\na6 IDLE_HLT\n400 NPF\n401 AVIC_INCOMPLETE_IPI\n"
	"402 AVIC_UNACCELERATED_ACCESS\n403 VMGEXIT\n"
	/* exception intercepts bcc leaves unnamed */
	"41 EXCP_DB\n46 EXCP_UD\n4d EXCP_GP\n4e EXCP_PF\n51 EXCP_AC\n52 EXCP_MC\n"
	"80000010 VMGEXIT_PSC\nffffffff ERR\n";

/* Checks each listed name; returns how many codes the list holds. */
static int check_list(unsigned int isa, const char *list, int base, char *seen)
{
	char *copy = strdup(list), *line, *save = NULL, name[64];
	int n = 0;

	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long code = strtoul(line, NULL, base);
		const char *got;

		sscanf(strchr(line, ' ') + 1, "%63s", name);
		got = exit_reason_name(isa, code);
		TAP_EQ_STR(got ? got : "(none)", name, "%s 0x%lx is %s",
			   isa == KVM_ISA_VMX ? "VMX" : "SVM", code, name);
		if (code < 0x500)
			seen[code] = 1;
		n++;
	}
	free(copy);
	return n;
}

int main(void)
{
	char seen[0x500] = { 0 }, buf[32];
	unsigned int code;
	int named = 0;

	check_list(KVM_ISA_VMX, vmx_bcc, 10, seen);
	/* Every other VMX basic reason has no name and prints UNKNOWN_<n>. */
	for (code = 0; code < 0x10000; code++)
		if (!(code < 0x500 && seen[code]) && exit_reason_name(KVM_ISA_VMX, code))
			named++;
	TAP_EQ_U64(named, 0, "no VMX names beyond the list");
	TAP_EQ_STR(exit_reason_label(KVM_ISA_VMX, 5, buf, sizeof(buf)), "UNKNOWN_5",
		   "VMX 5 prints as UNKNOWN_5");

	memset(seen, 0, sizeof(seen));
	check_list(KVM_ISA_SVM, svm_bcc, 16, seen);
	for (code = 0x41; code <= 0x5e; code++)
		TAP_OK(exit_reason_name(KVM_ISA_SVM, code) != NULL,
		       "SVM exception intercept 0x%x is named", code);
	TAP_EQ_STR(exit_reason_label(KVM_ISA_SVM, 0xa0, buf, sizeof(buf)), "UNKNOWN_160",
		   "SVM 0xa0 prints as UNKNOWN_160");
	TAP_EQ_STR(exit_reason_label(3, 12, buf, sizeof(buf)), "UNKNOWN_12",
		   "an unknown ISA prints UNKNOWN_<code>");
	/* Slots: every dense code of either ISA round-trips. */
	for (code = 0, named = 0; code < EXIT_SLOTS; code++) {
		if (exit_slot(KVM_ISA_SVM, KVM_ISA_SVM,
			      exit_slot_code(KVM_ISA_SVM, code)) != code)
			named++;
		if (code < VMX_SLOTS &&
		    exit_slot(KVM_ISA_VMX, KVM_ISA_VMX,
			      exit_slot_code(KVM_ISA_VMX, code)) != code)
			named++;
	}
	TAP_EQ_U64(named, 0, "exit_slot() inverts exit_slot_code()");
	TAP_EQ_U64(exit_slot(KVM_ISA_SVM, KVM_ISA_SVM, 0x403), SVM_LOW_SLOTS + 3, "VMGEXIT is dense");
	TAP_EQ_U64(exit_slot(KVM_ISA_SVM, KVM_ISA_SVM, 0x80000010), EXIT_SLOTS,
		   "VMGEXIT_PSC is not dense");
	TAP_EQ_U64(exit_slot(KVM_ISA_SVM, KVM_ISA_VMX, 30), EXIT_SLOTS,
		   "the other ISA's codes are not dense");
	TAP_EQ_U64(exit_slot(KVM_ISA_VMX, KVM_ISA_VMX, 85), 85, "VMX 85 is dense");
	TAP_EQ_U64(exit_slot(KVM_ISA_VMX, KVM_ISA_VMX, 96), EXIT_SLOTS, "VMX 96 is not");
	TAP_OK(exit_reason_name(KVM_ISA_SVM, SVM_LOW_SLOTS) == NULL &&
	       !exit_reason_name(KVM_ISA_VMX, VMX_SLOTS),
	       "every named code below 0x400 fits the dense array");
	TAP_EQ_U64(exit_code_normalise(KVM_ISA_VMX, 0x8400001e), 30, "VMX flags masked");
	TAP_EQ_U64(exit_code_normalise(KVM_ISA_SVM, ~0ULL), 0xffffffffu, "SVM u64 truncated");
	return tap_done();
}
