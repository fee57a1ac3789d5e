// SPDX-License-Identifier: GPL-2.0
/*
 * vendor_test KVMEXIT_BPF_OBJ FIXTURE_BPF_OBJ BTF...
 *
 * Checks kvm_exit_vcpu's CO-RE reads of the vendor vCPU structs against
 * real kernels' layouts without VMX or SVM: each BTF file (vmlinux plus
 * kvm_intel or kvm_amd of one Debian kernel, cut by bpftool gen
 * min_core_btf) is the program's target BTF; the program runs through
 * BPF_PROG_TEST_RUN on a fake vcpu_vmx or vcpu_svm (and vmcb) built in map
 * memory at the offsets the same BTF gives.  Decoy codes sit at the offsets
 * of the other kernels, so a read from a wrong offset counts the decoy.
 */
#include <errno.h>
#include <libgen.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "kvmexit.h"
#include "bpf_vars.h"
#include "exit_counts.h"
#include "kvmexittime.h"
#include "attach.h"
#include "vendor_fake.h"
#include "../lib/tap.h"

#define MAX_LAYOUTS 16

#define VMX_IO 30
#define VMX_HLT 12		/* the decoy */
#define VMX_RARE 200		/* no dense slot: the rare map */
#define SVM_IOIO 0x7b
#define SVM_MSR 0x7c
#define SVM_HLT 0x78		/* the decoy */
#define SVM_NPF 0x400
#define SVM_ERR 0xffffffffffffffffull

/* One loaded kvm_exit_vcpu and the counts seen so far. */
struct run {
	const struct layout *l;
	struct bpf_object *obj;
	int prog_fd, cache_fd, counts_fd, rare_fd, bss_fd;
	unsigned int dense_isa;
	__u32 losses_off, bss_size;
	struct exit_table seen;
	unsigned long long lost;
	int cpu_turn;
};

static struct layout layouts[MAX_LAYOUTS];
static int nr_layouts;
static bool verbose;
static cpu_set_t cpus_allowed;
static int nr_cpus_allowed;

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static unsigned int gettid_(void)
{
	return syscall(SYS_gettid);
}


/* The offset a wrong relocation would read: exit_reason, or the vmcb pointer. */
static __u32 layout_off(const struct layout *l)
{
	return l->isa == KVM_ISA_VMX ? l->code_off : l->vmcb_off;
}

static __u32 layout_size(const struct layout *l)
{
	return l->isa == KVM_ISA_VMX ? l->code_size : 8;
}

/*
 * The other kernels' offsets of the same ISA that do not overlap this
 * one's, into offs; described in desc when desc is not NULL.
 */
static int decoy_offsets(const struct layout *l, __u32 *offs, char *desc,
			 size_t len)
{
	__u32 mine = layout_off(l), size = layout_size(l);
	int i, j, n = 0, w = 0;

	if (desc)
		desc[0] = 0;
	for (i = 0; i < nr_layouts; i++) {
		__u32 o = layout_off(&layouts[i]);
		bool dup = false;

		if (layouts[i].isa != l->isa || (o + size > mine && o < mine + size))
			continue;
		for (j = 0; j < n; j++)
			dup |= offs[j] == o;
		if (dup)
			continue;
		offs[n++] = o;
		if (desc && (size_t)w < len)
			w += snprintf(desc + w, len - w, "%s@%u", n > 1 ? ", " : "", o);
	}
	return n;
}


/* fake[FAKE_VCPU]: a vcpu_vmx with code where l says, decoys elsewhere. */
static int fake_vmx(struct fixture *f, const struct layout *l, __u64 code)
{
	__u32 offs[MAX_LAYOUTS];
	int i, n = decoy_offsets(l, offs, NULL, 0);

	memset(f->buf, 0xaa, f->fake_size);
	fake_put(f->buf, l->code_off, l->code_size, code);
	for (i = 0; i < n; i++)
		fake_put(f->buf, offs[i], l->code_size, VMX_HLT);
	return fake_write(f, FAKE_VCPU);
}

