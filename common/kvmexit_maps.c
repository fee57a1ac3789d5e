// SPDX-License-Identifier: GPL-2.0
#include <unistd.h>
#include <linux/membarrier.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include <sys/syscall.h>
#include "kvmexit_maps.h"
#include "kvmexit.skel.h"
#include "exit_counts.h"
#include "kvm_btf.h"
#include "proc.h"
#include "skel_ops.h"
#include "detail_table.h"

/*
 * The per-thread counter array serves the host's ISA (bpf/exit_slot.h);
 * --max-threads sizes the per-thread hash (bcc's 1024 otherwise).
 */
static int setup(struct kvmexit_bpf *skel, const struct cli *c)
{
	int err = exit_counts_configure(skel->obj, kvm_host_isa());

	if (!err && c->max_threads)
		err = bpf_map__set_max_entries(skel->maps.counts, c->max_threads);
	/* --detail's tables: one entry each when unused. */
	skel->rodata->want_detail = c->detail;
	if (!err)
		err = bpf_map__set_max_entries(skel->maps.marks, !c->detail ? 1 :
					       c->max_threads ? c->max_threads :
					       KVMEXIT_MAX_THREADS);
	if (!err && !c->detail)
		err = bpf_map__set_max_entries(skel->maps.details, 1);
	return err;
}

SKEL_SESSION_OPS(kvmexit_ops, kvmexit, NULL, NULL, setup, detail_prog_wanted);

int kvmexit_read(const struct session *s, struct exit_table *t,
		 unsigned long long losses[LOSS_MAX])
{
	const struct kvmexit_bpf *skel = s->skel;
	int i;

	/* bss and rodata are the kernel's maps, mapped by the skeleton's load. */
	for (i = 0; i < LOSS_MAX; i++)
		losses[i] = skel->bss->losses[i];
	return exit_counts_read(skel->rodata->dense_isa,
				bpf_map__fd(skel->maps.cache),
				bpf_map__fd(skel->maps.counts),
				bpf_map__fd(skel->maps.rare), NULL, t);
}

/*
 * Until every BPF program that may have read the old harvest_gen has
 * returned: they run under RCU, and MEMBARRIER_CMD_GLOBAL waits for a
 * grace period.  It fails with nohz_full CPUs: then a pause far longer
 * than any program runs.
 */
static void wait_programs(void)
{
	if (syscall(__NR_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0))
		usleep(20000);
}

int kvmexit_harvest(const struct session *s, struct pid_epoch *since,
		    struct exit_table *retired)
{
	struct kvmexit_bpf *skel = s->skel;
	int counts = bpf_map__fd(skel->maps.counts);
	int rare = bpf_map__fd(skel->maps.rare);
	struct thread_keys gone = { 0 };
	size_t i;
	int err;

	err = exit_counts_gone(counts, rare, since, &gone);
	/*
	 * Their counts are final, but for a new thread that took a gone
	 * one's ID and counts in its cache slot as a hit: a new generation
	 * sends it to its own entry (bpf/kvmexit.bpf.c).  Then take the
	 * counts and make room.
	 */
	if (!err && gone.n) {
		skel->bss->harvest_gen++;
		wait_programs();
	}
	if (!err && gone.n)
		err = exit_counts_read(skel->rodata->dense_isa,
				       bpf_map__fd(skel->maps.cache), counts,
				       rare, &gone, retired);
	if (!err)
		exit_counts_forget(counts, rare, &gone);
	/* --detail's exit marks, by TID: those no thread has now. */
	for (i = 0; !err && skel->rodata->want_detail && i < gone.n; i++) {
		unsigned int tid = (unsigned int)gone.keys[i].pid_tgid;

		if (!proc_pid_exists(tid))
			bpf_map_delete_elem(bpf_map__fd(skel->maps.marks), &tid);
	}
	/* An ID reused within the run: one row, not one per thread. */
	exit_table_merge(retired);
	thread_keys_free(&gone);
	return err;
}

int kvmexit_read_details(const struct session *s, struct detail_table *t)
{
	return detail_table_read(kvmexit_details_fd(s), t);
}

int kvmexit_details_fd(const struct session *s)
{
	const struct kvmexit_bpf *skel = s->skel;

	return bpf_map__fd(skel->maps.details);
}
