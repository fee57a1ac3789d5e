// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "proc.h"

static const char *root = "/proc";

void proc_set_root(const char *r)
{
	root = r;
}

const char *proc_root(void)
{
	return root;
}

bool proc_pid_exists(unsigned int id)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%u", root, id);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Up to len bytes of a file, whole: a short read() is not the end of a
 * /proc file.  Returns the length, len if the file is longer, or -1.
 */
static ssize_t read_file(const char *path, char *buf, size_t len)
{
	size_t n = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (n < len && (r = read(fd, buf + n, len - n)) != 0) {
		if (r < 0) {
			close(fd);
			return -1;
		}
		n += r;
	}
	close(fd);
	return n;
}

/* A decimal in buf[0..len) with no sign: 1..UINT_MAX. */
static int parse_decimal(const char *buf, size_t len, unsigned int *val)
{
	unsigned long long v = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return -1;
		v = v * 10 + (buf[i] - '0');
		if (v > UINT_MAX)
			return -1;
	}
	if (!v)
		return -1;
	*val = v;
	return 0;
}

int proc_parse_uint(const char *buf, size_t len, unsigned int *val)
{
	if (len && buf[len - 1] == '\n')
		len--;
	return parse_decimal(buf, len, val);
}

int proc_parse_tgid(const char *buf, size_t len, unsigned int *tgid)
{
	static const char key[] = "Tgid:";
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;

		if ((size_t)(eol - p) > sizeof(key) - 1 &&
		    !memcmp(p, key, sizeof(key) - 1)) {
			p += sizeof(key) - 1;
			while (p < eol && (*p == '\t' || *p == ' '))
				p++;
			return parse_decimal(p, eol - p, tgid);
		}
		p = eol + 1;
	}
	return -1;
}