/*
 * A vcpu_svm whose vmcb points to fake[FAKE_VMCB] holding code (size bytes
 * of it); other kernels' vmcb offsets point to a vmcb with the decoy code.
 */
static int fake_svm(struct fixture *f, const struct layout *l, __u64 vmcb,
		    __u64 code, __u32 size)
{
	__u32 offs[MAX_LAYOUTS];
	int i, n = decoy_offsets(l, offs, NULL, 0), err;

	memset(f->buf, 0xaa, f->fake_size);
	fake_put(f->buf, l->vmcb_off, 8, vmcb);
	for (i = 0; i < n; i++)
		fake_put(f->buf, offs[i], 8, f->addr[FAKE_DECOY_VMCB]);
	err = fake_write(f, FAKE_VCPU);
	if (err)
		return err;
	memset(f->buf, 0xaa, f->fake_size);
	fake_put(f->buf, l->code_off, size, code);
	err = fake_write(f, FAKE_VMCB);
	if (err)
		return err;
	memset(f->buf, 0xaa, f->fake_size);
	for (i = 0; i < nr_layouts; i++)
		if (layouts[i].isa == KVM_ISA_SVM)
			fake_put(f->buf, layouts[i].code_off, layouts[i].code_size, SVM_HLT);
	return fake_write(f, FAKE_DECOY_VMCB);
}

/* Each event on the next allowed CPU, so the per-CPU sum is exercised. */
static void next_cpu(struct run *r)
{
	cpu_set_t set;
	int cpu, seen = -1;

	if (!nr_cpus_allowed)
		return;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &cpus_allowed))
			continue;
		if (++seen == r->cpu_turn % nr_cpus_allowed)
			break;
	}
	r->cpu_turn++;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static int fire(struct run *r, __u64 vcpu, unsigned int isa)
{
	__u64 args[2] = { vcpu, isa };
	LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = args,
		    .ctx_size_in = sizeof(args));

	next_cpu(r);
	if (bpf_prog_test_run_opts(r->prog_fd, &o))
		return -errno;
	return 0;
}

static unsigned long long count_of(const struct exit_table *t,
				   unsigned int isa, unsigned int code)
{
	unsigned long long n = 0;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->rows[i].isa == isa && t->rows[i].code == code)
			n += t->rows[i].count;
	return n;
}

static unsigned long long total(const struct exit_table *t)
{
	unsigned long long n = 0;
	size_t i;

	for (i = 0; i < t->n; i++)
		n += t->rows[i].count;
	return n;
}

static int read_lost(struct run *r, unsigned long long *lost)
{
	unsigned char *bss = calloc(1, r->bss_size);
	__u32 zero = 0;
	int err = 0;

	if (!bss)
		return -ENOMEM;
	if (bpf_map_lookup_elem(r->bss_fd, &zero, bss))
		err = -errno;
	else
		memcpy(lost, bss + r->losses_off + LOSS_UNDECODED * sizeof(*lost),
		       sizeof(*lost));
	free(bss);
	return err;
}

/*
 * Fires one event (unless setting up the fake struct failed) and checks what
 * it changed: code of isa counted once (or nothing, for code < 0), nothing
 * else counted, and lost events undecoded.
 */
static void expect(struct run *r, int err, __u64 vcpu, unsigned int isa,
		   long long code, unsigned long long lost, const char *what)
{
	const char *n = r->l->name;
	struct exit_table now = { 0 };
	unsigned long long got = 0, all, l = 0;

	if (!err)
		err = fire(r, vcpu, isa);
	if (!err)
		err = exit_counts_read(r->dense_isa, r->cache_fd, r->counts_fd, r->rare_fd, NULL,
				       &now);
	if (!err)
		err = read_lost(r, &l);
	if (err) {
		TAP_OK(0, "%s: %s: set up, run, read the maps: %s", n, what,
		       strerror(-err));
		exit_table_free(&now);
		return;
	}
	all = total(&now) - total(&r->seen);
	if (code >= 0) {
		got = count_of(&now, isa, code) - count_of(&r->seen, isa, code);
		TAP_EQ_U64(got, 1, isa == KVM_ISA_VMX ?
			   "%s: %s: reason %lld counted exactly once" :
			   "%s: %s: code %#llx counted exactly once", n, what, code);
	}
	TAP_EQ_U64(all - got, 0, "%s: %s: nothing %scounted", n, what,
		   code >= 0 ? "else " : "");
	TAP_EQ_U64(l - r->lost, lost, "%s: %s: losses[LOSS_UNDECODED] += %llu",
		   n, what, lost);
	exit_table_free(&r->seen);
	r->seen = now;
	r->lost = l;
}

