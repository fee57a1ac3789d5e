// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include "time_units.h"

/* 0 as 1: kvmexit's layouts leave the unit unset and never print times. */
const char *time_units_fmt(char *buf, size_t len, unsigned long long ns,
			   unsigned int unit_ns)
{
	if (unit_ns <= 1)
		snprintf(buf, len, "%llu", ns);
	else
		snprintf(buf, len, "%.3f", (double)ns / unit_ns);
	return buf;
}

const char *time_units_head(char *buf, size_t len, const char *name,
			    unsigned int unit_ns, const char *unit)
{
	if (unit_ns <= 1)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%s(%s)", name, unit);
	return buf;
}
