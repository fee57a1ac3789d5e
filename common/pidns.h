/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The caller's PID namespace.  In the initial one the BPF programs filter
 * and key on global IDs, as always; in any other (a container, unshare -p)
 * on the IDs of that namespace, which are the ones the user reads in its
 * /proc and gives to -p/-t/-T.
 */
#ifndef KVMEXIT_PIDNS_H
#define KVMEXIT_PIDNS_H

#include <stdbool.h>
#include <stddef.h>

/* Zeroed, it is the initial namespace. */
struct pidns {
	bool child;		/* not the initial namespace, but one below it */
	/* Then: what bpf_get_ns_current_pid_tgid() identifies it by. */
	unsigned long long dev;	/* nsfs device, in the kernel's dev_t encoding */
	unsigned long long ino;
};

/*
 * The namespace of this process, checked against the /proc mount, whose
 * IDs must be this namespace's.  0, or -1 with why set to one line.
 */
int pidns_self(struct pidns *ns, char *why, size_t len);

/*
 * Whether process or thread id (a /proc entry) is a member of ns itself,
 * not of a namespace nested in it: 1 yes, 0 no, -1 unknown (it exited).
 */
int pidns_member(const struct pidns *ns, unsigned int id);

#endif
