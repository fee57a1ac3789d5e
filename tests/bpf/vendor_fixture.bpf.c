// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only helper for vendor_test: kernel memory the test can fill with
 * fake vendor vCPU structs, and a program that tells it where that memory
 * is.  ARRAY map values are updated in place, so the addresses stay valid
 * for the map's lifetime.  Leaking a pointer needs CAP_PERFMON (root).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define FAKE_SLOTS 4
#define FAKE_SIZE 16384	/* more than any sizeof(struct vcpu_vmx/vcpu_svm) */

char LICENSE[] SEC("license") = "GPL";

struct fake_value {
	__u8 bytes[FAKE_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FAKE_SLOTS);
	__type(key, __u32);
	__type(value, struct fake_value);
} fake SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, FAKE_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} fake_addr SEC(".maps");

SEC("raw_tp")
int leak_fake_addr(void *ctx)
{
	int i;

	/* Unrolled: a key kept on the stack loses its bound in a loop. */
#pragma unroll
	for (i = 0; i < FAKE_SLOTS; i++) {
		__u32 key = i;
		void *val = bpf_map_lookup_elem(&fake, &key);
		__u64 *addr = bpf_map_lookup_elem(&fake_addr, &key);

		if (addr)
			*addr = (__u64)val;
	}
	return 0;
}