static void test_vmx(struct run *r, struct fixture *f)
{
	const struct layout *l = r->l;
	__u64 vcpu = f->addr[FAKE_VCPU] + l->vcpu_off;

	/* Flag bits 31:16 (bus lock, FAILED_VMENTRY) are masked off. */
	expect(r, fake_vmx(f, l, 0x0400001e), vcpu, KVM_ISA_VMX, VMX_IO, 0,
	       "reason 0x0400001e (bus lock | IO)");
	expect(r, fake_vmx(f, l, 0x80000021), vcpu, KVM_ISA_VMX, 33, 0,
	       "reason 0x80000021 (FAILED_VMENTRY | 33)");
	expect(r, fake_vmx(f, l, VMX_RARE), vcpu, KVM_ISA_VMX, VMX_RARE, 0,
	       "reason 200 (rare map)");
	/* No vcpu_svm in this BTF: reported as undecoded, never counted. */
	expect(r, 0, vcpu, KVM_ISA_SVM, -1, 1, "isa=SVM on a VMX kernel");
	expect(r, 0, 0, KVM_ISA_VMX, -1, 1, "vcpu=NULL");
}

static void test_svm(struct run *r, struct fixture *f)
{
	const struct layout *l = r->l;
	__u64 vcpu = f->addr[FAKE_VCPU] + l->vcpu_off, vmcb = f->addr[FAKE_VMCB];
	__u32 size = l->code_size;

	expect(r, fake_svm(f, l, vmcb, SVM_IOIO, size), vcpu, KVM_ISA_SVM,
	       SVM_IOIO, 0, "exit_code 0x7b (IOIO)");
	expect(r, fake_svm(f, l, vmcb, SVM_NPF, size), vcpu, KVM_ISA_SVM,
	       SVM_NPF, 0, "exit_code 0x400 (NPF)");
	/*
	 * 8 bytes either way: exit_code_hi up to 6.19, the high half of the
	 * u64 exit_code since 7.0; the count keeps the low 32 bits.
	 */
	expect(r, fake_svm(f, l, vmcb, 0xdeadbeef00000000ull | SVM_MSR, 8),
	       vcpu, KVM_ISA_SVM, SVM_MSR, 0, size == 8 ?
	       "u64 exit_code 0xdeadbeef0000007c" :
	       "exit_code 0x7c, exit_code_hi 0xdeadbeef");
	expect(r, fake_svm(f, l, vmcb, SVM_ERR, size), vcpu, KVM_ISA_SVM,
	       0xffffffffu, 0, "SVM_EXIT_ERR (rare map, low 32 bits)");
	/* No vcpu_vmx in this BTF: reported as undecoded, never counted. */
	expect(r, 0, vcpu, KVM_ISA_VMX, -1, 1, "isa=VMX on an SVM kernel");
	expect(r, 0, 0, KVM_ISA_SVM, -1, 1, "vcpu=NULL");
	expect(r, fake_svm(f, l, 0, SVM_IOIO, size), vcpu, KVM_ISA_SVM, -1, 1,
	       "vmcb=NULL");
}

