/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every report carries besides its rows, whatever renders it (text,
 * JSON, OpenMetrics): which tool, how it attached, the filter, and the
 * window the rows cover.
 */
#ifndef KVMEXIT_REPORT_H
#define KVMEXIT_REPORT_H

#include <time.h>
#include "cli.h"

struct report_meta {
	const char *tool;		/* "kvmexit", "kvmexittime" */
	const struct cli *cli;		/* the filter as given */
	char attach[64];		/* "raw_tp kvm_exit_vcpu", ... */
	unsigned int isa;		/* the host's KVM_ISA_*, 0 unknown */
	struct timespec start, end;	/* the window, wall clock */
	struct timespec mono_start, mono_end;
	unsigned long long number;	/* 1 for the first report */
};

/* At attach: the first window starts now. */
void report_begin(struct report_meta *m, const char *tool, const struct cli *c,
		  bool raw, const char *exit_prog);
/* At each read: the window ends now; the next one starts where it ended. */
void report_end(struct report_meta *m);
void report_next(struct report_meta *m);
double report_seconds(const struct report_meta *m);

/* "vmx", "svm" or "unknown". */
const char *report_isa_name(unsigned int isa);
/* RFC 3339 UTC with milliseconds: "2026-12-02T06:00:00.123Z". */
const char *report_rfc3339(const struct timespec *t, char *buf, size_t len);

#endif
