// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "identity.h"
#include "proc.h"

/*
 * libvirt's QEMU command lines run to a few KiB; -name comes early.  An
 * argument cut by this limit is not parsed.
 */
#define CMDLINE_MAX (128 * 1024)
/* Cache room: powers of two, used up to 3/4 so that probes stay short. */
#define PROC_SLOTS 512
#define THREAD_SLOTS 16384
/* QEMU's vCPU indexes are below 4096 (HVF/KVM limits): 6 digits is ample. */
#define VCPU_DIGITS 6

enum vmm { VMM_QEMU, VMM_FIRECRACKER, VMM_CROSVM };

/* Copies v up to its first lone ',' into name, ",," as ','; returns the end. */
static const char *qemu_value(const char *v, char *name, size_t size)
{
	size_t n = 0;

	while (*v && (*v != ',' || v[1] == ',')) {
		if (name && n + 1 < size)
			name[n++] = *v;
		v += *v == ',' ? 2 : 1;
	}
	if (name)
		name[n] = '\0';
	return v;
}

/*
 * QEMU's -name value, parsed as QemuOpts does with "guest" as the implied
 * first key: "NAME,process=P", "guest=NAME,debug-threads=on".  Keeps the
 * last guest given; returns whether there was one.
 */
static bool qemu_guest(const char *v, char *name, size_t size)
{
	bool first = true, found = false;

	while (*v) {
		size_t klen = strcspn(v, "=,");
		bool guest;

		if (v[klen] == '=') {
			guest = klen == 5 && !memcmp(v, "guest", 5);
			v = qemu_value(v + klen + 1, guest ? name : NULL, size);
		} else if (first) {
			guest = true;
			v = qemu_value(v, name, size);
		} else {
			/* A bare key ("debug-threads"): a boolean, no value. */
			guest = false;
			v += klen;
		}
		found |= guest;
		first = false;
		if (*v == ',')
			v++;
	}
	return found;
}

static enum vmm vmm_of(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	base = base ? base + 1 : argv0;
	if (!strncmp(base, "firecracker", 11))
		return VMM_FIRECRACKER;
	if (!strncmp(base, "crosvm", 6))
		return VMM_CROSVM;
	return VMM_QEMU;
}

