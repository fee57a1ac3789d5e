// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "session.h"
#include "err.h"
#include "map_mem.h"
#include "preflight.h"
#include "tracefs.h"
#include "wait.h"

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	/*
	 * libbpf's warnings (verifier logs included) only with -d: errors get
	 * one line of ours.  Its debug level is a relocation-by-relocation
	 * trace, for KVMEXIT_LIBBPF_DEBUG=1.
	 */
	if (!debug_enabled())
		return 0;
	if (level == LIBBPF_DEBUG && !getenv("KVMEXIT_LIBBPF_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static bool wanted(const char *name, const struct attach_plan *plan,
		   const struct session_ops *ops, const struct cli *c)
{
	const char *const *p = plan->raw ? ops->raw_progs : ops->tracepoint_progs;

	if (!strcmp(name, plan->exit_prog))
		return true;
	for (; p && *p; p++)
		if (!strcmp(name, *p))
			return true;
	return ops->wants && ops->wants(name, plan->raw, c);
}

int session_load(const struct session_ops *ops, const struct cli *c,
		 struct session *s, char *why, size_t len)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .btf_custom_path = c->btf_path);
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	s->skel = ops->open(&oo);
	if (!s->skel) {
		snprintf(why, len, "opening the BPF object: %s", strerror(errno));
		return -errno;
	}
	obj = ops->object(s->skel);
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, wanted(bpf_program__name(prog),
							&s->plan, ops, c));
	err = ops->configure(s->skel, c);
	if (!err && s->before_load)
		err = s->before_load(s->skel);
	/*
	 * The skeleton's own load, not bpf_object__load(): only it maps the
	 * global data sections, so that skel->bss shows the kernel's values
	 * (losses, events) instead of the initial image.
	 */
	if (!err)
		err = ops->load(s->skel);
	if (!err && ops->loaded)
		err = ops->loaded(s->skel, c);
	if (err)
		snprintf(why, len, "loading BPF programs: %s%s", strerror(-err),
			 debug_enabled() ? "" : " (run with -d for libbpf's log)");
	return err;
}

static int session_attach(const struct session_ops *ops, struct session *s,
			  char *why, size_t len)
{
	struct bpf_object *obj = ops->object(s->skel);
	struct bpf_program *prog;
	int err;

	if (!s->plan.raw && (err = tracefs_ensure(why, len)))
		return err;
	bpf_object__for_each_program(prog, obj) {
		struct bpf_link *link;

		if (!bpf_program__autoload(prog))
			continue;
		link = bpf_program__attach(prog);
		err = libbpf_get_error(link);
		if (err) {
			snprintf(why, len, "attaching %s: %s%s",
				 bpf_program__name(prog), strerror(-err),
				 err == -ENOENT ? " (are the kvm tracepoints there?)" : "");
			return err;
		}
		if (s->nlinks < SESSION_MAX_LINKS)
			s->links[s->nlinks++] = link;
	}
	return 0;
}

static int try_start(const struct session_ops *ops, const struct cli *c,
		     struct session *s, char *why, size_t len)
{
	int err = session_load(ops, c, s, why, len);

	if (err)
		return err;
	wait_block_signals();
	err = session_attach(ops, s, why, len);
	if (err)
		wait_unblock_signals();
	return err;
}

void session_stop(const struct session_ops *ops, struct session *s)
{
	while (s->nlinks)
		bpf_link__destroy(s->links[--s->nlinks]);
	if (s->skel)
		ops->destroy(s->skel);
	s->skel = NULL;
}

/* -d: what the tables cost the kernel, and what each CPU adds to it. */
static void report_memory(const struct session_ops *ops, const struct session *s)
{
	struct map_mem m;

	map_mem(ops->object(s->skel), &m);
	debug_msg("kernel memory of the maps: %.2f MiB with %d CPUs (%s), of which %.2f MiB per CPU",
		  m.total / 1048576.0, m.ncpus,
		  m.from_kernel ? "the kernel's count" : "keys and values",
		  m.per_cpu / 1048576.0);
}

int session_start(const struct session_ops *ops, const struct cli *c,
		  struct session *s)
{
	char why[256];
	int rc;

	libbpf_set_print(libbpf_print);
	wait_default_signals();
	rc = preflight(c->btf_path);
	if (rc)
		return rc;
	rc = attach_plan(c->attach, c->btf_path, &s->plan);
	if (rc)
		return rc;
	for (;;) {
		debug_msg("attach: %s %s: %s", s->plan.raw ? "raw_tp" : "tracepoint",
			  s->plan.exit_prog, s->plan.why);
		if (!try_start(ops, c, s, why, sizeof(why))) {
			if (debug_enabled())
				report_memory(ops, s);
			return 0;
		}
		session_stop(ops, s);
		if (!s->plan.can_fall_back) {
			err_msg("%s", why);
			return EXIT_RUNTIME;
		}
		debug_msg("attach: raw tracepoint failed (%s); trying the tracepoint", why);
		attach_plan_fall_back(&s->plan, "fallback after the raw tracepoint failed");
	}
}

void session_report_misses(const struct session_ops *ops, const struct session *s)
{
	struct bpf_program *prog;

	if (!s->skel)
		return;
	bpf_object__for_each_program(prog, ops->object(s->skel)) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);

		if (!bpf_program__autoload(prog) ||
		    bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len))
			continue;
		/* 5.12+ counts them; older kernels leave the field 0. */
		if (!info.recursion_misses)
			continue;
		if (!strncmp(bpf_program__name(prog), "tidy_", 5))
			debug_msg("the kernel skipped %s %llu times: tables tidied later",
				  bpf_program__name(prog),
				  (unsigned long long)info.recursion_misses);
		else
			err_msg("warning: the kernel skipped %s %llu times (it was still running on that CPU): those events are not counted",
				bpf_program__name(prog),
				(unsigned long long)info.recursion_misses);
	}
}
