/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmexittime's times as --units asks, in its table and in --detail's:
 * SysAK's integer nanoseconds, else 3 decimals, the unit named in the head.
 */
#ifndef KVMEXIT_TIME_UNITS_H
#define KVMEXIT_TIME_UNITS_H

#include <stddef.h>

/* ns in units of unit_ns (1, 1000, 1000000) into buf; returns buf. */
const char *time_units_fmt(char *buf, size_t len, unsigned long long ns,
			   unsigned int unit_ns);

/* A time column's head: name, or "name(unit)" when unit_ns is not 1. */
const char *time_units_head(char *buf, size_t len, const char *name,
			    unsigned int unit_ns, const char *unit);

#endif