static int load_run(struct run *r, const char *obj_path, const char *btf_path)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .btf_custom_path = btf_path);
	struct bpf_program *p, *prog = NULL;
	struct bpf_map *bss;
	int err;

	r->obj = bpf_object__open_file(obj_path, &oo);
	if (!r->obj)
		return -errno;
	bpf_object__for_each_program(p, r->obj) {
		bool want = !strcmp(bpf_program__name(p), PROG_EXIT_VCPU);

		bpf_program__set_autoload(p, want);
		if (want)
			prog = p;
	}
	if (!prog)
		return -ENOENT;
	/* As on a real host, the dense counter array serves this BTF's ISA. */
	err = exit_counts_configure(r->obj, r->l->isa);
	if (err)
		return err;
	r->dense_isa = r->l->isa;
	err = bpf_object__load(r->obj);
	if (err)
		return err;
	bss = bpf_object__find_map_by_name(r->obj, ".bss");
	if (!bss)
		return -ENOENT;
	err = bpf_var_offset(r->obj, ".bss", "losses", &r->losses_off);
	if (err)
		return err;
	r->bss_fd = bpf_map__fd(bss);
	r->bss_size = bpf_map__value_size(bss);
	if (r->losses_off + LOSS_MAX * sizeof(__u64) > r->bss_size)
		return -EINVAL;
	r->prog_fd = bpf_program__fd(prog);
	r->cache_fd = bpf_object__find_map_fd_by_name(r->obj, "cache");
	r->counts_fd = bpf_object__find_map_fd_by_name(r->obj, "counts");
	r->rare_fd = bpf_object__find_map_fd_by_name(r->obj, "rare");
	if (r->cache_fd < 0 || r->counts_fd < 0 || r->rare_fd < 0)
		return -ENOENT;
	return 0;
}

/* Every count must be the test thread's: nothing else runs the program. */
static void check_owner(const struct run *r)
{
	unsigned int tgid = getpid(), tid = gettid_();
	size_t i, bad = 0;

	for (i = 0; i < r->seen.n; i++)
		bad += r->seen.rows[i].tgid != tgid || r->seen.rows[i].tid != tid;
	TAP_EQ_U64(bad, 0, "%s: every row belongs to the test thread", r->l->name);
}

static void test_layout(const struct layout *l, const char *obj_path,
			struct fixture *f)
{
	struct run r = { .l = l };
	int err = load_run(&r, obj_path, l->file);

	TAP_OK(!err, "%s: load %s with it as target BTF", l->name, PROG_EXIT_VCPU);
	if (err) {
		printf("#   %s\n", strerror(-err));
		goto out;
	}
	/* The counter array is sized for the ISA: VMX needs fewer slots. */
	TAP_EQ_U64(bpf_map__value_size(bpf_object__find_map_by_name(r.obj, "counts")),
		   (l->isa == KVM_ISA_VMX ? VMX_SLOTS : EXIT_SLOTS) * sizeof(__u64),
		   "%s: per-thread counters sized for the ISA", l->name);
	if (l->isa == KVM_ISA_VMX)
		test_vmx(&r, f);
	else
		test_svm(&r, f);
	check_owner(&r);
out:
	exit_table_free(&r.seen);
	bpf_object__close(r.obj);
}


/* The fake struct must hold every layout's fields. */
static bool layout_fits(const struct layout *l, __u32 size)
{
	return l->code_off + 8 <= size && l->vmcb_off + 8 <= size;
}

/* Reads one BTF file's layout into layouts[] if it is usable. */
static void add_layout(const char *path, __u32 fake_size)
{
	struct layout *l = &layouts[nr_layouts];
	int err = parse_layout(path, l);
	char vmcb[32] = "";

	if (err) {
		TAP_OK(0, "%s: layout from BTF: %s", path, strerror(-err));
		return;
	}
	if (l->isa == KVM_ISA_SVM)
		snprintf(vmcb, sizeof(vmcb), "vcpu_svm.vmcb @%u, ", l->vmcb_off);
	TAP_OK(layout_fits(l, fake_size), "%s: layout from BTF: %s%s @%u (%u bytes)",
	       l->name, vmcb, l->path, l->code_off, l->code_size);
	if (layout_fits(l, fake_size))
		nr_layouts++;
}

/*
 * kvmexittime's kvm_exit_vcpu reads the code through the same header; check
 * that its copy, relocated against the same BTF, records the right code in
 * the thread's exit state.
 */
