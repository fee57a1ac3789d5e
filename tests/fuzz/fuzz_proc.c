// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc readers on hostile contents.  The first input byte is the vCPU
 * that -v looks for (signed: negative ones too); the rest is the text.  It
 * goes to the byte parsers, and into a scratch /proc as PID 1's status and
 * as pid_max, and, split at NULs, as the comm files of up to 8 threads of
 * PID 1, for the readers that walk the tree.
 */
#include <stdbool.h>
#include <unistd.h>
#include "proc.h"
#include "fuzz.h"

#define THREADS 8
#define FIRST_TID 1000

static char root[256];

static void path_of(char *path, size_t len, const char *rel)
{
	snprintf(path, len, "%s/%s", root, rel);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const dirs[] = {
		"", "1", "1/task", "sys", "sys/kernel",
	};
	char path[512];
	size_t i;

	(void)argc;
	(void)argv;
	fuzz_quiet();
	snprintf(root, sizeof(root), "%s/proc", fuzz_tmpdir());
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		path_of(path, sizeof(path), dirs[i]);
		fuzz_mkdir(path);
	}
	proc_set_root(root);
	return 0;
}

/* The parsers on the text itself, against what proc.h promises. */
static void parse_bytes(const char *buf, size_t len, const char *want)
{
	size_t wlen = strlen(want);
	unsigned long long ticks;
	unsigned int v;
	bool is;

	if (!proc_parse_uint(buf, len, &v) && !v)
		abort();
	if (!proc_parse_tgid(buf, len, &v) && !v)
		abort();
	/* A starttime comes after the name's ')'. */
	if (!proc_parse_starttime(buf, len, &ticks) && !memchr(buf, ')', len))
		abort();
	is = proc_comm_is(buf, len, want);
	if (is != ((len == wlen || (len == wlen + 1 && buf[wlen] == '\n')) &&
		   !memcmp(buf, want, wlen)))
		abort();
}

/* The same text read through files: the readers agree with the parsers. */
static void read_files(const char *buf, size_t len)
{
	unsigned int v, w;
	char path[512];
	int rc;

	path_of(path, sizeof(path), "1/status");
	fuzz_write_file(path, (const uint8_t *)buf, len);
	rc = proc_tgid(1, &v);
	/* proc_tgid reads the first 4 KiB: the kernel's status fits. */
	if (len <= 4096 && rc != proc_parse_tgid(buf, len, &w))
		abort();
	if (!rc && len <= 4096 && v != w)
		abort();
	path_of(path, sizeof(path), "sys/kernel/pid_max");
	fuzz_write_file(path, (const uint8_t *)buf, len);
	v = proc_pid_max();
	if (!v || (len < 32 && v != PROC_PID_MAX_LIMIT &&
		   (proc_parse_uint(buf, len, &w) || v != w)))
		abort();
}

/* Threads from the NUL-separated parts; returns how many. */
static int write_threads(const char *buf, size_t size)
{
	char path[512];
	size_t off = 0;
	int n = 0;

	while (off < size && n < THREADS) {
		size_t len = strlen(buf + off);

		snprintf(path, sizeof(path), "%s/1/task/%d", root, FIRST_TID + n);
		fuzz_mkdir(path);
		strcat(path, "/comm");
		fuzz_write_file(path, (const uint8_t *)buf + off, len);
		off += len + 1;
		n++;
	}
	return n;
}

static void remove_threads(int n)
{
	char path[512];

	while (n--) {
		snprintf(path, sizeof(path), "%s/1/task/%d/comm", root, FIRST_TID + n);
		unlink(path);
		*strrchr(path, '/') = '\0';
		rmdir(path);
	}
}

static void find_vcpus(const char *buf, size_t size, long long vcpu)
{
	unsigned int tid[2];
	int i, found, n = write_threads(buf, size);

	found = proc_find_vcpu_threads(1, vcpu, tid);
	/* Whatever it matched must be among the threads written. */
	if (found < 0 || found > 2 || found > n)
		abort();
	for (i = 0; i < found; i++)
		if (tid[i] < FIRST_TID || tid[i] >= (unsigned int)(FIRST_TID + n))
			abort();
	remove_threads(n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long long vcpu;
	char want[32];
	char *buf;

	if (!size)
		return 0;
	vcpu = (int8_t)data[0];
	snprintf(want, sizeof(want), "CPU %lld/KVM", vcpu);
	buf = fuzz_strdup(data + 1, size - 1);
	parse_bytes(buf, size - 1, want);
	read_files(buf, size - 1);
	find_vcpus(buf, size - 1, vcpu);
	free(buf);
	return 0;
}
