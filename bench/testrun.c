// SPDX-License-Identifier: GPL-2.0
/*
 * The raw-tracepoint programs, driven by BPF_PROG_TEST_RUN on this thread
 * (a raw_tp test run has no repeat: one syscall per run), ours and the
 * empty twin in alternating blocks so that both see the same machine.
 * The classic tracepoints cannot be test-run: their figures come from the
 * nested VM (make bench-vm).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "bench.h"
#include "exit_counts.h"
#include "kvmexit_maps.h"
#include "kvmexittime_maps.h"
#include "vendor_fake.h"

#define ROUNDS 20
#define BLOCK 2500
#define SVM_IOIO 0x7b
#define SVM_VMGEXIT_PSC 0x80000010ull	/* no dense slot: the rare hash */
#define VMX_IO 30
#define VCPU_ARG (~0ull)		/* args[0]: the fake vendor vCPU */

struct step {
	const char *prog;
	__u64 args[5];
	int nargs;
};

/* kvm_pio(rw=out, port 0x3f8, size 1, count 1, data): the test guest's. */
#define PIO_STEP { "detail_pio_raw", { 1, 0x3f8, 1, 1, 0 }, 5 }

static unsigned int dense_isa;

static int set_isa(void *skel)
{
	return exit_counts_configure(kvmexit_ops.object(skel), dense_isa);
}

static int run(int fd, __u64 *args, int nargs)
{
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args,
		    .ctx_size_in = nargs * sizeof(__u64));

	return bpf_prog_test_run_opts(fd, &o) ? -errno : 0;
}

/* Each step once per event, ours then the empty ones, ROUNDS x BLOCK. */
static void measure(const char *what, const struct session_ops *ops,
		    const struct session *s, const struct step *st, int n,
		    __u64 vcpu)
{
	struct prog_time o0[4], o1[4], e0[4], e1[4];
	double ours = 0, empty = 0;
	int ofd[4], efd[4], i, r, k;
	__u64 args[4][5];
	char line[128];

	for (i = 0; i < n; i++) {
		struct bpf_program *p = session_prog(ops, s, st[i].prog);
		struct bpf_program *e = p ? empty_twin(p) : NULL;

		if (!e) {
			printf("%-56s not loaded: %s\n", what, st[i].prog);
			return;
		}
		ofd[i] = bpf_program__fd(p);
		efd[i] = bpf_program__fd(e);
		memcpy(args[i], st[i].args, sizeof(args[i]));
		if (args[i][0] == VCPU_ARG)
			args[i][0] = vcpu;
		prog_time(ofd[i], &o0[i]);
		prog_time(efd[i], &e0[i]);
	}
	for (r = 0; r < ROUNDS; r++) {
		for (k = 0; k < BLOCK; k++)
			for (i = 0; i < n; i++)
				if (run(ofd[i], args[i], st[i].nargs))
					goto fail;
		for (k = 0; k < BLOCK; k++)
			for (i = 0; i < n; i++)
				if (run(efd[i], args[i], st[i].nargs))
					goto fail;
	}
	for (i = 0; i < n; i++) {
		prog_time(ofd[i], &o1[i]);
		prog_time(efd[i], &e1[i]);
		ours += prog_ns(&o0[i], &o1[i]);
		empty += prog_ns(&e0[i], &e1[i]);
	}
	print_pair(what, ours, empty);
	for (i = 0; n > 1 && i < n; i++) {
		snprintf(line, sizeof(line), "  %s", st[i].prog);
		print_pair(line, prog_ns(&o0[i], &o1[i]), prog_ns(&e0[i], &e1[i]));
	}
	return;
fail:
	printf("%-56s test run failed: %s\n", what, strerror(errno));
}

/* A tool's programs loaded as it loads them, then measured. */
static void tool_case(const char *what, const struct session_ops *ops,
		      struct cli *c, const char *exit_prog, const struct step *st,
		      int n, __u64 vcpu)
{
	struct session s;

	if (!bench_load(ops, c, &s, exit_prog, true,
			ops == &kvmexit_ops ? set_isa : NULL))
		measure(what, ops, &s, st, n, vcpu);
	session_stop(ops, &s);
}

/*
 * The fake vendor vCPU of layout l exiting with the host's IO code: the
 * struct's address, or 0.
 */
static __u64 fake_vcpu(struct fixture *f, const struct layout *l)
{
	memset(f->buf, 0xaa, f->fake_size);
	if (l->isa == KVM_ISA_VMX) {
		fake_put(f->buf, l->code_off, l->code_size, VMX_IO);
		return fake_write(f, FAKE_VCPU) ? 0 : f->addr[FAKE_VCPU] + l->vcpu_off;
	}
	fake_put(f->buf, l->vmcb_off, 8, f->addr[FAKE_VMCB]);
	if (fake_write(f, FAKE_VCPU))
		return 0;
	memset(f->buf, 0xaa, f->fake_size);
	fake_put(f->buf, l->code_off, l->code_size, SVM_IOIO);
	return fake_write(f, FAKE_VMCB) ? 0 : f->addr[FAKE_VCPU] + l->vcpu_off;
}

