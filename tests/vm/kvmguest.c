// SPDX-License-Identifier: GPL-2.0
/*
 * kvmguest - a minimal /dev/kvm VMM that produces an exact, known set of
 * VM exits, so that kvm_exit tracers can be checked against ground truth.
 *
 * Every vCPU runs the same tiny 64-bit guest (identity-mapped 2 MiB page,
 * code at GPA 0x10000).  The loop counts are passed in registers, so the
 * vCPUs share the code and need no stack:
 *
 *	r8  = number of OUTs to port r12, r13 bytes   (exit to user: KVM_EXIT_IO)
 *	r14 = number of INs from port r12, r13 bytes  (exit to user: KVM_EXIT_IO)
 *	r9  = number of CPUID                          (handled in the kernel)
 *	r10 = number of RDMSR+WRMSR of MSR r15 (IA32_MISC_ENABLE by default;
 *	      handled in the kernel)
 *	r11 = number of VMMCALL                        (handled in the kernel)
 *	then HLT                                       (no irqchip: KVM_EXIT_HLT)
 *
 * At HLT the counters must all be zero; together with the number of
 * KVM_EXIT_IO seen, that proves the guest did exactly what was asked.
 *
 * Build: gcc -std=gnu11 -O2 -Wall -Wextra -Werror -static -pthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_VCPUS	64
#define MEM_SIZE	0x200000UL	/* one 2 MiB page, identity-mapped */
#define PML4_GPA	0x1000UL
#define PDPT_GPA	0x2000UL
#define PD_GPA		0x3000UL
#define CODE_GPA	0x10000UL
#define IO_PORT		0x3f8

#define PTE_P		(1ULL << 0)
#define PTE_RW		(1ULL << 1)
#define PTE_PS		(1ULL << 7)

#define CR0_PE		(1ULL << 0)
#define CR0_PG		(1ULL << 31)
#define CR4_PAE		(1ULL << 5)
#define EFER_LME	(1ULL << 8)
#define EFER_LMA	(1ULL << 10)

/*
 * The guest.  Position independent, registers only.  Port and loop counts
 * arrive in registers set by KVM_SET_REGS; CPUID and RDMSR clobber
 * eax/ebx/ecx/edx, which is why the counts live in r8-r11 and the port is
 * loaded once before the only loop that needs it.
 */
__asm__(
	".pushsection .rodata\n"
	".code64\n"
	"guest_code:\n"
	"	mov	%r12, %rdx\n"
	"1:	test	%r8, %r8\n"
	"	jz	7f\n"
	"	cmp	$2, %r13\n"
	"	je	11f\n"
	"	cmp	$4, %r13\n"
	"	je	12f\n"
	"	out	%al, (%dx)\n"
	"	jmp	13f\n"
	"11:	out	%ax, (%dx)\n"
	"	jmp	13f\n"
	"12:	out	%eax, (%dx)\n"
	"13:	dec	%r8\n"
	"	jmp	1b\n"
	"7:	test	%r14, %r14\n"
	"	jz	2f\n"
	"	cmp	$2, %r13\n"
	"	je	14f\n"
	"	cmp	$4, %r13\n"
	"	je	15f\n"
	"	in	(%dx), %al\n"
	"	jmp	16f\n"
	"14:	in	(%dx), %ax\n"
	"	jmp	16f\n"
	"15:	in	(%dx), %eax\n"
	"16:	dec	%r14\n"
	"	jmp	7b\n"
	"2:	test	%r9, %r9\n"
	"	jz	3f\n"
	"	xor	%eax, %eax\n"
	"	xor	%ecx, %ecx\n"
	"	cpuid\n"
	"	dec	%r9\n"
	"	jmp	2b\n"
	"3:	test	%r10, %r10\n"
	"	jz	4f\n"
	"	mov	%r15d, %ecx\n"
	"	rdmsr\n"
	"	wrmsr\n"			/* write back what was read */
	"	dec	%r10\n"
	"	jmp	3b\n"
	"4:	test	%r11, %r11\n"
	"	jz	5f\n"
	"	xor	%eax, %eax\n"		/* nr 0: unknown, returns -KVM_ENOSYS */
	"	vmmcall\n"
	"	dec	%r11\n"
	"	jmp	4b\n"
	"5:	hlt\n"
	"	jmp	5b\n"
	"guest_code_end:\n"
	".popsection\n");

