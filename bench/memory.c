// SPDX-License-Identifier: GPL-2.0
/*
 * The tools' kernel memory as -d reports it (common/map_mem.c), and what
 * it comes to on larger hosts: the per-CPU maps grow with each CPU.
 */
#include <stdio.h>
#include "attach.h"
#include "bench.h"
#include "exit_counts.h"
#include "kvmexit_maps.h"
#include "kvmexittime_maps.h"
#include "map_mem.h"

static unsigned int isa;

static int set_isa(void *skel)
{
	return exit_counts_configure(kvmexit_ops.object(skel), isa);
}

static void one(const char *what, const struct session_ops *ops, struct cli *c)
{
	struct session s;
	struct map_mem m;
	double shared;

	if (!bench_load(ops, c, &s, PROG_EXIT_REASON, true,
			ops == &kvmexit_ops ? set_isa : NULL)) {
		map_mem(ops->object(s.skel), &m);
		shared = (double)m.full - (double)m.per_cpu * m.ncpus;
		printf("%-40s %8.2f %8.2f %8.2f %9.1f %9.1f\n", what, m.total / 1048576.0,
		       m.full / 1048576.0, m.per_cpu / 1048576.0,
		       (shared + 64.0 * m.per_cpu) / 1048576.0,
		       (shared + 256.0 * m.per_cpu) / 1048576.0);
	}
	session_stop(ops, &s);
}

void bench_memory(void)
{
	struct cli plain = { 0 }, stats = { .stats = true }, detail = { .detail = true };

	printf("\nKernel memory of the maps (MiB)       at load     full  per CPU  64 CPUs  256 CPUs\n");
	isa = KVM_ISA_SVM;
	one("kvmexit, AMD host", &kvmexit_ops, &plain);
	one("kvmexit --detail, AMD host", &kvmexit_ops, &detail);
	isa = KVM_ISA_VMX;
	one("kvmexit, Intel host", &kvmexit_ops, &plain);
	one("kvmexittime", &kvmexittime_ops, &plain);
	one("kvmexittime --detail", &kvmexittime_ops, &detail);
	one("kvmexittime --stats/--hist/--prometheus", &kvmexittime_ops, &stats);
}
