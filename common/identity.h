/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which VM and which vCPU a thread is: the VM's name from the VMM's
 * command line, the vCPU index from the thread's name.  Both are
 * untrusted (any process may pick them), so they are only shown through
 * identity_column(), never raw.
 *
 * The cache is filled at start for the traced VMM (or every VMM) and then
 * for each thread a report meets for the first time; it is bounded, and a
 * thread beyond its room is shown as unknown ("-") rather than read.
 */
#ifndef KVMEXIT_IDENTITY_H
#define KVMEXIT_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>

/* The bytes of a VM name kept; QEMU itself does not limit it. */
#define IDENTITY_NAME_MAX 256
/* Width of the VM column; an escaped name longer than this ends in "...". */
#define IDENTITY_VM_WIDTH 24
/* Width of the VCPU column. */
#define IDENTITY_VCPU_WIDTH 5
/* What a column shows for a name or index not known. */
#define IDENTITY_UNKNOWN "-"
/* --vm names at most this many PIDs when the name is ambiguous. */
#define IDENTITY_MAX_CANDIDATES 8

/*
 * The VM name in a /proc/PID/cmdline text (arguments ending in NULs):
 * QEMU's -name (guest=NAME, or NAME as its first, implied, key; ",," is
 * a comma), Firecracker's --id, crosvm's --name.  The last one given
 * wins, as in QEMU.  0 with a non-empty name in name[0..size), or -1.
 */
int identity_parse_cmdline(const char *buf, size_t len, char *name,
			   size_t size);

/*
 * The vCPU index in a thread name (comm, with or without its newline):
 * QEMU "CPU <n>/KVM", Firecracker "fc_vcpu <n>", cloud-hypervisor
 * "vcpu<n>", crosvm "crosvm_vcpu<n>".  The index, or -1.
 */
long identity_parse_vcpu(const char *comm, size_t len);

/*
 * name made safe for a fixed-width column: printable ASCII as is, "\"
 * doubled, anything else as \n, \t, \r or \xHH (one column per byte, so
 * alignment holds and no line break or terminal escape gets through),
 * cut to width (at least 3) columns with "..." at the end.  NULL or ""
 * gives "-".  Returns buf.
 */
const char *identity_column(const char *name, char *buf, size_t size,
			    size_t width);

/* Turns the cache on and reads pid (0: every VMM running now). */
void identity_start(unsigned int pid);
bool identity_enabled(void);

/*
 * The VM name of process tgid (NULL if unknown) and the vCPU index of
 * thread tid (-1 if unknown), from the cache or, the first time, /proc.
 * tgid 0: look it up.
 */
const char *identity_vm(unsigned int tgid);
long identity_vcpu(unsigned int tgid, unsigned int tid);
/* Thread tid's name (comm) when first met, NULL if unknown: it outlives the thread. */
const char *identity_comm(unsigned int tgid, unsigned int tid);

/*
 * The VMMs (processes holding a KVM VM) whose name is name: up to max
 * PIDs in pids[], ascending; returns how many there are in all.
 */
int identity_find_vm(const char *name, unsigned int *pids, int max);

/* A row's VM and VCPU cells, ready for %-*s. */
struct identity_cells {
	char vm[IDENTITY_VM_WIDTH + 1];
	char vcpu[24];
};

void identity_cells(unsigned int tgid, unsigned int tid,
		    struct identity_cells *out);

/*
 * "VM NAME VCPU N" for the header of a view that sums threads: process
 * pid's name (pid 0: tid's process) and thread tid's index (tid 0: none);
 * "-" for what is unknown.  Returns buf.
 */
const char *identity_context(unsigned int pid, unsigned int tid, char *buf,
			     size_t len);

/* The cache back to empty and off (tests). */
void identity_reset(void);

#endif
