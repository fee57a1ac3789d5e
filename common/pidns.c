// SPDX-License-Identifier: GPL-2.0
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "pidns.h"
#include "proc.h"

/* include/linux/proc_ns.h: the initial PID namespace's fixed inode (3.8+). */
#define PROC_PID_INIT_INO 0xEFFFFFFCU

/*
 * stat() gives st_dev in glibc's encoding; the helper compares it with the
 * kernel's dev_t, MKDEV(major, minor) = major << 20 | minor.  They agree
 * only while the minor is below 256.
 */
static unsigned long long kernel_dev(dev_t dev)
{
	return (unsigned long long)major(dev) << 20 | minor(dev);
}

static int stat_ns(const char *who, struct stat *st)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s/ns/pid", proc_root(), who);
	return stat(path, st);
}

int pidns_self(struct pidns *ns, char *why, size_t len)
{
	char path[PATH_MAX], link[32];
	struct stat st;
	ssize_t n;

	memset(ns, 0, sizeof(*ns));
	/*
	 * Without it (no /proc, or a kernel without CONFIG_PID_NS) there is
	 * no namespace to tell apart: global IDs, as before.  -p and the
	 * like fail their own /proc lookups.
	 */
	if (stat_ns("self", &st) || st.st_ino == PROC_PID_INIT_INO)
		return 0;
	ns->child = true;
	ns->dev = kernel_dev(st.st_dev);
	ns->ino = st.st_ino;
	/*
	 * /proc/self names this process in the namespace /proc was mounted
	 * for: after "unshare -pf" without --mount-proc that is the parent's,
	 * whose IDs the programs could not match.
	 */
	snprintf(path, sizeof(path), "%s/self", proc_root());
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0)
		link[n] = '\0';
	if (n <= 0 || strtol(link, NULL, 10) != getpid()) {
		snprintf(why, len,
			 "%s belongs to another PID namespace than this process (PID %d here): mount one for this namespace (unshare --mount-proc, or mount -t proc proc /proc)",
			 proc_root(), getpid());
		return -1;
	}
	return 0;
}

int pidns_member(const struct pidns *ns, unsigned int id)
{
	char who[16];
	struct stat st;

	if (!ns->child)
		return 1;
	snprintf(who, sizeof(who), "%u", id);
	if (stat_ns(who, &st))
		return -1;
	return st.st_ino == ns->ino && kernel_dev(st.st_dev) == ns->dev;
}
