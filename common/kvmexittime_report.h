/* SPDX-License-Identifier: GPL-2.0 */
/* SysAK kvmexittime's table: tab-separated, fixed-width, nanoseconds. */
#ifndef KVMEXIT_KVMEXITTIME_REPORT_H
#define KVMEXIT_KVMEXITTIME_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "time_table.h"

void kvmexittime_print_banner(FILE *f);
/* Columns, rows by E2E descending (per thread with a TID column), Total. */
void kvmexittime_print_table(FILE *f, struct time_table *t, bool per_thread);

#endif