/* a is opt, or opt=VALUE: the value (next: the next argument), or NULL. */
static const char *opt_value(const char *a, const char *opt, const char *next)
{
	size_t n = strlen(opt);

	if (strncmp(a, opt, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	return a[n] ? NULL : next;
}

static void copy_name(const char *v, char *name, size_t size)
{
	snprintf(name, size, "%s", v);
}

int identity_parse_cmdline(const char *buf, size_t len, char *name,
			   size_t size)
{
	const char *end, *a, *next;
	enum vmm vmm;

	if (!size)
		return -1;
	name[0] = '\0';
	/* Only whole arguments: a cut read leaves the last without its NUL. */
	end = buf + len;
	while (end > buf && end[-1])
		end--;
	if (end == buf)
		return -1;
	vmm = vmm_of(buf);
	for (a = buf + strlen(buf) + 1; a < end; a = next) {
		const char *v;

		next = a + strlen(a) + 1;
		if (next >= end)
			next = NULL;
		switch (vmm) {
		case VMM_FIRECRACKER:
			if ((v = opt_value(a, "--id", next)))
				copy_name(v, name, size);
			break;
		case VMM_CROSVM:
			if ((v = opt_value(a, "--name", next)))
				copy_name(v, name, size);
			break;
		default:
			/* QEMU takes -opt and --opt alike; "-name=..." is no option. */
			if (next && (!strcmp(a, "-name") || !strcmp(a, "--name")))
				qemu_guest(next, name, size);
			break;
		}
		if (!next)
			break;
	}
	return name[0] ? 0 : -1;
}

/* A decimal as the VMMs print one: no sign, no leading zero. */
static long vcpu_index(const char *s, size_t len)
{
	long v = 0;
	size_t i;

	if (!len || len > VCPU_DIGITS || (s[0] == '0' && len > 1))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

long identity_parse_vcpu(const char *comm, size_t len)
{
	static const struct {
		const char *prefix, *suffix;
	} styles[] = {
		{ "CPU ", "/KVM" },	/* QEMU */
		{ "fc_vcpu ", "" },	/* Firecracker */
		{ "vcpu", "" },		/* cloud-hypervisor */
		{ "crosvm_vcpu", "" },	/* crosvm */
	};
	size_t i;

	if (len && comm[len - 1] == '\n')
		len--;
	for (i = 0; i < sizeof(styles) / sizeof(styles[0]); i++) {
		size_t p = strlen(styles[i].prefix), s = strlen(styles[i].suffix);

		if (len < p + s || memcmp(comm, styles[i].prefix, p) ||
		    memcmp(comm + len - s, styles[i].suffix, s))
			continue;
		return vcpu_index(comm + p, len - p - s);
	}
	return -1;
}

/* One byte as it shows in a column; returns its length. */
static size_t escape_byte(unsigned char c, char out[5])
{
	if (c == '\\' || c == '\n' || c == '\t' || c == '\r') {
		out[0] = '\\';
		out[1] = c == '\\' ? '\\' : c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		return 2;
	}
	if (c >= 0x20 && c < 0x7f) {
		out[0] = c;
		return 1;
	}
	snprintf(out, 5, "\\x%02x", c);
	return 4;
}

/*
 * Not str_escape(): it keeps printable UTF-8, whose characters may take
 * two columns or none; here one byte must be one column.
 */
const char *identity_column(const char *name, char *buf, size_t size,
			    size_t width)
{
	const unsigned char *p;
	size_t used = 0, total = 0, room;
	char e[5];

	if (!size)
		return buf;
	if (width >= size)
		width = size - 1;
	if (!name || !*name) {
		snprintf(buf, size, "%s", IDENTITY_UNKNOWN);
		return buf;
	}
	for (p = (const unsigned char *)name; *p; p++)
		total += escape_byte(*p, e);
	/* Too long: whole escapes only, then "..." (width is at least 3). */
	room = total <= width ? width : width - 3;
	for (p = (const unsigned char *)name; *p; p++) {
		size_t n = escape_byte(*p, e);

		if (used + n > room)
			break;
		memcpy(buf + used, e, n);
		used += n;
	}
	if (total > width) {
		memcpy(buf + used, "...", 3);
		used += 3;
	}
	buf[used] = '\0';
	return buf;
}

/* The cache.  Key 0 marks a free slot: no process or thread has ID 0. */
struct proc_slot {
	unsigned int pid;
	bool named;
	char name[IDENTITY_NAME_MAX];
};

struct thread_slot {
	unsigned int tid;
	long vcpu;
	char comm[16];		/* TASK_COMM_LEN, without the newline */
};

static struct {
	bool on;
	struct proc_slot *procs;
	struct thread_slot *threads;
	size_t nprocs, nthreads;
} cache;

static size_t slot_of(unsigned int id, size_t slots)
{
	return (id * 2654435761u) & (slots - 1);
}

/*
 * Open addressing over a table of n slots of size sz, each starting with
 * its unsigned int key (0: free).  The slot of key, or the free one where
 * it goes.
 */
static unsigned int *find_slot(void *tab, size_t n, size_t sz, unsigned int key)
{
	size_t i = slot_of(key, n);
	unsigned int *k;

	while (*(k = (unsigned int *)((char *)tab + i * sz)) && *k != key)
		i = (i + 1) & (n - 1);
	return k;
}

/*
 * Hosts where VMs come and go meet far more processes and threads than the
 * cache holds: when a table is full, those gone from /proc leave it (it is
 * rebuilt, as open addressing cannot just empty a slot).
 */
static void prune(void **tab, size_t n, size_t sz, size_t *used)
{
	char *t = calloc(n, sz), *old = *tab;
	size_t i, kept = 0;

	if (!t)
		return;
	for (i = 0; i < n; i++) {
		unsigned int key = *(unsigned int *)(old + i * sz);

		if (!key || !proc_pid_exists(key))
			continue;
		memcpy(find_slot(t, n, sz, key), old + i * sz, sz);
		kept++;
	}
	free(old);
	*tab = t;
	*used = kept;
}

/* The slot of key; fresh if it was free.  NULL when the table is full. */
static void *slot(void **tab, size_t n, size_t sz, size_t *used,
		  unsigned int key, bool *fresh)
{
	unsigned int *s = find_slot(*tab, n, sz, key);

	*fresh = !*s;
	if (*fresh && *used >= n / 4 * 3) {
		prune(tab, n, sz, used);
		if (*used >= n / 4 * 3)
			return NULL;
		s = find_slot(*tab, n, sz, key);
	}
	return s;
}

static struct proc_slot *proc_slot(unsigned int pid, bool *fresh)
{
	return slot((void **)&cache.procs, PROC_SLOTS, sizeof(*cache.procs),
		    &cache.nprocs, pid, fresh);
}

static struct thread_slot *thread_slot(unsigned int tid, bool *fresh)
{
	return slot((void **)&cache.threads, THREAD_SLOTS, sizeof(*cache.threads),
		    &cache.nthreads, tid, fresh);
}

/* The name of process pid read now; false if none (or it is gone). */
static bool read_name(unsigned int pid, char *name, size_t size)
{
	char *buf = malloc(CMDLINE_MAX);
	ssize_t n;
	bool ok;

	if (!buf)
		return false;
	n = proc_read_cmdline(pid, buf, CMDLINE_MAX);
	ok = n > 0 && !identity_parse_cmdline(buf, n, name, size);
	free(buf);
	return ok;
}

const char *identity_vm(unsigned int tgid)
{
	struct proc_slot *s;
	bool fresh;

	if (!cache.on || !tgid || !(s = proc_slot(tgid, &fresh)))
		return NULL;
	if (fresh) {
		s->pid = tgid;
		s->named = read_name(tgid, s->name, sizeof(s->name));
		cache.nprocs++;
	}
	return s->named ? s->name : NULL;
}

long identity_vcpu(unsigned int tgid, unsigned int tid)
{
	struct thread_slot *s;
	char comm[64];
	bool fresh;
	ssize_t n;

	if (!cache.on || !tid || !(s = thread_slot(tid, &fresh)))
		return -1;
	if (fresh) {
		n = proc_read_comm(tgid, tid, comm, sizeof(comm) - 1);
		s->tid = tid;
		s->vcpu = n > 0 ? identity_parse_vcpu(comm, n) : -1;
		if (n > 0) {
			comm[n] = '\0';
			n = strcspn(comm, "\n");
			if (n >= (ssize_t)sizeof(s->comm))
				n = sizeof(s->comm) - 1;
			memcpy(s->comm, comm, n);
			s->comm[n] = '\0';
		}
		cache.nthreads++;
	}
	return s->vcpu;
}

const char *identity_comm(unsigned int tgid, unsigned int tid)
{
	struct thread_slot *s;
	bool fresh;

	/* The lookup fills the slot the first time. */
	if (!cache.on || !tid || identity_vcpu(tgid, tid) < -1 ||
	    !(s = thread_slot(tid, &fresh)) || fresh)
		return NULL;
	return s->comm[0] ? s->comm : NULL;
}

static int read_thread(unsigned int tid, void *arg)
{
	identity_vcpu(*(unsigned int *)arg, tid);
	return 0;
}

static int read_process(unsigned int pid, void *arg)
{
	(void)arg;
	identity_vm(pid);
	proc_for_each(pid, read_thread, &pid);
	return 0;
}

static int read_vmm(unsigned int pid, void *arg)
{
	return proc_has_kvm_vm(pid) ? read_process(pid, arg) : 0;
}

void identity_start(unsigned int pid)
{
	if (!cache.on) {
		cache.procs = calloc(PROC_SLOTS, sizeof(*cache.procs));
		cache.threads = calloc(THREAD_SLOTS, sizeof(*cache.threads));
		if (!cache.procs || !cache.threads) {
			identity_reset();
			return;	/* everything shows as unknown */
		}
		cache.on = true;
	}
	if (pid)
		read_process(pid, NULL);
	else
		proc_for_each(0, read_vmm, NULL);
}

bool identity_enabled(void)
{
	return cache.on;
}

void identity_reset(void)
{
	free(cache.procs);
	free(cache.threads);
	memset(&cache, 0, sizeof(cache));
}

void identity_cells(unsigned int tgid, unsigned int tid,
		    struct identity_cells *out)
{
	long vcpu = identity_vcpu(tgid, tid);

	identity_column(identity_vm(tgid), out->vm, sizeof(out->vm),
			IDENTITY_VM_WIDTH);
	if (vcpu >= 0)
		snprintf(out->vcpu, sizeof(out->vcpu), "%ld", vcpu);
	else
		snprintf(out->vcpu, sizeof(out->vcpu), "%s", IDENTITY_UNKNOWN);
}

/* The header shows more of a name than a column: it need not align. */
#define CONTEXT_WIDTH 80

const char *identity_context(unsigned int pid, unsigned int tid, char *buf,
			     size_t len)
{
	char name[CONTEXT_WIDTH + 1];
	unsigned int tgid = pid;
	long vcpu = -1;

	if (!tgid && tid && proc_tgid(tid, &tgid))
		tgid = 0;
	identity_column(identity_vm(tgid), name, sizeof(name), CONTEXT_WIDTH);
	if (tid)
		vcpu = identity_vcpu(tgid, tid);
	if (vcpu >= 0)
		snprintf(buf, len, "VM %s VCPU %ld", name, vcpu);
	else if (tid)
		snprintf(buf, len, "VM %s VCPU %s", name, IDENTITY_UNKNOWN);
	else
		snprintf(buf, len, "VM %s", name);
	return buf;
}

struct vm_search {
	const char *name;
	unsigned int *pids;
	int max, n;
};

static int match_vm(unsigned int pid, void *arg)
{
	struct vm_search *s = arg;
	char name[IDENTITY_NAME_MAX];
	int i;

	if (!read_name(pid, name, sizeof(name)) || strcmp(name, s->name) ||
	    !proc_has_kvm_vm(pid))
		return 0;
	if (s->n < s->max) {
		/* Insertion keeps them ascending: readdir's order is the kernel's. */
		for (i = s->n; i > 0 && s->pids[i - 1] > pid; i--)
			s->pids[i] = s->pids[i - 1];
		s->pids[i] = pid;
	}
	s->n++;
	return 0;
}

int identity_find_vm(const char *name, unsigned int *pids, int max)
{
	struct vm_search s = { name, pids, max, 0 };

	proc_for_each(0, match_vm, &s);
	return s.n;
}
