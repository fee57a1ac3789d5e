// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>
#include "msr_names.h"

struct msr_name {
	unsigned int index;
	const char *name;
};

/*
 * The MSRs behind most MSR exits: timers, the x2APIC (0x800 + the xAPIC
 * register offset / 16), speculation controls and KVM's paravirtual
 * MSRs.  Sorted by index.
 */
static const struct msr_name msrs[] = {
	{ 0x10, "TSC" },
	{ 0x1b, "APIC_BASE" },
	{ 0x3a, "FEATURE_CONTROL" },
	{ 0x3b, "TSC_ADJUST" },
	{ 0x48, "SPEC_CTRL" },
	{ 0x49, "PRED_CMD" },
	{ 0x8b, "BIOS_SIGN_ID" },
	{ 0x10a, "ARCH_CAPABILITIES" },
	{ 0x10b, "FLUSH_CMD" },
	{ 0x174, "SYSENTER_CS" },
	{ 0x175, "SYSENTER_ESP" },
	{ 0x176, "SYSENTER_EIP" },
	{ 0x1a0, "MISC_ENABLE" },
	{ 0x1d9, "DEBUGCTL" },
	{ 0x277, "PAT" },
	{ 0x6e0, "TSC_DEADLINE" },
	{ 0x802, "X2APIC_APICID" },
	{ 0x808, "X2APIC_TPR" },
	{ 0x80b, "X2APIC_EOI" },
	{ 0x80d, "X2APIC_LDR" },
	{ 0x80f, "X2APIC_SIVR" },
	{ 0x830, "X2APIC_ICR" },
	{ 0x832, "X2APIC_LVTT" },
	{ 0x838, "X2APIC_TMICT" },
	{ 0x839, "X2APIC_TMCCT" },
	{ 0x83e, "X2APIC_TDCR" },
	{ 0x83f, "X2APIC_SELF_IPI" },
	{ 0xda0, "XSS" },
	{ 0x4b564d00, "KVM_WALL_CLOCK_NEW" },
	{ 0x4b564d01, "KVM_SYSTEM_TIME_NEW" },
	{ 0x4b564d02, "KVM_ASYNC_PF_EN" },
	{ 0x4b564d03, "KVM_STEAL_TIME" },
	{ 0x4b564d04, "KVM_PV_EOI_EN" },
	{ 0x4b564d05, "KVM_POLL_CONTROL" },
	{ 0x4b564d06, "KVM_ASYNC_PF_INT" },
	{ 0x4b564d07, "KVM_ASYNC_PF_ACK" },
	{ 0x4b564d08, "KVM_MIGRATION_CONTROL" },
	{ 0xc0000080, "EFER" },
	{ 0xc0000081, "STAR" },
	{ 0xc0000082, "LSTAR" },
	{ 0xc0000083, "CSTAR" },
	{ 0xc0000084, "FMASK" },
	{ 0xc0000100, "FS_BASE" },
	{ 0xc0000101, "GS_BASE" },
	{ 0xc0000102, "KERNEL_GS_BASE" },
	{ 0xc0000103, "TSC_AUX" },
	{ 0xc0010015, "AMD_HWCR" },
	{ 0xc0010117, "VM_HSAVE_PA" },
};

const char *msr_name(unsigned int index)
{
	size_t lo = 0, hi = sizeof(msrs) / sizeof(msrs[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (msrs[mid].index == index)
			return msrs[mid].name;
		if (msrs[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
