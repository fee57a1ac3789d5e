// SPDX-License-Identifier: GPL-2.0
/*
 * Writes a tiny BTF file that declares the <= 5.15 raw kvm_exit prototype,
 * btf_trace_kvm_exit = void (*)(void *, unsigned int, struct kvm_vcpu *, u32).
 * Given to a newer kernel with --btf, it makes the tools pick the raw
 * tracepoint with exit_reason first, which that kernel refuses to attach
 * (the program reads a third argument): the auto mode must fall back.
 * task_struct's pid, start_time and start_boottime are there too, as in
 * every vmlinux: the programs read them.
 */
#include <stdio.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	struct btf *btf;
	const void *raw;
	__u32 size;
	int u32, u64, i32, vcpu, vcpu_ptr, void_ptr, proto, fptr, task;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: mkbtf OUT.btf\n");
		return 2;
	}
	btf = btf__new_empty();
	u32 = btf__add_int(btf, "unsigned int", 4, 0);
	u64 = btf__add_int(btf, "long long unsigned int", 8, 0);
	i32 = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	task = btf__add_struct(btf, "task_struct", 24);
	btf__add_field(btf, "pid", i32, 0, 0);
	btf__add_field(btf, "tgid", i32, 32, 0);
	btf__add_field(btf, "start_time", u64, 64, 0);
	btf__add_field(btf, "start_boottime", u64, 128, 0);
	(void)task;
	vcpu = btf__add_struct(btf, "kvm_vcpu", 8);
	btf__add_field(btf, "vcpu_id", u32, 0, 0);
	vcpu_ptr = btf__add_ptr(btf, vcpu);
	void_ptr = btf__add_ptr(btf, 0);
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "__data", void_ptr);
	btf__add_func_param(btf, "exit_reason", u32);
	btf__add_func_param(btf, "vcpu", vcpu_ptr);
	btf__add_func_param(btf, "isa", u32);
	fptr = btf__add_ptr(btf, proto);
	btf__add_typedef(btf, "btf_trace_kvm_exit", fptr);
	raw = btf__raw_data(btf, &size);
	f = fopen(argv[1], "w");
	if (!raw || !f || fwrite(raw, 1, size, f) != size) {
		perror("mkbtf");
		return 1;
	}
	fclose(f);
	btf__free(btf);
	return 0;
}
