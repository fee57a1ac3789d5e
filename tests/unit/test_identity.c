// SPDX-License-Identifier: GPL-2.0
/*
 * VM names from VMM command lines, vCPU indexes from thread names, their
 * rendering in a column, and the cache and --vm search over a fake /proc.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "identity.h"
#include "proc.h"
#include "../lib/files.h"
#include "../lib/tap.h"

/* cmdline texts are NUL-separated: sizeof - 1 drops the literal's own NUL. */
#define CMD(s) s, sizeof(s) - 1

static void name_is(const char *buf, size_t len, const char *want,
		    const char *what)
{
	char name[IDENTITY_NAME_MAX];
	int rc = identity_parse_cmdline(buf, len, name, sizeof(name));

	if (!want)
		TAP_OK(rc == -1, "%s: no name", what);
	else
		TAP_EQ_STR(rc ? "(none)" : name, want, "%s", what);
}

static void test_cmdline(void)
{
	name_is(CMD("qemu-system-x86_64\0-enable-kvm\0-name\0guest=web1,debug-threads=on\0-m\0512\0"),
		"web1", "libvirt's guest=NAME,debug-threads=on");
	name_is(CMD("/usr/bin/qemu-system-x86_64\0-name\0web2\0"), "web2",
		"-name NAME");
	name_is(CMD("qemu-kvm\0-name\0web3,process=qemu-web3\0"), "web3",
		"-name NAME,process=...");
	name_is(CMD("qemu\0-name\0a,,b,process=p\0"), "a,b", "\",,\" is a comma");
	name_is(CMD("qemu\0-name\0guest=x,,y=z\0"), "x,y=z", "\",,\" inside guest=");
	name_is(CMD("qemu\0-name\0process=p,guest=late\0"), "late",
		"guest= after another key");
	name_is(CMD("qemu\0-name\0process=p\0"), NULL, "-name without guest");
	name_is(CMD("qemu\0--name\0dd\0"), "dd", "--name, as QEMU allows");
	name_is(CMD("qemu\0-name\0first\0-name\0second\0"), "second",
		"the last -name wins");
	name_is(CMD("qemu\0-name\0kept\0-name\0process=p\0"), "kept",
		"a later -name without guest keeps it (QEMU merges them)");
	name_is(CMD("qemu\0-name\0guest=\0"), NULL, "an empty name is none");
	name_is(CMD("qemu\0-name\0"), NULL, "-name as the last argument");
	name_is(CMD("qemu\0-name\0cut"), NULL, "an argument cut by the read");
	name_is(CMD("qemu\0-name=x\0"), NULL, "-name=x is no QEMU option");
	name_is(CMD("qemu\0-m\0-name\0"), NULL, "-name as a value's place");
	name_is(CMD("firecracker\0--id\0fc1\0--api-sock\0/s\0"), "fc1",
		"Firecracker --id ID");
	name_is(CMD("/usr/bin/firecracker-v1.7\0--id=fc2\0"), "fc2",
		"Firecracker --id=ID");
	name_is(CMD("firecracker\0-name\0x\0"), NULL, "Firecracker has no -name");
	name_is(CMD("crosvm\0run\0--name\0cv1\0/vmlinux\0"), "cv1",
		"crosvm run --name NAME");
	name_is(CMD("crosvm\0run\0--name=a,b\0"), "a,b",
		"crosvm's name is taken whole");
	name_is(CMD("cloud-hypervisor\0--kernel\0k\0"), NULL,
		"cloud-hypervisor has no name option");
	name_is("", 0, NULL, "an empty cmdline (a kernel thread)");
	name_is(CMD("x\0"), NULL, "argv[0] only");
}

static void vcpu_is(const char *comm, long want)
{
	TAP_EQ_U64(identity_parse_vcpu(comm, strlen(comm)), want, "vCPU of '%s'",
		   comm);
}

