/* SPDX-License-Identifier: GPL-2.0 */
/* VMX and SVM exit-reason names, as bcc kvmexit prints them (bare names). */
#ifndef KVMEXIT_EXIT_REASONS_H
#define KVMEXIT_EXIT_REASONS_H

#include <stdbool.h>
#include <stddef.h>

/* Name of a normalised code of the given ISA, or NULL if it has none. */
const char *exit_reason_name(unsigned int isa, unsigned int code);

/*
 * The name to print: exit_reason_name(), or "UNKNOWN_<decimal code>" so
 * that no exit is ever dropped from the report.
 */
const char *exit_reason_label(unsigned int isa, unsigned int code,
			      char *buf, size_t len);

/*
 * Whether want names an exit reason of either ISA as the tools print it
 * (any case), or is a code (decimal, 0x hex, or UNKNOWN_<code>).
 */
bool exit_reason_known(const char *want);

#endif
