// SPDX-License-Identifier: GPL-2.0
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>
#include "task_storage.h"

/*
 * 5.11 added BPF_MAP_TYPE_TASK_STORAGE and bpf_get_current_task_btf(),
 * but only BPF LSM programs could call bpf_task_storage_get() until 5.13
 * (a10787e6d58c "bpf: Enable task local storage for tracing programs"),
 * so the helper is probed in a raw tracepoint program, not the map type
 * alone.  A tp_btf program is resolved against the kernel's own BTF,
 * which --btf cannot stand in for.
 */
bool task_storage_usable(const char **why)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		*why = "no /sys/kernel/btf/vmlinux for a tp_btf sched_switch";
		return false;
	}
	if (libbpf_probe_bpf_map_type(BPF_MAP_TYPE_TASK_STORAGE, NULL) != 1) {
		*why = "no task storage maps (kernel < 5.11)";
		return false;
	}
	if (libbpf_probe_bpf_helper(BPF_PROG_TYPE_RAW_TRACEPOINT,
				    BPF_FUNC_task_storage_get, NULL) != 1 ||
	    libbpf_probe_bpf_helper(BPF_PROG_TYPE_RAW_TRACEPOINT,
				    BPF_FUNC_get_current_task_btf, NULL) != 1) {
		*why = "tracing programs cannot use task storage (kernel < 5.13)";
		return false;
	}
	*why = "kernel >= 5.13";
	return true;
}