extern const unsigned char guest_code[], guest_code_end[];

struct options {
	unsigned int vcpus;
	unsigned long long io, cpuid, msr, hypercall;
	unsigned long long io_in;	/* --io-in: INs after the OUTs */
	unsigned int io_port, io_size;	/* --io-port, --io-size: 1, 2 or 4 */
	unsigned int msr_index;		/* --msr-index */
	unsigned long io_delay_us;
	unsigned long io_spin_us;	/* busy, not asleep: can be preempted */
	unsigned long start_delay_ms;
	unsigned long linger_ms;	/* vCPU threads stay after their HLT */
	const char *thread_style;	/* --thread-style: how vCPU threads are named */
};

struct vcpu {
	pthread_t thread;
	unsigned int id;
	pid_t tid;
	int fd;
	struct kvm_run *run;
	char err[160];			/* setup or run failure, empty if none */
	unsigned long long io_exits, in_exits, hlt_exits, user_exits;
	unsigned long long left[4];	/* r8..r11 at HLT */
	unsigned long long in_left;	/* r14 at HLT */
	bool halted;
};

static struct options opt = {
	.vcpus = 1, .io = 1000, .thread_style = "qemu",
	.io_port = IO_PORT, .io_size = 1, .msr_index = 0x1a0,
};
static int kvm_fd, vm_fd;
static size_t run_size;
static struct kvm_cpuid2 *cpuid;
static pthread_barrier_t ready, go, done;

static void sleep_ms(unsigned long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "kvmguest: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (usage: kvmguest [--vcpus N] [--io N] [--cpuid N] [--msr N] [--hypercall N] [--io-in N] [--io-port PORT] [--io-size 1|2|4] [--msr-index MSR] [--io-delay-us US] [--io-spin-us US] [--start-delay-ms MS] [--linger-ms MS] [-name guest=NAME] [--id NAME] [--thread-style qemu|firecracker|cloud-hypervisor])\n");
	exit(2);
}

static unsigned long long parse_num(const char *name, const char *s,
				    unsigned long long max)
{
	unsigned long long v;
	char *end;

	if (!s)
		usage_error("%s needs a value", name);
	/* strtoull accepts "-1"; a count never is negative */
	if (*s < '0' || *s > '9')
		usage_error("bad number for %s", name);
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		usage_error("bad number for %s", name);
	return v;
}

