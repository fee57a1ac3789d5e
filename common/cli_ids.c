// SPDX-License-Identifier: GPL-2.0
#include "cli_ids.h"
#include "err.h"
#include "proc.h"

/* How an option names its IDs in errors. */
struct id_opt {
	const char *opt, *what;
};

static const struct id_opt opt_pid = { "-p/--pid", "PID" };
static const struct id_opt opt_tid = { "-t/--tid", "TID" };
static const struct id_opt opt_tids = { "-T/--tids", "TID" };

/* One -t or -T thread: there, in -p's process if given, in our namespace. */
static int check_thread(const struct cli_tool *tool, const struct cli *c,
			const struct id_opt *o, unsigned int tid)
{
	if (!proc_pid_exists(tid))
		return cli_usage_error(tool, "argument %s: no thread with TID %u",
				       o->opt, tid);
	if (c->pid && !proc_thread_of(c->pid, tid))
		return cli_usage_error(tool, "argument %s: TID %u is not a thread of process %u",
				       o->opt, tid, c->pid);
	if (!pidns_member(&c->pidns, tid))
		return cli_usage_error(tool, "argument %s: TID %u is in a PID namespace nested in this one, where the tools cannot see it: run them in that namespace or in the initial one",
				       o->opt, tid);
	return -1;
}

static int check_pid(const struct cli_tool *tool, const struct cli *c)
{
	unsigned int tgid;

	if (!proc_pid_exists(c->pid))
		return cli_usage_error(tool, "argument -p/--pid: no process with PID %u",
				       c->pid);
	/* /proc/TID exists for every thread; a status we cannot read: it exited. */
	if (!proc_tgid(c->pid, &tgid) && tgid != c->pid)
		return cli_usage_error(tool, "argument -p/--pid: %u is a thread of process %u, not a process (-p %u -t %u traces that thread)",
				       c->pid, tgid, tgid, c->pid);
	if (!pidns_member(&c->pidns, c->pid))
		return cli_usage_error(tool, "argument -p/--pid: PID %u is in a PID namespace nested in this one, where the tools cannot see it: run them in that namespace or in the initial one",
				       c->pid);
	return -1;
}

static int check_vcpu(const struct cli_tool *tool, struct cli *c)
{
	unsigned int tid[2];

	switch (proc_find_vcpu_threads(c->pid, c->vcpu, tid)) {
	case 0:
		return cli_usage_error(tool,
			"argument -v/--vcpu: PID %u has no vCPU %lld (no thread named 'CPU %lld/KVM')",
			c->pid, c->vcpu, c->vcpu);
	case 1:
		/* -v is exclusive with -t, so the filter TID slot is free. */
		c->tid = tid[0];
		return -1;
	default:
		return cli_usage_error(tool,
			"argument -v/--vcpu: PID %u has more than one thread named 'CPU %lld/KVM' (TIDs %u and %u): use -t",
			c->pid, c->vcpu, tid[0], tid[1]);
	}
}

static int check_limit(const struct cli_tool *tool, const struct id_opt *o,
		       unsigned int id, unsigned int pid_max)
{
	if (id < pid_max)
		return -1;
	return cli_usage_error(tool, "argument %s: %s %u is too large: IDs are below the kernel's PID limit, pid_max %u",
			       o->opt, o->what, id, pid_max);
}

/* Before any /proc lookup: an ID at or above pid_max names nothing. */
static int check_limits(const struct cli_tool *tool, const struct cli *c)
{
	unsigned int pid_max;
	int i, rc;

	if (!c->pid && !c->tid && !c->ntids)
		return -1;
	pid_max = proc_pid_max();
	if (c->pid && (rc = check_limit(tool, &opt_pid, c->pid, pid_max)) >= 0)
		return rc;
	if (c->tid && (rc = check_limit(tool, &opt_tid, c->tid, pid_max)) >= 0)
		return rc;
	for (i = 0; i < c->ntids; i++)
		if ((rc = check_limit(tool, &opt_tids, c->tids[i], pid_max)) >= 0)
			return rc;
	return -1;
}

int cli_check_ids(const struct cli_tool *tool, struct cli *c)
{
	char why[256];
	int i, rc;

	if ((rc = check_limits(tool, c)) >= 0)
		return rc;
	if (pidns_self(&c->pidns, why, sizeof(why))) {
		err_msg("%s", why);
		return EXIT_RUNTIME;
	}
	if (c->pid && (rc = check_pid(tool, c)) >= 0)
		return rc;
	if (c->tid && (rc = check_thread(tool, c, &opt_tid, c->tid)) >= 0)
		return rc;
	for (i = 0; i < c->ntids; i++)
		if ((rc = check_thread(tool, c, &opt_tids, c->tids[i])) >= 0)
			return rc;
	if (c->has_vcpu)
		return check_vcpu(tool, c);
	return -1;
}
