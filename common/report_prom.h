/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --prometheus FILE: counters since the tool started, by VM, vCPU, exit
 * reason and ISA, in the Prometheus text format that node_exporter's
 * textfile collector reads, written atomically after every report.
 */
#ifndef KVMEXIT_REPORT_PROM_H
#define KVMEXIT_REPORT_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include "exit_table.h"
#include "time_table.h"

/* kvm_exit_duration_seconds buckets: le = 2^10 .. 2^33 ns (1 us .. 8.6 s). */
#define PROM_LE_FIRST_POW 10
#define PROM_LE_LAST_POW 33
#define PROM_BUCKETS (PROM_LE_LAST_POW - PROM_LE_FIRST_POW + 1)

struct prom_series;

struct prom_state {
	const char *path;
	struct prom_series *s;
	size_t n, cap;
	size_t *slots, nslots;	/* the index of s by labels */
	bool times;		/* kvmexittime: seconds and the histogram */
};

/* Adds a report's rows (per thread, not summed) into the counters. */
int prom_add_counts(struct prom_state *p, const struct exit_table *delta);
int prom_add_times(struct prom_state *p, const struct time_table *delta);

/*
 * Writes every counter to path: a temporary file in the same directory,
 * then rename(), so a reader never sees half a file.  0, or -1 after one
 * error line.
 */
int prom_write(struct prom_state *p);
/*
 * A VM's series end a while after its process, so that a host where VMs
 * come and go keeps a bounded file and memory.  Before a report's read,
 * mark the series whose process is gone: all its exits are in that read.
 * After writing it, count the report: a series is dropped once its final
 * values have been in PROM_KEEP_REPORTS files (75 s with the unit's -i 15,
 * longer than a scrape interval, so that Prometheus sees them).  A VM
 * started again under the same name meanwhile keeps its series; later,
 * it starts them from 0, which Prometheus reads as a counter reset.
 */
#define PROM_KEEP_REPORTS 5
void prom_mark_gone(struct prom_state *p);
void prom_drop_gone(struct prom_state *p);

void prom_free(struct prom_state *p);

#endif
