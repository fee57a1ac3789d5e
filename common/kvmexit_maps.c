// SPDX-License-Identifier: GPL-2.0
#include <linux/types.h>
#include "kvmexit_maps.h"
#include "kvmexit.skel.h"
#include "exit_counts.h"
#include "kvm_btf.h"
#include "skel_ops.h"

/*
 * The per-thread counter array serves the host's ISA (bpf/exit_slot.h);
 * --max-threads sizes the per-thread hash (bcc's 1024 otherwise).
 */
static int setup(struct kvmexit_bpf *skel, const struct cli *c)
{
	int err = exit_counts_configure(skel->obj, kvm_host_isa());

	if (!err && c->max_threads)
		err = bpf_map__set_max_entries(skel->maps.counts, c->max_threads);
	return err;
}

SKEL_SESSION_OPS(kvmexit_ops, kvmexit, NULL, NULL, setup);

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
				bpf_map__fd(skel->maps.rare), t);
}
