// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include "array.h"
#include "proc.h"
#include "kvmexittime_maps.h"
#include "kvmexittime.skel.h"
#include "map_prune.h"
#include "skel_ops.h"
#include "detail_table.h"
#include "err.h"
#include "task_storage.h"

static const char *const raw_progs[] = { "kvm_entry_raw", "sched_switch_raw",
					 "tidy_exit_raw", NULL };
static const char *const tp_progs[] = { "kvm_entry_record", "sched_switch_record",
					"tidy_exit_record", NULL };

int kvmexittime_state_in_task(struct kvmexittime_bpf *skel, bool on)
{
	/* The session turned the raw programs on for a raw tracepoint plan. */
	bool raw = bpf_program__autoload(skel->progs.kvm_entry_raw);
	int err;

	skel->rodata->task_local = on;
	err = bpf_map__set_autocreate(skel->maps.task_states, on);
	if (!err)
		err = bpf_map__set_autocreate(skel->maps.states, !on);
	if (!err)
		err = bpf_program__set_autoload(skel->progs.sched_switch_task, on);
	if (!err && raw)
		err = bpf_program__set_autoload(skel->progs.sched_switch_raw, !on);
	if (!err && raw)
		err = bpf_program__set_autoload(skel->progs.tidy_exit_raw, !on);
	return err;
}

/*
 * --max-threads sizes the per-thread state hash and, in the default's
 * proportion (bpf/kvmexittime.h), the per-(thread, reason) table.
 */
static int setup(struct kvmexittime_bpf *skel, const struct cli *c)
{
	unsigned long long stats = KVMEXITTIME_MAX_STATS;
	const char *why = "classic tracepoints give sched_switch PIDs, not tasks";
	bool task = false;
	int err;

	/*
	 * The tp_btf sched_switch is checked against the kernel's own BTF,
	 * whatever --btf relocated it against.
	 */
	if (c->btf_path)
		why = "--btf stands in for the kernel's BTF, which tp_btf programs are checked against";
	else if (bpf_program__autoload(skel->progs.kvm_entry_raw))
		task = task_storage_usable(&why);
	debug_msg("per-thread state: %s: %s", task ? "task storage" : "a hash by TID",
		  why);
	err = kvmexittime_state_in_task(skel, task);
	if (!err && c->max_threads) {
		stats = (unsigned long long)c->max_threads * KVMEXITTIME_MAX_STATS /
			KVMEXITTIME_MAX_THREADS;
		if (stats < 16)
			stats = 16;
		err = bpf_map__set_max_entries(skel->maps.states, c->max_threads);
		if (!err)
			err = bpf_map__set_max_entries(skel->maps.stats, stats);
	}
	/* Histograms (1.2 KiB per CPU each) only when a report shows them. */
	skel->rodata->want_hist = c->stats || c->hist || c->prom_path;
	if (!err)
		err = bpf_map__set_max_entries(skel->maps.hists,
					       skel->rodata->want_hist ? stats : 1);
	/* --detail's table: one entry when unused. */
	skel->rodata->want_detail = c->detail;
	if (!err && !c->detail)
		err = bpf_map__set_max_entries(skel->maps.details, 1);
	return err;
}

SKEL_SESSION_OPS(kvmexittime_ops, kvmexittime, raw_progs, tp_progs, setup,
		 detail_prog_wanted);

int kvmexittime_read(const struct session *s, struct time_table *t,
		     unsigned long long events[EV_MAX])
{
	const struct kvmexittime_bpf *skel = s->skel;
	unsigned long long gen = skel->bss->mm_gen;
	int i, err;

	/* bss is the kernel's map, mapped by the skeleton's load. */
	for (i = 0; i < EV_MAX; i++)
		events[i] = skel->bss->events[i];
	err = time_table_read(bpf_map__fd(skel->maps.stats),
			      skel->rodata->want_hist ? bpf_map__fd(skel->maps.hists) : -1,
			      gen, NULL, t);
	/* The next report's exits start new extremes. */
	skel->bss->mm_gen = gen + 1;
	return err;
}

int kvmexittime_read_details(const struct session *s, struct detail_table *t)
{
	return detail_table_read(kvmexittime_details_fd(s), t);
}

int kvmexittime_details_fd(const struct session *s)
{
	const struct kvmexittime_bpf *skel = s->skel;

	return bpf_map__fd(skel->maps.details);
}

/*
 * The keys of threads gone from /proc, or whose ID names a later thread:
 * they can add nothing more.
 */
static int dead_threads(int fd, struct pid_epoch *since, struct time_keys *dead)
{
	struct time_keys all = { 0 };
	struct time_key *k;
	struct pid_epoch now;
	bool alive = false;
	size_t i;
	int err = 0;

	/* Before the keys: a thread made meanwhile is the next call's. */
	proc_pid_epoch(&now);
	err = time_keys_read(fd, &all);
	/* By thread, then reason: /proc is asked once per thread. */
	time_keys_sort(&all);
	for (i = 0; !err && i < all.n; i++) {
		k = &all.keys[i];
		if (!i || k->pid_tgid != k[-1].pid_tgid || k->start_ns != k[-1].start_ns)
			alive = proc_thread_alive(k->pid_tgid, k->start_ns, since, &now);
		if (!alive)
			err = time_keys_add(dead, k);
	}
	time_keys_free(&all);
	if (!err)
		*since = now;
	return err;
}

/*
 * The hash path's exit states of threads gone whose sched_process_exit
 * program did not run (7.x skips a program preempted on that CPU): by
 * global TID, so only where /proc shows global IDs.  Task storage needs
 * none of this.
 */
static bool tid_gone(const void *tid, void *arg)
{
	(void)arg;
	return !proc_pid_exists(*(const __u32 *)tid);
}

static void prune_states(const struct kvmexittime_bpf *skel)
{
	int fd = bpf_map__fd(skel->maps.states);

	if (skel->rodata->task_local || skel->rodata->pidns_on || fd < 0)
		return;
	map_delete_if(fd, sizeof(__u32), tid_gone, NULL);
}

int kvmexittime_harvest(const struct session *s, struct pid_epoch *since,
			struct time_table *retired)
{
	const struct kvmexittime_bpf *skel = s->skel;
	int stats = bpf_map__fd(skel->maps.stats);
	int hists = skel->rodata->want_hist ? bpf_map__fd(skel->maps.hists) : -1;
	struct time_keys dead = { 0 };
	size_t i;
	int err;

	err = dead_threads(stats, since, &dead);
	/* Their sums are final: take them, then make room. */
	if (!err && dead.n)
		err = time_table_read(stats, hists, skel->bss->mm_gen, &dead, retired);
	for (i = 0; !err && i < dead.n; i++) {
		bpf_map_delete_elem(stats, &dead.keys[i]);
		if (hists >= 0)
			bpf_map_delete_elem(hists, &dead.keys[i]);
	}
	time_table_merge(retired);
	time_keys_free(&dead);
	prune_states(skel);
	return err;
}
