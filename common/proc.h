/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the tools read from /proc: the processes and threads -p, -t, -T and
 * -v name.  IDs are those of the /proc mount, i.e. of the PID namespace it
 * was mounted for.  The proc_parse_* functions work on a file's bytes, so
 * that they can be fuzzed without a /proc.
 */
#ifndef KVMEXIT_PROC_H
#define KVMEXIT_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The kernel's PID_MAX_LIMIT on 64-bit: no ID reaches it. */
#define PROC_PID_MAX_LIMIT 4194304

/* The /proc root; tests point it at a fixture tree. */
void proc_set_root(const char *root);
const char *proc_root(void);

/* /proc/ID exists: a process, or a thread (not listed, but there). */
bool proc_pid_exists(unsigned int id);

/*
 * The process thread id belongs to (Tgid in /proc/ID/status).  0, or -1
 * when the status cannot be read (the thread exited) or makes no sense.
 */
int proc_tgid(unsigned int id, unsigned int *tgid);

/* tid is a thread of process pid (/proc/PID/task/TID exists). */
bool proc_thread_of(unsigned int pid, unsigned int tid);

/*
 * The threads of process pid that QEMU named "CPU <vcpu>/KVM": the whole
 * name, unlike bcc's substring search where "CPU 1" also finds
 * "CPU 10/KVM".  Returns how many were found, up to 2, with their TIDs in
 * tid[]: 0 (none), 1, or 2 (at least two: an ambiguous name).
 */
int proc_find_vcpu_threads(unsigned int pid, long long vcpu,
			   unsigned int tid[2]);

/*
 * The kernel's PID limit (/proc/sys/kernel/pid_max): every ID is below it.
 * PROC_PID_MAX_LIMIT when it cannot be read.
 */
unsigned int proc_pid_max(void);

/*
 * When thread tid of process pid started: /proc/PID/task/TID/stat's
 * starttime, in clock ticks (sysconf(_SC_CLK_TCK)) of CLOCK_BOOTTIME.
 * Not /proc/TID/stat, which sums the whole process: a read of it costs
 * as much as the process has threads.  0, or -1 when the thread is gone
 * or the file makes no sense.
 */
int proc_start_ticks(unsigned int pid, unsigned int tid, unsigned long long *ticks);

/*
 * What a time namespace adds to CLOCK_BOOTTIME, and so to starttime, in
 * /proc (5.6+; /proc/self/timens_offsets).  0 outside one or before 5.6.
 */
long long proc_boottime_offset_ns(void);

/*
 * Thread tid of process pid is there and is the one that started at
 * start_ns (the kernel's task_struct.start_boottime, as the BPF programs
 * read it): an ID reused by a later thread is not.
 */
bool proc_thread_is(unsigned int pid, unsigned int tid,
		    unsigned long long start_ns);

/*
 * Where the kernel's ID allocation stood: total forks (/proc/stat
 * "processes") and the last ID given out (/proc/sys/kernel/ns_last_pid).
 * Telling a thread by its start time costs a read of its stat file; an
 * ID the allocator has not reached again since a check cannot name
 * another thread, so most checks need only see that the ID is there.
 */
struct pid_epoch {
	unsigned long long forks;
	unsigned int last_pid;
	unsigned int pid_max;
	int known;			/* 0: never read, or unreadable */
};

/* Reads the epoch now.  Its known is 0 when /proc does not tell. */
void proc_pid_epoch(struct pid_epoch *e);

/*
 * Can id, seen as one thread at then, name another at now?  Only if the
 * allocator gave id out again: it moved over id since then, or may have
 * wrapped (ns_last_pid went down, or enough forks to reach pid_max).
 */
bool proc_id_maybe_reused(const struct pid_epoch *then, const struct pid_epoch *now,
			  unsigned int id);

/*
 * The thread a BPF table keys by pid_tgid (IDs as /proc shows them) and
 * start time is alive: its ID is there and, unless the allocator cannot
 * have given it out again between the epochs then and now, still names
 * the thread that started at start_ns.
 */
bool proc_thread_alive(unsigned long long pid_tgid, unsigned long long start_ns,
		       const struct pid_epoch *then, const struct pid_epoch *now);

/* starttime (field 22) of a /proc/ID/stat text.  0, or -1. */
int proc_parse_starttime(const char *buf, size_t len, unsigned long long *ticks);

/*
 * The value of the first line of the file at path (not under the /proc
 * root: /proc/self/... of this process) that sscanf() matches with fmt,
 * one %llu or %llx.  0, or -1 with none.
 */
int proc_field(const char *path, const char *fmt, unsigned long long *v);

/* Tgid of a /proc/PID/status text.  0, or -1 without a valid one. */
int proc_parse_tgid(const char *buf, size_t len, unsigned int *tgid);

/*
 * A /proc/.../comm text is the name want: all of it, but for the one
 * newline the kernel appends.
 */
bool proc_comm_is(const char *buf, size_t len, const char *want);

/*
 * A decimal from 1 to UINT_MAX, the whole text but for one trailing
 * newline (/proc/sys values).  0, or -1.
 */
int proc_parse_uint(const char *buf, size_t len, unsigned int *val);

/*
 * Up to len bytes of /proc/PID/cmdline: the arguments, each ending in a
 * NUL.  The length read (len: there may be more), or -1.
 */
ssize_t proc_read_cmdline(unsigned int pid, char *buf, size_t len);

/*
 * The name (comm) of thread tid of process pid, with the kernel's
 * newline; pid 0: /proc/TID/comm.  The length, or -1.
 */
ssize_t proc_read_comm(unsigned int pid, unsigned int tid, char *buf,
		       size_t len);

/* Process pid has a KVM VM open (an "anon_inode:kvm-vm" fd): a VMM. */
bool proc_has_kvm_vm(unsigned int pid);

/*
 * Calls fn for each process (pid 0) or each thread of process pid, until
 * fn returns non-zero; returns that, or 0, or -1 if the list is unreadable.
 */
int proc_for_each(unsigned int pid, int (*fn)(unsigned int id, void *arg),
		  void *arg);

#endif
