/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvmexittime's E2E histograms (bpf/kvmexittime.h): bucket bounds,
 * percentiles, and bcc's way of drawing them.
 */
#ifndef KVMEXIT_TIME_HIST_H
#define KVMEXIT_TIME_HIST_H

#include <stdio.h>

/* The smallest and largest value bucket b holds, in ns. */
unsigned long long time_hist_low(unsigned int b);
unsigned long long time_hist_high(unsigned int b);

/*
 * The q-th quantile (0 < q <= 1) of h: the midpoint of the bucket holding
 * it (within 1/8 of any value there), kept within [min_ns, max_ns], the
 * exact extremes.  0 for an empty histogram.
 */
unsigned long long time_hist_quantile(const unsigned long long *h, double q,
				      unsigned long long min_ns,
				      unsigned long long max_ns);

/*
 * As bcc's latency tools draw: "low -> high : count |****|", a bar of
 * stars scaled to the largest bucket, in units of unit_ns named label
 * ("nsecs"); buckets that fall together in that unit are merged.
 */
void time_hist_print(FILE *f, const unsigned long long *h, unsigned int unit_ns,
		     const char *label);

#endif
