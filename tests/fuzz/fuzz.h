/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the libFuzzer harnesses share: silence the code under test and
 * turn fuzz input into the files and argument vectors it reads.
 */
#ifndef KVMEXIT_FUZZ_H
#define KVMEXIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>

#define FUZZ_MAX_ARGS 64

/*
 * Usage blocks and error lines would flood the campaign's log.  Only the
 * FILE pointers are swapped: fd 2 stays open, so sanitizer reports (written
 * to the fd) and libFuzzer's own output (a FILE copied at start-up) remain.
 */
static inline void fuzz_quiet(void)
{
	FILE *null = fopen("/dev/null", "w");

	if (!null)
		abort();
	stdout = null;
	stderr = null;
}

static inline int fuzz_rm_one(const char *path, const struct stat *st,
			      int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes a tree the harness wrote; the files may be half written. */
static inline void fuzz_rm_tree(const char *path)
{
	nftw(path, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char fuzz_dir[64];

static inline void fuzz_rm_tmpdir(void)
{
	fuzz_rm_tree(fuzz_dir);
}

/*
 * A private scratch directory for one harness process, removed when
 * libFuzzer exits normally (a crash leaves it for the post-mortem).  On
 * tmpfs when there is one: a disk file system makes the harnesses that
 * write a tree per input a hundred times slower.
 */
static inline const char *fuzz_tmpdir(void)
{
	if (!fuzz_dir[0]) {
		strcpy(fuzz_dir, "/dev/shm/kvmexit-fuzz-XXXXXX");
		if (!mkdtemp(fuzz_dir)) {
			strcpy(fuzz_dir, "/tmp/kvmexit-fuzz-XXXXXX");
			if (!mkdtemp(fuzz_dir))
				abort();
		}
		atexit(fuzz_rm_tmpdir);
	}
	return fuzz_dir;
}

static inline void fuzz_write_file(const char *path, const uint8_t *data,
				   size_t size)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
}

static inline void fuzz_mkdir(const char *path)
{
	if (mkdir(path, 0755))
		abort();
}

/*
 * Split a NUL-terminated copy of the input at its NULs, as the kernel
 * hands argv to main: argv[0] is prog, the rest come from the input.
 * Returns argc; argv must hold FUZZ_MAX_ARGS + 1 pointers.
 */
static inline int fuzz_argv(char *buf, size_t size, char *prog, char **argv)
{
	size_t off = 0;
	int argc = 0;

	argv[argc++] = prog;
	while (off < size && argc < FUZZ_MAX_ARGS) {
		argv[argc++] = buf + off;
		off += strlen(buf + off) + 1;
	}
	argv[argc] = NULL;
	return argc;
}

/* A NUL-terminated heap copy of the input (libFuzzer's is not). */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);

	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	return buf;
}

#endif