/* >= 5.16's path, on each real kernel's vendor struct layout. */
static void vendor_cases(void)
{
	static const struct step exit_vcpu[] = { { PROG_EXIT_VCPU, { VCPU_ARG, 0 }, 2 } };
	static const struct step pair[] = { { PROG_EXIT_VCPU, { VCPU_ARG, 0 }, 2 },
					    { "kvm_entry_raw", { 0 }, 1 } };
	struct bpf_object *fobj = NULL;
	struct fixture f = { 0 };
	struct step st[2];
	char what[128];
	int i;

	if (!bench_fixture || fixture_open(bench_fixture, &fobj, &f)) {
		printf("# no vendor fixture: kvm_exit_vcpu not measured\n");
		goto out;
	}
	for (i = 0; i < bench_nbtfs; i++) {
		struct cli c = { .btf_path = bench_btfs[i] };
		struct layout l;
		__u64 vcpu;

		if (parse_layout(bench_btfs[i], &l) || !(vcpu = fake_vcpu(&f, &l)))
			continue;
		dense_isa = l.isa;
		memcpy(st, exit_vcpu, sizeof(exit_vcpu));
		st[0].args[1] = l.isa;
		snprintf(what, sizeof(what), "kvmexit kvm_exit_vcpu, %s", l.name);
		tool_case(what, &kvmexit_ops, &c, PROG_EXIT_VCPU, st, 1, vcpu);
		memcpy(st, pair, sizeof(pair));
		st[0].args[1] = l.isa;
		snprintf(what, sizeof(what), "kvmexittime kvm_exit_vcpu + kvm_entry, %s", l.name);
		tool_case(what, &kvmexittime_ops, &c, PROG_EXIT_VCPU, st, 2, vcpu);
	}
out:
	free(f.buf);
	bpf_object__close(fobj);
}

void bench_testrun(void)
{
	static const struct step reason[] = {
		{ PROG_EXIT_REASON, { SVM_IOIO, 0, KVM_ISA_SVM }, 3 } };
	static const struct step rare[] = {
		{ PROG_EXIT_REASON, { SVM_VMGEXIT_PSC, 0, KVM_ISA_SVM }, 3 } };
	static const struct step detail[] = {
		{ PROG_EXIT_REASON, { SVM_IOIO, 0, KVM_ISA_SVM }, 3 }, PIO_STEP };
	static const struct step pair[] = {
		{ PROG_EXIT_REASON, { SVM_IOIO, 0, KVM_ISA_SVM }, 3 },
		{ "kvm_entry_raw", { 0 }, 1 } };
	static const struct step pair_detail[] = {
		{ PROG_EXIT_REASON, { SVM_IOIO, 0, KVM_ISA_SVM }, 3 }, PIO_STEP,
		{ "kvm_entry_raw", { 0 }, 1 } };
	struct cli plain = { 0 }, det = { .detail = true }, stats = { .stats = true };

	print_pair_header("BPF_PROG_TEST_RUN, per event (per exit + entry pair for kvmexittime)");
	/* Pinned: kvmexit's per-CPU cache stays this thread's (a vCPU's usual case). */
	pin_cpu(0);
	vendor_cases();
	dense_isa = KVM_ISA_SVM;
	tool_case("kvmexit kvm_exit_reason (<= 5.15), cache hit", &kvmexit_ops,
		  &plain, PROG_EXIT_REASON, reason, 1, 0);
	tool_case("kvmexit kvm_exit_reason, rare code (hash)", &kvmexit_ops,
		  &plain, PROG_EXIT_REASON, rare, 1, 0);
	tool_case("kvmexit --detail: kvm_exit + kvm_pio", &kvmexit_ops, &det,
		  PROG_EXIT_REASON, detail, 2, 0);
	tool_case("kvmexittime kvm_exit_reason + kvm_entry", &kvmexittime_ops,
		  &plain, PROG_EXIT_REASON, pair, 2, 0);
	tool_case("kvmexittime --stats: kvm_exit + kvm_entry", &kvmexittime_ops,
		  &stats, PROG_EXIT_REASON, pair, 2, 0);
	tool_case("kvmexittime --detail: kvm_exit + kvm_pio + kvm_entry",
		  &kvmexittime_ops, &det, PROG_EXIT_REASON, pair_detail, 3, 0);
}
