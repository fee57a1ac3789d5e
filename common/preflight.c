// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "preflight.h"
#include "proc.h"
#include "btf_file.h"
#include "err.h"

static unsigned long long effective_caps(void)
{
	unsigned long long caps = 0;

	proc_field("/proc/self/status", "CapEff: %llx", &caps);
	return caps;
}

bool has_cap(int bit)
{
	return effective_caps() & (1ULL << bit);
}

int preflight_proc(void)
{
	if (!access("/proc/self/status", R_OK))
		return 0;
	err_msg("cannot read /proc/self/status (%s): the tools need /proc; mount it with 'mount -t proc proc /proc'",
		strerror(errno));
	return EXIT_RUNTIME;
}

/*
 * Loading tracing programs takes CAP_BPF and CAP_PERFMON (5.8+), or
 * CAP_SYS_ADMIN.  Root whose capabilities were dropped (a container, capsh)
 * gets the names of the missing ones, not advice to use sudo.
 */
static int check_privileges(void)
{
	bool bpf = has_cap(CAP_BPF_BIT), perfmon = has_cap(CAP_PERFMON_BIT);

	if ((bpf && perfmon) || has_cap(CAP_SYS_ADMIN_BIT))
		return 0;
	if (geteuid()) {
		err_msg("need root (or CAP_BPF and CAP_PERFMON) to load BPF programs: run it as root, e.g. with sudo");
		return EXIT_RUNTIME;
	}
	err_msg("running as root without %s%s%s (nor CAP_SYS_ADMIN) in the effective capabilities: they are needed to load BPF programs; grant them (e.g. docker run --cap-add BPF --cap-add PERFMON)",
		bpf ? "" : "CAP_BPF", bpf || perfmon ? "" : " and ",
		perfmon ? "" : "CAP_PERFMON");
	return EXIT_RUNTIME;
}

static int check_sysfs(const char *btf_path)
{
	if (access("/sys/kernel", F_OK)) {
		err_msg("/sys is not mounted (no /sys/kernel): the tools need sysfs; mount it with 'mount -t sysfs sysfs /sys'");
		return EXIT_RUNTIME;
	}
	if (btf_path)
		return btf_file_check(btf_path);
	if (!access("/sys/kernel/btf/vmlinux", R_OK))
		return 0;
	if (errno == ENOENT)
		err_msg("this kernel has no BTF (/sys/kernel/btf/vmlinux is missing): use a kernel built with CONFIG_DEBUG_INFO_BTF=y, or pass --btf FILE");
	else
		err_msg("cannot read the kernel's BTF, /sys/kernel/btf/vmlinux (%s): run as root, or pass --btf FILE",
			strerror(errno));
	return EXIT_RUNTIME;
}

int preflight(const char *btf_path)
{
	int rc = preflight_proc();

	if (!rc)
		rc = check_privileges();
	if (!rc)
		rc = check_sysfs(btf_path);
	if (rc)
		return rc;
	/* /sys/module/kvm exists whether KVM is built in or a loaded module. */
	if (access("/sys/module/kvm", F_OK)) {
		err_msg("KVM is not loaded, so there are no kvm tracepoints: run 'modprobe kvm_intel' or 'modprobe kvm_amd'");
		return EXIT_RUNTIME;
	}
	return 0;
}
