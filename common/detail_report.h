/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --detail's section after the main table, in either tool's layout:
 * kvmexit's space-aligned counts, kvmexittime's tab-separated times.
 */
#ifndef KVMEXIT_DETAIL_REPORT_H
#define KVMEXIT_DETAIL_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "detail_table.h"

struct detail_layout {
	bool times;		/* kvmexittime: E2E, Sched-out, On-cpu; tabs */
	int thread_cols;	/* 0: threads summed; 1: TID; 2: PID and TID */
	const char *tid_head;	/* the TID column's head: "TID", "TIDS" */
	unsigned int unit_ns;	/* times: 1, 1000, 1000000 */
	const char *unit;	/* times: "ns", "us", "ms" */
};

/* "IO"/"MSR"/"MMIO", the port, MSR (with its name) or page, and access. */
const char *detail_kind_name(unsigned int kind);
const char *detail_target(const struct detail_row *r, char *buf, size_t len);
const char *detail_access(const struct detail_row *r);

/* Sums threads or sorts per thread as the layout says, then prints t. */
void detail_print(FILE *f, struct detail_table *t, const struct detail_layout *l);

#endif
