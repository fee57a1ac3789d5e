// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "preflight.h"
#include "err.h"

#define CAP_SYS_ADMIN_BIT 21
#define CAP_PERFMON_BIT 38
#define CAP_BPF_BIT 39

static unsigned long long effective_caps(void)
{
	unsigned long long caps = 0;
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			break;
	fclose(f);
	return caps;
}

static int privileged(void)
{
	unsigned long long caps = effective_caps();
	unsigned long long bpf_perfmon = (1ULL << CAP_BPF_BIT) | (1ULL << CAP_PERFMON_BIT);

	/* Before 5.8 CAP_SYS_ADMIN was the only way to load tracing programs. */
	return (caps & bpf_perfmon) == bpf_perfmon ||
	       (caps & (1ULL << CAP_SYS_ADMIN_BIT));
}

int preflight(const char *btf_path)
{
	if (!privileged()) {
		err_msg("need root (or CAP_BPF and CAP_PERFMON) to load BPF programs: run it with sudo");
		return EXIT_RUNTIME;
	}
	if (btf_path && access(btf_path, R_OK)) {
		err_msg("--btf %s: %s", btf_path, strerror(errno));
		return EXIT_RUNTIME;
	}
	if (!btf_path && access("/sys/kernel/btf/vmlinux", R_OK)) {
		err_msg("this kernel has no BTF (/sys/kernel/btf/vmlinux is missing): use a kernel built with CONFIG_DEBUG_INFO_BTF=y, or pass --btf FILE");
		return EXIT_RUNTIME;
	}
	/* /sys/module/kvm exists whether KVM is built in or a loaded module. */
	if (access("/sys/module/kvm", F_OK)) {
		err_msg("KVM is not loaded, so there are no kvm tracepoints: run 'modprobe kvm_intel' or 'modprobe kvm_amd'");
		return EXIT_RUNTIME;
	}
	return 0;
}