static void test_vcpu(void)
{
	vcpu_is("CPU 0/KVM\n", 0);
	vcpu_is("CPU 12/KVM", 12);
	vcpu_is("fc_vcpu 3\n", 3);
	vcpu_is("vcpu7", 7);
	vcpu_is("crosvm_vcpu2", 2);
	vcpu_is("CPU 01/KVM", -1);
	vcpu_is("CPU /KVM", -1);
	vcpu_is("CPU -1/KVM", -1);
	vcpu_is("CPU 1/KVMx", -1);
	vcpu_is("CPU 1/KVM\n\n", -1);
	vcpu_is("fc_vcpu3", -1);
	vcpu_is("vcpu", -1);
	vcpu_is("vcpu 1", -1);
	vcpu_is("CPU 1234567/KVM", -1);
	vcpu_is("qemu-system-x86", -1);
	vcpu_is("", -1);
}

static void column_is(const char *name, const char *want)
{
	char buf[IDENTITY_VM_WIDTH + 1];

	identity_column(name, buf, sizeof(buf), IDENTITY_VM_WIDTH);
	TAP_EQ_STR(buf, want, "column of '%s'", name ? name : "(null)");
	TAP_OK(strlen(buf) <= IDENTITY_VM_WIDTH, "fits %d columns",
	       IDENTITY_VM_WIDTH);
}

static void test_column(void)
{
	column_is("web1", "web1");
	column_is("", "-");
	column_is(NULL, "-");
	column_is("a b%d\n\x1b[2J", "a b%d\\n\\x1b[2J");
	column_is("back\\slash\ttab\r", "back\\\\slash\\ttab\\r");
	column_is("caf\xc3\xa9", "caf\\xc3\\xa9");
	column_is("\x7f", "\\x7f");
	column_is("abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwx");
	column_is("abcdefghijklmnopqrstuvwxy", "abcdefghijklmnopqrstu...");
	/* Cut between escapes, never inside one. */
	column_is("abcdefghijklmnopq\x1b\x1b", "abcdefghijklmnopq\\x1b...");
	column_is("abcdefghijklmnopqr\x1b\x1b", "abcdefghijklmnopqr...");
	column_is("\x1b\x1b\x1b\x1b\x1b\x1b\x1b", "\\x1b\\x1b\\x1b\\x1b\\x1b...");
}

static char root[] = "/tmp/kvmexit-identity-XXXXXX";

static void put(const char *rel, const char *text, size_t len)
{
	fixture_write(root, rel, text, len);
}

static void mk(const char *fmt, unsigned int a)
{
	char path[512], rel[128];

	snprintf(rel, sizeof(rel), fmt, a);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdir(path, 0755);
}

/* Process pid: its cmdline, threads pid..pid+n-1 named comms, a VM fd. */
static void process(unsigned int pid, const char *cmdline, size_t len,
		    const char *const *comms, int n, bool vm)
{
	char rel[128], path[512];
	int i;

	mk("%u", pid);
	mk("%u/task", pid);
	mk("%u/fd", pid);
	snprintf(rel, sizeof(rel), "%u/cmdline", pid);
	put(rel, cmdline, len);
	for (i = 0; i < n; i++) {
		snprintf(rel, sizeof(rel), "%u/task/%u", pid, pid + i);
		snprintf(path, sizeof(path), "%s/%s", root, rel);
		mkdir(path, 0755);
		strcat(rel, "/comm");
		put(rel, comms[i], strlen(comms[i]));
	}
	snprintf(path, sizeof(path), "%s/%u/fd/3", root, pid);
	TAP_OK(!symlink(vm ? "anon_inode:kvm-vm" : "anon_inode:kvm-vcpu:0", path),
	       "fake fd of %u", pid);
}

/*
 * Issue 15: far more threads come and go than the cache holds.  Once it is
 * full of threads that are gone, a live one still gets its index: the gone
 * ones are pruned.
 */