int proc_parse_starttime(const char *buf, size_t len, unsigned long long *ticks)
{
	/* The name (field 2) may hold anything: fields resume after its last ')'. */
	const char *p = buf, *end = buf + len, *close = NULL;
	unsigned long long v = 0;
	int field = 2;

	for (; p < end; p++)
		if (*p == ')')
			close = p;
	if (!close)
		return -1;
	for (p = close + 1; p < end && field < 22; p++)
		if (*p == ' ')
			field++;
	if (field != 22 || p >= end || *p < '0' || *p > '9')
		return -1;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (~0ULL - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (p < end && *p != ' ' && *p != '\n')
		return -1;
	*ticks = v;
	return 0;
}

int proc_start_ticks(unsigned int pid, unsigned int tid, unsigned long long *ticks)
{
	char path[PATH_MAX], buf[1024];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%u/task/%u/stat", root, pid, tid);
	/* starttime comes within the first 500 bytes: the rest may be cut. */
	n = read_file(path, buf, sizeof(buf));
	return n < 0 ? -1 : proc_parse_starttime(buf, n, ticks);
}

long long proc_boottime_offset_ns(void)
{
	char path[PATH_MAX], buf[256];
	long long sec, nsec;
	const char *p;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/self/timens_offsets", root);
	n = read_file(path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	p = strstr(buf, "boottime");
	if (!p || sscanf(p, "boottime %lld %lld", &sec, &nsec) != 2)
		return 0;
	return sec * 1000000000LL + nsec;
}

bool proc_thread_is(unsigned int pid, unsigned int tid,
		    unsigned long long start_ns)
{
	static unsigned long long tick_ns;
	static long long offset_ns;
	unsigned long long ticks;

	/* /proc shows it in clock ticks, plus a time namespace's offset. */
	if (!tick_ns) {
		long hz = sysconf(_SC_CLK_TCK);

		tick_ns = hz > 0 ? 1000000000ULL / hz : 10000000ULL;
		offset_ns = proc_boottime_offset_ns();
	}
	if (proc_start_ticks(pid, tid, &ticks))
		return false;
	return ticks == (start_ns + offset_ns) / tick_ns;
}

void proc_pid_epoch(struct pid_epoch *e)
{
	char path[PATH_MAX], buf[8192];
	const char *p;
	ssize_t n;

	memset(e, 0, sizeof(*e));
	snprintf(path, sizeof(path), "%s/sys/kernel/ns_last_pid", root);
	n = read_file(path, buf, sizeof(buf) - 1);
	if (n < 0 || proc_parse_uint(buf, n, &e->last_pid))
		return;
	snprintf(path, sizeof(path), "%s/stat", root);
	n = read_file(path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return;
	buf[n] = 0;
	p = strstr(buf, "\nprocesses ");
	e->pid_max = proc_pid_max();
	if (p && sscanf(p + 11, "%llu", &e->forks) == 1)
		e->known = 1;
}

bool proc_id_maybe_reused(const struct pid_epoch *then, const struct pid_epoch *now,
			  unsigned int id)
{
	if (!then->known || !now->known || now->last_pid < then->last_pid ||
	    now->forks < then->forks || then->last_pid >= now->pid_max)
		return true;
	/* Each fork moves the allocator on by one ID at least. */
	if (now->forks - then->forks >= now->pid_max - then->last_pid)
		return true;
	return id > then->last_pid && id <= now->last_pid;
}

bool proc_thread_alive(unsigned long long pid_tgid, unsigned long long start_ns,
		       const struct pid_epoch *then, const struct pid_epoch *now)
{
	unsigned int pid = pid_tgid >> 32, tid = (unsigned int)pid_tgid;

	if (!proc_thread_of(pid, tid))
		return false;
	return !proc_id_maybe_reused(then, now, tid) || proc_thread_is(pid, tid, start_ns);
}

int proc_field(const char *path, const char *fmt, unsigned long long *v)
{
	char line[256];
	int rc = -1;
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	while (rc && fgets(line, sizeof(line), f))
		if (sscanf(line, fmt, v) == 1)
			rc = 0;
	fclose(f);
	return rc;
}

int proc_tgid(unsigned int id, unsigned int *tgid)
{
	char path[PATH_MAX], buf[4096];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%u/status", root, id);
	n = read_file(path, buf, sizeof(buf));
	/* Tgid is the fourth line: a full buffer still holds it. */
	return n < 0 ? -1 : proc_parse_tgid(buf, n, tgid);
}

bool proc_thread_of(unsigned int pid, unsigned int tid)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%u/task/%u", root, pid, tid);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool proc_comm_is(const char *buf, size_t len, const char *want)
{
	size_t wlen = strlen(want);

	if (len && buf[len - 1] == '\n')
		len--;
	return len == wlen && !memcmp(buf, want, len);
}

/* The comm of one thread, whole, is the name want. */
static bool comm_is(unsigned int pid, const char *tid, const char *want)
{
	char path[PATH_MAX], buf[256];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%u/task/%s/comm", root, pid, tid);
	n = read_file(path, buf, sizeof(buf));
	/* n < 0: the thread exited meanwhile. */
	return n >= 0 && proc_comm_is(buf, n, want);
}

int proc_find_vcpu_threads(unsigned int pid, long long vcpu,
			   unsigned int tid[2])
{
	char path[PATH_MAX], want[32];
	struct dirent *de;
	int found = 0;
	DIR *d;

	if (vcpu < 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%u/task", root, pid);
	snprintf(want, sizeof(want), "CPU %lld/KVM", vcpu);
	d = opendir(path);
	if (!d)
		return 0;
	while (found < 2 && (de = readdir(d))) {
		unsigned int t;

		if (parse_decimal(de->d_name, strlen(de->d_name), &t))
			continue;
		if (comm_is(pid, de->d_name, want))
			tid[found++] = t;
	}
	closedir(d);
	/* readdir's order is the kernel's: name them in a stable one. */
	if (found == 2 && tid[0] > tid[1]) {
		unsigned int t = tid[0];

		tid[0] = tid[1];
		tid[1] = t;
	}
	return found;
}

unsigned int proc_pid_max(void)
{
	char path[PATH_MAX], buf[32];
	unsigned int v;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/sys/kernel/pid_max", root);
	n = read_file(path, buf, sizeof(buf));
	if (n < 0 || proc_parse_uint(buf, n, &v))
		return PROC_PID_MAX_LIMIT;
	return v;
}

ssize_t proc_read_cmdline(unsigned int pid, char *buf, size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%u/cmdline", root, pid);
	return read_file(path, buf, len);
}

ssize_t proc_read_comm(unsigned int pid, unsigned int tid, char *buf,
		       size_t len)
{
	char path[PATH_MAX];

	if (pid)
		snprintf(path, sizeof(path), "%s/%u/task/%u/comm", root, pid, tid);
	else
		snprintf(path, sizeof(path), "%s/%u/comm", root, tid);
	return read_file(path, buf, len);
}

bool proc_has_kvm_vm(unsigned int pid)
{
	static const char want[] = "anon_inode:kvm-vm";
	char path[PATH_MAX], link[sizeof(want)];
	bool found = false;
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%u/fd", root, pid);
	d = opendir(path);
	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		ssize_t n;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%u/fd/%s", root, pid, de->d_name);
		n = readlink(path, link, sizeof(link));
		found = n == (ssize_t)sizeof(want) - 1 && !memcmp(link, want, n);
	}
	closedir(d);
	return found;
}

int proc_for_each(unsigned int pid, int (*fn)(unsigned int id, void *arg),
		  void *arg)
{
	char path[PATH_MAX];
	struct dirent *de;
	int rc = 0;
	DIR *d;

	if (pid)
		snprintf(path, sizeof(path), "%s/%u/task", root, pid);
	else
		snprintf(path, sizeof(path), "%s", root);
	d = opendir(path);
	if (!d)
		return -1;
	while (!rc && (de = readdir(d))) {
		unsigned int id;

		if (!parse_decimal(de->d_name, strlen(de->d_name), &id))
			rc = fn(id, arg);
	}
	closedir(d);
	return rc;
}
