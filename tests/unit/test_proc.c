// SPDX-License-Identifier: GPL-2.0
/* vCPU thread lookup against a fake /proc tree. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "proc.h"
#include "../lib/tap.h"

static char root[] = "/tmp/kvmexit-proc-XXXXXX";

static void thread(unsigned int pid, unsigned int tid, const char *comm)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%u", root, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%u/task", root, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%u/task/%u", root, pid, tid);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%u/task/%u/comm", root, pid, tid);
	f = fopen(path, "w");
	fprintf(f, "%s\n", comm);
	fclose(f);
}

int main(void)
{
	unsigned int tid = 0;
	char cmd[128];

	if (!mkdtemp(root))
		return 1;
	proc_set_root(root);
	thread(100, 100, "qemu-system-x86");
	/* created first, so a substring search for "CPU 1" would find it */
	thread(100, 110, "CPU 10/KVM");
	thread(100, 101, "CPU 1/KVM");
	thread(100, 102, "CPU 0/KVM");

	TAP_OK(proc_pid_exists(100), "pid 100 exists");
	TAP_OK(!proc_pid_exists(200), "pid 200 does not");
	TAP_OK(!proc_find_vcpu_thread(100, 1, &tid) && tid == 101,
	       "vCPU 1 is 'CPU 1/KVM', not 'CPU 10/KVM' (got %u)", tid);
	TAP_OK(!proc_find_vcpu_thread(100, 10, &tid) && tid == 110, "vCPU 10");
	TAP_OK(!proc_find_vcpu_thread(100, 0, &tid) && tid == 102, "vCPU 0");
	TAP_OK(proc_find_vcpu_thread(100, 2, &tid), "no vCPU 2");
	TAP_OK(proc_find_vcpu_thread(100, -1, &tid), "no vCPU -1");
	TAP_OK(proc_find_vcpu_thread(200, 0, &tid), "no process 200");
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	if (system(cmd))
		return 1;
	return tap_done();
}
