/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening, configuring, loading and attaching a tool's BPF skeleton, with
 * the raw-tracepoint-first, classic-tracepoint-fallback policy, for both
 * tools.
 */
#ifndef KVMEXIT_SESSION_H
#define KVMEXIT_SESSION_H

#include <bpf/libbpf.h>
#include "attach.h"
#include "cli.h"

#define SESSION_MAX_LINKS 8

struct session_ops {
	void *(*open)(const struct bpf_object_open_opts *opts);
	struct bpf_object *(*object)(void *skel);
	/* Set .rodata and map sizes before load; 0 or -errno. */
	int (*configure)(void *skel, const struct cli *c);
	/* Fill maps after load, before attach; 0 or -errno. */
	int (*loaded)(void *skel, const struct cli *c);
	/* The skeleton's load: maps global data (bss) into user space. */
	int (*load)(void *skel);
	void (*destroy)(void *skel);
	/* Programs loaded besides the kvm_exit one, per plan->raw. */
	const char *const *raw_progs;
	const char *const *tracepoint_progs;
	/* Whether the options want a further program (--detail's); may be NULL. */
	bool (*wants)(const char *prog, bool raw, const struct cli *c);
};

struct session {
	/* Set before session_load() (tests only): a last tweak before load. */
	int (*before_load)(void *skel);
	void *skel;
	struct bpf_link *links[SESSION_MAX_LINKS];
	int nlinks;
	struct attach_plan plan;
};

/*
 * Checks privileges, BTF and KVM, plans, then loads and attaches; s must be
 * zeroed (but for before_load).  0 or an exit status.
 */
int session_start(const struct session_ops *ops, const struct cli *c,
		  struct session *s);
/*
 * Opens, configures and loads the programs s->plan names, without
 * attaching them: the tools' load path, which the BPF tests drive too.
 * 0, or -errno with the reason in why.  session_stop() cleans up either way.
 */
int session_load(const struct session_ops *ops, const struct cli *c,
		 struct session *s, char *why, size_t len);
/*
 * Warns of events the kernel did not run a program for: a program still
 * running on that CPU (preempted, 7.x) is not run again there, and the
 * kernel counts each such miss (bpf_prog_info.recursion_misses, 5.12+).
 * A program named tidy_* only tidies tables, and its misses lose no count:
 * they are shown with -d only.
 */
void session_report_misses(const struct session_ops *ops, const struct session *s);
void session_stop(const struct session_ops *ops, struct session *s);

#endif