static void test_churn(void)
{
	unsigned int tid;
	long wrong = 0;

	identity_start(100);
	for (tid = 100000; tid < 100000 + 16384; tid++)
		wrong += identity_vcpu(100, tid) != -1;
	TAP_EQ_U64(wrong, 0, "16384 threads that are gone: no index");
	TAP_EQ_U64(identity_vcpu(100, 102), 1, "a live vCPU thread after them: vCPU 1");
	TAP_EQ_STR(identity_comm(100, 102), "CPU 1/KVM", "and its name");
	identity_reset();
	identity_start(0);
	for (tid = 100000; tid < 100000 + 512; tid++)
		wrong += identity_vm(tid) != NULL;
	TAP_EQ_U64(wrong, 0, "512 processes that are gone: no name");
	TAP_EQ_STR(identity_vm(400), "dup", "a live VM after them: its name");
	identity_reset();
}

static void test_cache(void)
{
	static const char *const qemu[] = { "qemu-system-x86\n", "CPU 0/KVM\n",
					     "CPU 1/KVM\n" };
	static const char *const fc[] = { "firecracker\n", "fc_vcpu 0\n" };
	unsigned int pids[IDENTITY_MAX_CANDIDATES];
	char ctx[128], rel[128];

	if (!mkdtemp(root)) {
		TAP_OK(0, "mkdtemp");
		return;
	}
	proc_set_root(root);
	process(100, CMD("qemu\0-name\0guest=web1\0"), qemu, 3, true);
	process(200, CMD("firecracker\0--id\0dup\0"), fc, 2, true);
	process(300, CMD("qemu\0-name\0dup\0"), qemu, 1, false);
	process(400, CMD("qemu\0-name\0dup\0"), qemu, 3, true);

	TAP_EQ_U64(identity_find_vm("web1", pids, 8), 1, "--vm web1: one VMM");
	TAP_EQ_U64(pids[0], 100, "--vm web1: PID 100");
	TAP_EQ_U64(identity_find_vm("dup", pids, 8), 2,
		   "--vm dup: two VMMs (300 has no VM open)");
	TAP_OK(pids[0] == 200 && pids[1] == 400, "--vm dup: PIDs ascending");
	TAP_EQ_U64(identity_find_vm("dup", pids, 1), 2, "counts beyond max");
	TAP_EQ_U64(identity_find_vm("web", pids, 8), 0, "--vm web: a prefix is no match");

	TAP_OK(!identity_enabled() && !identity_vm(100),
	       "nothing is read before identity_start");
	identity_start(100);
	TAP_OK(identity_enabled(), "started");
	TAP_EQ_STR(identity_vm(100), "web1", "the VM of PID 100");
	TAP_EQ_U64(identity_vcpu(100, 101), 0, "TID 101 is vCPU 0");
	TAP_EQ_U64(identity_vcpu(100, 102), 1, "TID 102 is vCPU 1");
	TAP_EQ_U64(identity_vcpu(100, 100), -1, "the main thread is no vCPU");
	/* Read once: a rename after the start does not change it. */
	snprintf(rel, sizeof(rel), "100/task/101/comm");
	put(rel, "CPU 9/KVM\n", 10);
	TAP_EQ_U64(identity_vcpu(100, 101), 0, "cached, not read again");
	TAP_EQ_U64(identity_vcpu(200, 201), 0, "a Firecracker vCPU seen later");
	TAP_EQ_STR(identity_vm(200), "dup", "a Firecracker VM seen later");
	TAP_OK(!identity_vm(999), "a process that is gone has no name");
	TAP_EQ_U64(identity_vcpu(999, 1000), -1, "nor its threads an index");
	TAP_EQ_STR(identity_context(100, 102, ctx, sizeof(ctx)), "VM web1 VCPU 1",
		   "the header context of a vCPU");
	TAP_EQ_STR(identity_context(200, 0, ctx, sizeof(ctx)), "VM dup",
		   "the header context of a process");
	TAP_EQ_STR(identity_context(999, 0, ctx, sizeof(ctx)), "VM -",
		   "an unknown VM");
	identity_reset();
	TAP_OK(!identity_enabled(), "reset");
	identity_start(0);
	TAP_EQ_STR(identity_vm(400), "dup", "start(0) reads every VMM");
	identity_reset();
	test_churn();
}

int main(void)
{
	test_cmdline();
	test_vcpu();
	test_column();
	test_cache();
	return tap_done();
}