static void test_time_layout(const struct layout *l, const char *obj_path,
			     struct fixture *f)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .btf_custom_path = l->file);
	__u64 vcpu = f->addr[FAKE_VCPU] + l->vcpu_off;
	struct exit_state st = { 0 };
	struct run r = { .l = l };
	unsigned int want, tid = gettid_();
	struct bpf_program *p;
	int err, states = -1;

	r.obj = bpf_object__open_file(obj_path, &oo);
	err = r.obj ? 0 : -errno;
	if (!err) {
		bpf_object__for_each_program(p, r.obj)
			bpf_program__set_autoload(p, !strcmp(bpf_program__name(p),
							     PROG_EXIT_VCPU));
		err = bpf_object__load(r.obj);
	}
	TAP_OK(!err, "%s: load kvmexittime's %s with it as target BTF", l->name,
	       PROG_EXIT_VCPU);
	if (err)
		goto out;
	r.prog_fd = bpf_program__fd(bpf_object__find_program_by_name(r.obj, PROG_EXIT_VCPU));
	states = bpf_object__find_map_fd_by_name(r.obj, "states");
	if (l->isa == KVM_ISA_VMX) {
		err = fake_vmx(f, l, 0x0400001e);
		want = VMX_IO;
	} else {
		err = fake_svm(f, l, f->addr[FAKE_VMCB], 0xdeadbeef00000000ull | SVM_MSR, 8);
		want = SVM_MSR;
	}
	if (!err)
		err = fire(&r, vcpu, l->isa);
	if (!err)
		err = bpf_map_lookup_elem(states, &tid, &st) ? -errno : 0;
	TAP_OK(!err && st.in_exit && st.isa == l->isa && st.code == want,
	       "%s: kvmexittime records exit code %u for the thread", l->name, want);
	if (!err)
		printf("#   state: in_exit %u isa %u code %u\n", st.in_exit, st.isa, st.code);
out:
	bpf_object__close(r.obj);
}

int main(int argc, char **argv)
{
	struct bpf_object *fixture_obj = NULL;
	struct fixture f = { 0 };
	cpu_set_t saved;
	int i, rc;

	if (argc < 5) {
		fprintf(stderr, "usage: vendor_test KVMEXIT_BPF_OBJ KVMEXITTIME_BPF_OBJ FIXTURE_BPF_OBJ BTF...\n");
		return 2;
	}
	if (argc - 4 > MAX_LAYOUTS) {
		fprintf(stderr, "vendor_test: at most %d BTF files\n", MAX_LAYOUTS);
		return 2;
	}
	if (geteuid()) {
		printf("SKIP: needs root for BPF_PROG_TEST_RUN and kernel addresses\n");
		return 77;
	}
	verbose = getenv("VENDOR_TEST_VERBOSE");
	libbpf_set_print(print_fn);
	if (!sched_getaffinity(0, sizeof(saved), &saved)) {
		cpus_allowed = saved;
		nr_cpus_allowed = CPU_COUNT(&saved);
	}

	rc = fixture_open(argv[3], &fixture_obj, &f);
	if (rc)
		goto out;
	for (i = 4; i < argc; i++)
		add_layout(argv[i], f.fake_size);
	for (i = 0; i < nr_layouts; i++) {
		__u32 offs[MAX_LAYOUTS];
		char desc[128];
		int n = decoy_offsets(&layouts[i], offs, desc, sizeof(desc));

		/* Without another kernel's offset a wrong read cannot show. */
		TAP_OK(n > 0, "%s: decoys at the other kernels' %s offsets: %s",
		       layouts[i].name,
		       layouts[i].isa == KVM_ISA_VMX ? "exit_reason" : "vmcb",
		       n ? desc : "none");
	}
	for (i = 0; i < nr_layouts; i++) {
		test_layout(&layouts[i], argv[1], &f);
		test_time_layout(&layouts[i], argv[2], &f);
	}
	rc = tap_done();
out:
	if (nr_cpus_allowed)
		sched_setaffinity(0, sizeof(saved), &saved);
	free(f.buf);
	bpf_object__close(fixture_obj);
	return rc;
}
