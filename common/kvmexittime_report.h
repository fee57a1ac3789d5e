/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmexittime's report: SysAK's table (tab-separated, fixed-width,
 * nanoseconds), and with --stats, --hist, --units its distributions.
 */
#ifndef KVMEXIT_KVMEXITTIME_REPORT_H
#define KVMEXIT_KVMEXITTIME_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "time_table.h"

struct time_report_opts {
	bool per_thread;		/* a TID column, rows per thread */
	bool stats;			/* Avg, Min, P50 .. Max, Runq, Sleep */
	bool hist;			/* histograms after the table */
	const char *hist_reason;	/* only this reason (name or code); NULL: all */
	unsigned int unit_ns;		/* 1, 1000, 1000000 */
	const char *unit;		/* "ns", "us", "ms" */
};

void kvmexittime_print_banner(FILE *f);
/* Columns, rows by E2E descending (per thread with a TID column), Total. */
void kvmexittime_print_table(FILE *f, struct time_table *t,
			     const struct time_report_opts *o);
/* One histogram per row of t as the table sorted it, or of hist_reason. */
void kvmexittime_print_hists(FILE *f, const struct time_table *t,
			     const struct time_report_opts *o);

#endif