static void parse_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		char name[32];
		const char *eq = strchr(a, '=');

		/* accept both "--opt N" and "--opt=N" */
		if (eq && a[0] == '-' && a[1] == '-' && (size_t)(eq - a) < sizeof(name)) {
			memcpy(name, a, eq - a);
			name[eq - a] = '\0';
			val = eq + 1;
		} else {
			snprintf(name, sizeof(name), "%s", a);
			if (i + 1 < argc)
				val = argv[i + 1];
			if (a[0] == '-')
				i++;
		}

		if (!strcmp(name, "--vcpus")) {
			opt.vcpus = parse_num(name, val, MAX_VCPUS);
			if (!opt.vcpus)
				usage_error("%s must be at least 1", name);
		} else if (!strcmp(name, "--io")) {
			opt.io = parse_num(name, val, ~0ULL);
		} else if (!strcmp(name, "--io-in")) {
			opt.io_in = parse_num(name, val, ~0ULL);
		} else if (!strcmp(name, "--io-port")) {
			opt.io_port = parse_num(name, val, 0xffff);
		} else if (!strcmp(name, "--io-size")) {
			opt.io_size = parse_num(name, val, 4);
			if (opt.io_size != 1 && opt.io_size != 2 && opt.io_size != 4)
				usage_error("%s must be 1, 2 or 4", name);
		} else if (!strcmp(name, "--msr-index")) {
			opt.msr_index = parse_num(name, val, 0xffffffffULL);
		} else if (!strcmp(name, "--cpuid")) {
			opt.cpuid = parse_num(name, val, ~0ULL);
		} else if (!strcmp(name, "--msr")) {
			opt.msr = parse_num(name, val, ~0ULL);
		} else if (!strcmp(name, "--hypercall")) {
			opt.hypercall = parse_num(name, val, ~0ULL);
		} else if (!strcmp(name, "--io-delay-us")) {
			opt.io_delay_us = parse_num(name, val, 10000000);
		} else if (!strcmp(name, "--io-spin-us")) {
			opt.io_spin_us = parse_num(name, val, 10000000);
		} else if (!strcmp(name, "--linger-ms")) {
			opt.linger_ms = parse_num(name, val, 3600000);
		} else if (!strcmp(name, "--start-delay-ms")) {
			opt.start_delay_ms = parse_num(name, val, 3600000);
		} else if (!strcmp(name, "-name") || !strcmp(name, "--id")) {
			/*
			 * QEMU's and Firecracker's way to name the VM: the tools
			 * read it from /proc/PID/cmdline, i.e. from argv itself.
			 */
			if (!val)
				usage_error("%s needs a value", name);
		} else if (!strcmp(name, "--thread-style")) {
			if (!val || (strcmp(val, "qemu") && strcmp(val, "firecracker") &&
				     strcmp(val, "cloud-hypervisor")))
				usage_error("bad value for %s", name);
			opt.thread_style = val;
		} else {
			usage_error("unknown argument '%s'", a);
		}
	}
}

/* Page tables for a 1:1 mapping of the first 2 MiB, and the guest code. */
/* A VMM that computes rather than sleeps: the scheduler may preempt it. */
static void spin_us(unsigned long us)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while ((t.tv_sec - t0.tv_sec) * 1000000L + (t.tv_nsec - t0.tv_nsec) / 1000 <
	       (long)us);
}

static void setup_memory(void)
{
	struct kvm_userspace_memory_region region;
	uint64_t *pml4, *pdpt, *pd;
	void *mem;

	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED) {
		perror("kvmguest: mmap guest memory");
		exit(1);
	}
	pml4 = (uint64_t *)((char *)mem + PML4_GPA);
	pdpt = (uint64_t *)((char *)mem + PDPT_GPA);
	pd = (uint64_t *)((char *)mem + PD_GPA);
	pml4[0] = PDPT_GPA | PTE_P | PTE_RW;
	pdpt[0] = PD_GPA | PTE_P | PTE_RW;
	pd[0] = 0 | PTE_P | PTE_RW | PTE_PS;
	memcpy((char *)mem + CODE_GPA, guest_code, guest_code_end - guest_code);

	region = (struct kvm_userspace_memory_region) {
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = MEM_SIZE,
		.userspace_addr = (uintptr_t)mem,
	};
	if (ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		perror("kvmguest: KVM_SET_USER_MEMORY_REGION");
		exit(1);
	}
}

/* KVM_GET_SUPPORTED_CPUID fails with E2BIG until the buffer is big enough. */
static void get_supported_cpuid(void)
{
	for (unsigned int n = 64; n <= 4096; n *= 2) {
		cpuid = calloc(1, sizeof(*cpuid) + n * sizeof(cpuid->entries[0]));
		if (!cpuid) {
			perror("kvmguest: calloc");
			exit(1);
		}
		cpuid->nent = n;
		if (!ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, cpuid))
			return;
		free(cpuid);
		if (errno != E2BIG)
			break;
	}
	perror("kvmguest: KVM_GET_SUPPORTED_CPUID");
	exit(1);
}

