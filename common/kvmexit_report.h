/* SPDX-License-Identifier: GPL-2.0 */
/* bcc kvmexit's output, byte for byte. */
#ifndef KVMEXIT_KVMEXIT_REPORT_H
#define KVMEXIT_KVMEXIT_REPORT_H

#include <stdio.h>
#include "cli.h"
#include "exit_table.h"

/* bcc's default duration; from it on the header says "Hit Ctrl-C". */
#define KVMEXIT_FOREVER 99999999LL

/* bcc's first line; a -T list is printed whole, however long. */
void kvmexit_print_header(FILE *f, const struct cli *c, long long duration);
void kvmexit_print_columns(FILE *f, enum cli_view view);
/* Orders (and for VIEW_COLLAPSED sums) the table, then prints its rows. */
void kvmexit_print_rows(FILE *f, enum cli_view view, struct exit_table *t);

#endif
