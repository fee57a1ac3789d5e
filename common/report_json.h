/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --json: one JSON object per report, one per line (JSON Lines), from the
 * same rows the text report prints.  Fields: man/kvmexit.8, "JSON".
 */
#ifndef KVMEXIT_REPORT_JSON_H
#define KVMEXIT_REPORT_JSON_H

#include <stdio.h>
#include "exit_table.h"
#include "kvmexittime_report.h"
#include "report.h"
#include "time_table.h"

/* Names of a tool's loss or event counters, for the JSON keys. */
struct counter_names {
	const char *const *names;	/* NULL entries: "counter_<i>" */
	int n;
};

/* kvmexit: rows of t (ordered, or collapsed, for view as in the text). */
int report_json_counts(FILE *f, const struct report_meta *m,
		       struct exit_table *t, enum cli_view view,
		       const unsigned long long *losses,
		       const struct counter_names *loss_names);

/* kvmexittime: rows of t as kvmexittime_print_table orders them. */
int report_json_times(FILE *f, const struct report_meta *m,
		      struct time_table *t, const struct time_report_opts *o,
		      const unsigned long long *events,
		      const struct counter_names *event_names);

#endif