static void open_vm(void)
{
	int version;

	kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm_fd < 0) {
		fprintf(stderr, "kvmguest: cannot open /dev/kvm: %s\n", strerror(errno));
		exit(1);
	}
	version = ioctl(kvm_fd, KVM_GET_API_VERSION, 0);
	if (version != KVM_API_VERSION) {
		fprintf(stderr, "kvmguest: unexpected KVM API version %d\n", version);
		exit(1);
	}
	/* A stop/continue signal can interrupt it (mmu notifier setup), as QEMU knows. */
	do
		vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	while (vm_fd < 0 && errno == EINTR);
	if (vm_fd < 0) {
		perror("kvmguest: KVM_CREATE_VM");
		exit(1);
	}
	run_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if ((long)run_size <= 0) {
		perror("kvmguest: KVM_GET_VCPU_MMAP_SIZE");
		exit(1);
	}
	get_supported_cpuid();
	setup_memory();
}

/* Record why a vCPU failed; the main thread reports it. */
static int fail(struct vcpu *v, const char *what)
{
	snprintf(v->err, sizeof(v->err), "%s: %s", what, strerror(errno));
	return -1;
}

/* 64-bit code segment; data segments flat. */
static void set_long_mode(struct kvm_sregs *s)
{
	struct kvm_segment code = {
		.base = 0, .limit = 0xffffffff, .selector = 8,
		.type = 11, .present = 1, .dpl = 0, .db = 0, .s = 1, .l = 1, .g = 1,
	};
	struct kvm_segment data = code;

	data.selector = 16;
	data.type = 3;
	data.db = 1;
	data.l = 0;
	s->cs = code;
	s->ds = s->es = s->fs = s->gs = s->ss = data;
	s->cr3 = PML4_GPA;
	s->cr4 = CR4_PAE;
	s->cr0 = CR0_PE | CR0_PG;
	s->efer = EFER_LME | EFER_LMA;
}

static int setup_vcpu(struct vcpu *v)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = {
		.rip = CODE_GPA,
		.rflags = 2,			/* bit 1 is reserved, must be 1 */
		.r8 = opt.io,
		.r9 = opt.cpuid,
		.r10 = opt.msr,
		.r11 = opt.hypercall,
		.r12 = opt.io_port,
		.r13 = opt.io_size,
		.r14 = opt.io_in,
		.r15 = opt.msr_index,
	};

	v->fd = ioctl(vm_fd, KVM_CREATE_VCPU, v->id);
	if (v->fd < 0)
		return fail(v, "KVM_CREATE_VCPU");
	v->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED)
		return fail(v, "mmap kvm_run");
	/* 7.x: KVM_SET_SREGS checks EFER.LME against guest CPUID (LM) */
	if (ioctl(v->fd, KVM_SET_CPUID2, cpuid) < 0)
		return fail(v, "KVM_SET_CPUID2");
	if (ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return fail(v, "KVM_GET_SREGS");
	set_long_mode(&sregs);
	if (ioctl(v->fd, KVM_SET_SREGS, &sregs) < 0)
		return fail(v, "KVM_SET_SREGS");
	if (ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
		return fail(v, "KVM_SET_REGS");
	return 0;
}

/* Only single accesses to our port, of our size, are expected. */
static bool is_our_io(const struct kvm_run *run)
{
	return run->io.port == opt.io_port && run->io.size == opt.io_size &&
	       run->io.count == 1;
}

static void record_halt(struct vcpu *v)
{
	struct kvm_regs regs;

	if (ioctl(v->fd, KVM_GET_REGS, &regs) < 0) {
		fail(v, "KVM_GET_REGS");
		return;
	}
	v->left[0] = regs.r8;
	v->left[1] = regs.r9;
	v->left[2] = regs.r10;
	v->left[3] = regs.r11;
	v->in_left = regs.r14;
	v->halted = true;
}

static void run_vcpu(struct vcpu *v)
{
	for (;;) {
		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fail(v, "KVM_RUN");
			return;
		}
		v->user_exits++;
		switch (v->run->exit_reason) {
		case KVM_EXIT_IO:
			if (!is_our_io(v->run)) {
				snprintf(v->err, sizeof(v->err), "unexpected io port 0x%x",
					 v->run->io.port);
				return;
			}
			if (v->run->io.direction == KVM_EXIT_IO_IN)
				v->in_exits++;
			else
				v->io_exits++;
			if (opt.io_delay_us)
				usleep(opt.io_delay_us);
			if (opt.io_spin_us)
				spin_us(opt.io_spin_us);
			break;
		case KVM_EXIT_HLT:
			v->hlt_exits++;
			record_halt(v);
			return;
		default:
			snprintf(v->err, sizeof(v->err), "unexpected exit reason %u",
				 v->run->exit_reason);
			return;
		}
	}
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *v = arg;
	char name[16];

	/* the thread names real VMMs use, so tools can match vCPU threads */
	if (!strcmp(opt.thread_style, "firecracker"))
		snprintf(name, sizeof(name), "fc_vcpu %u", v->id);
	else if (!strcmp(opt.thread_style, "cloud-hypervisor"))
		snprintf(name, sizeof(name), "vcpu%u", v->id);
	else
		snprintf(name, sizeof(name), "CPU %u/KVM", v->id);
	prctl(PR_SET_NAME, name, 0, 0, 0);
	v->tid = syscall(SYS_gettid);

	setup_vcpu(v);
	pthread_barrier_wait(&ready);
	pthread_barrier_wait(&go);
	if (!v->err[0])
		run_vcpu(v);
	/* "halted" is printed when all are done; threads then stay a while. */
	pthread_barrier_wait(&done);
	sleep_ms(opt.linger_ms);
	return NULL;
}

