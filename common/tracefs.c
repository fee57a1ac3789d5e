// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <mntent.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include "tracefs.h"
#include "err.h"
#include "preflight.h"

#define TRACEFS "/sys/kernel/tracing"
#define DEBUGFS_TRACING "/sys/kernel/debug/tracing"
#define KVM_EXIT_ID "/events/kvm/kvm_exit/id"
#define NO_TRACEFS_NEEDED "--attach=raw needs no tracefs"

/* libbpf's own choice (tracefs_path() in libbpf.c): debugfs's if it exists. */
static const char *libbpf_tracefs(void)
{
	return faccessat(AT_FDCWD, DEBUGFS_TRACING, F_OK, AT_EACCESS) ? TRACEFS :
									DEBUGFS_TRACING;
}

/* Where tracefs is mounted, if anywhere; the first mount found. */
static bool tracefs_mounted(char *where, size_t len)
{
	FILE *f = setmntent("/proc/self/mounts", "r");
	struct mntent *m;
	bool found = false;

	if (!f)
		return false;
	while (!found && (m = getmntent(f)))
		if (!strcmp(m->mnt_type, "tracefs")) {
			snprintf(where, len, "%s", m->mnt_dir);
			found = true;
		}
	endmntent(f);
	return found;
}

static int id_readable(const char *base)
{
	char path[128];

	snprintf(path, sizeof(path), "%s" KVM_EXIT_ID, base);
	return faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) ? -errno : 0;
}

int tracefs_ensure(char *why, size_t len)
{
	const char *base = libbpf_tracefs();
	char where[256];
	int err = id_readable(base);

	if (!err)
		return 0;
	if (err == -EACCES) {
		snprintf(why, len, "the classic tracepoint needs read access to tracefs (%s): run as root or with CAP_DAC_READ_SEARCH; " NO_TRACEFS_NEEDED,
			 base);
		return err;
	}
	/* Events there but no kvm_exit: libbpf's error says it best. */
	if (!access(TRACEFS "/events", F_OK) || !access(DEBUGFS_TRACING "/events", F_OK))
		return 0;
	if (tracefs_mounted(where, sizeof(where))) {
		snprintf(why, len, "tracefs is mounted on %.100s, but libbpf reads %s: mount it there too ('mount -t tracefs nodev %s')",
			 where, base, TRACEFS);
		return -ENOENT;
	}
	if (!has_cap(CAP_SYS_ADMIN_BIT)) {
		snprintf(why, len, "the classic tracepoint needs tracefs, which is not mounted: mount it ('mount -t tracefs nodev %s') or give CAP_SYS_ADMIN; " NO_TRACEFS_NEEDED,
			 TRACEFS);
		return -ENOENT;
	}
	if (mount("nodev", TRACEFS, "tracefs", 0, NULL)) {
		err = -errno;
		snprintf(why, len, "tracefs is not mounted and mounting it on %s failed: %s",
			 TRACEFS, strerror(-err));
		return err;
	}
	debug_msg("tracefs was not mounted: mounted it on %s", TRACEFS);
	return 0;
}
