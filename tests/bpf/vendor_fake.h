/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fake vendor vCPU structs (vcpu_vmx, vcpu_svm and its vmcb) in kernel
 * memory, at the offsets a real kernel's BTF gives: what kvm_exit_vcpu
 * reads on a host, for tests/bpf/vendor_test.c and bench/.  The memory is
 * tests/bpf/vendor_fixture.bpf.c's map; its kernel addresses are leaked by
 * that object's program (root).
 */
#ifndef KVMEXIT_VENDOR_FAKE_H
#define KVMEXIT_VENDOR_FAKE_H

#include <linux/types.h>

struct bpf_object;

#define FAKE_VCPU 0	/* fake[] slots: the vendor vCPU struct */
#define FAKE_VMCB 1	/* the vmcb it points to */
#define FAKE_DECOY_VMCB 2 /* the vmcb a wrong vmcb offset points to */
#define FAKE_MIN_SLOTS 3

/* Where one kernel keeps the exit code, read from its BTF. */
struct layout {
	char name[64];
	const char *file;
	unsigned int isa;
	__u32 vcpu_off;		/* vcpu_vmx/vcpu_svm.vcpu */
	__u32 code_off;		/* VMX: in vcpu_vmx; SVM: in vmcb */
	__u32 code_size;
	__u32 vmcb_off;		/* SVM: vcpu_svm.vmcb */
	char path[40];		/* the member path, for the TAP lines */
};

struct fixture {
	int fake_fd;
	__u32 fake_size;
	__u64 addr[FAKE_MIN_SLOTS];
	unsigned char *buf;
};

/* Reads the layout the BTF file describes, without going through CO-RE. */
int parse_layout(const char *path, struct layout *l);
/*
 * Loads the fixture object at path and finds its memory.  0, 77 after
 * printing why BPF_PROG_TEST_RUN cannot be used here, or 1.
 */
int fixture_open(const char *path, struct bpf_object **objp, struct fixture *f);
/* Writes val's low size bytes at off of buf (x86: little-endian). */
void fake_put(unsigned char *buf, __u32 off, __u32 size, __u64 val);
/* Copies f->buf into fake[slot]. */
int fake_write(struct fixture *f, __u32 slot);

#endif