static bool report(const struct vcpu *v)
{
	bool ok = !v->err[0] && v->halted && v->io_exits == opt.io &&
		  v->in_exits == opt.io_in && !v->in_left &&
		  !v->left[0] && !v->left[1] && !v->left[2] && !v->left[3];

	printf("vcpu%u: io=%llu io_in=%llu cpuid=%llu msr=%llu hypercall=%llu hlt=%llu exits_to_user=%llu result=%s",
	       v->id, v->io_exits, v->in_exits, opt.cpuid - v->left[1], opt.msr - v->left[2],
	       opt.hypercall - v->left[3], v->hlt_exits, v->user_exits,
	       ok ? "OK" : "FAIL");
	if (v->err[0])
		printf(" (%s)", v->err);
	printf("\n");
	return ok;
}


int main(int argc, char **argv)
{
	struct vcpu vcpus[MAX_VCPUS] = { 0 };
	bool ok = true;
	unsigned int i;

	parse_args(argc, argv);
	printf("pid=%d\n", getpid());
	fflush(stdout);

	open_vm();
	pthread_barrier_init(&ready, NULL, opt.vcpus + 1);
	pthread_barrier_init(&go, NULL, opt.vcpus + 1);
	pthread_barrier_init(&done, NULL, opt.vcpus + 1);
	for (i = 0; i < opt.vcpus; i++) {
		vcpus[i].id = i;
		errno = pthread_create(&vcpus[i].thread, NULL, vcpu_thread, &vcpus[i]);
		if (errno) {
			perror("kvmguest: pthread_create");
			return 1;
		}
	}

	/* every vCPU exists and knows its tid: tracers can attach now */
	pthread_barrier_wait(&ready);
	for (i = 0; i < opt.vcpus; i++) {
		if (vcpus[i].err[0]) {
			fprintf(stderr, "kvmguest: vcpu%u: %s\n", i, vcpus[i].err);
			return 1;
		}
		printf("vcpu%u=%d\n", i, vcpus[i].tid);
	}
	fflush(stdout);

	sleep_ms(opt.start_delay_ms);
	pthread_barrier_wait(&go);
	pthread_barrier_wait(&done);
	printf("halted\n");
	fflush(stdout);
	for (i = 0; i < opt.vcpus; i++)
		pthread_join(vcpus[i].thread, NULL);
	for (i = 0; i < opt.vcpus; i++)
		ok &= report(&vcpus[i]);
	return ok ? 0 : 1;
}
