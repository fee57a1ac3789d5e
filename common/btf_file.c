// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "btf_checked.h"
#include "btf_file.h"
#include "err.h"
#include "escape.h"

#define WANT "give a BTF file such as /sys/kernel/btf/vmlinux, or one written by 'pahole --btf_encode_detached=FILE vmlinux'"

static const char *kind(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	return "not a regular file";
}

int btf_file_check(const char *path)
{
	char q[ESCAPE_MAX], why[128];
	struct btf *btf;
	struct stat st;

	str_repr(path, q, sizeof(q));
	if (stat(path, &st)) {
		err_msg("--btf %s: %s: %s", q,
			errno == ENOENT ? "no such file" : strerror(errno), WANT);
		return EXIT_RUNTIME;
	}
	if (S_ISDIR(st.st_mode)) {
		err_msg("--btf %s: is a directory: " WANT, q);
		return EXIT_RUNTIME;
	}
	if (!S_ISREG(st.st_mode)) {
		err_msg("--btf %s: is %s, which cannot be read as a file: " WANT, q,
			kind(st.st_mode));
		return EXIT_RUNTIME;
	}
	if (!st.st_size) {
		err_msg("--btf %s: is empty: " WANT, q);
		return EXIT_RUNTIME;
	}
	if (st.st_size > BTF_FILE_MAX) {
		err_msg("--btf %s: is %lld MiB, over the %lld MiB a BTF file can be: " WANT,
			q, (long long)st.st_size >> 20, BTF_FILE_MAX >> 20);
		return EXIT_RUNTIME;
	}
	if (access(path, R_OK)) {
		err_msg("--btf %s: cannot read it (%s): run as its owner or root, or copy it somewhere readable",
			q, strerror(errno));
		return EXIT_RUNTIME;
	}
	/* libbpf reads it again at open; checked here, it cannot crash it. */
	btf = btf_parse_checked(path, why, sizeof(why));
	if (!btf && why[0]) {
		err_msg("--btf %s: is not valid BTF (%s): " WANT, q, why);
		return EXIT_RUNTIME;
	}
	if (!btf) {
		err_msg("--btf %s: is not BTF (neither raw BTF nor an ELF file with a .BTF section): " WANT,
			q);
		return EXIT_RUNTIME;
	}
	btf__free(btf);
	return 0;
}
