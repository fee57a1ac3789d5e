// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "time_hist.h"
#include "kvmexittime.h"

unsigned long long time_hist_low(unsigned int b)
{
	unsigned int p, sub;

	if (b < TIME_HIST_SUB)
		return b;
	p = (b - TIME_HIST_SUB) / TIME_HIST_SUB + TIME_HIST_SUB_BITS;
	sub = (b - TIME_HIST_SUB) % TIME_HIST_SUB;
	return (unsigned long long)(TIME_HIST_SUB + sub) << (p - TIME_HIST_SUB_BITS);
}

unsigned long long time_hist_high(unsigned int b)
{
	/* The last bucket also holds everything beyond 2^40 ns. */
	if (b >= TIME_HIST_BUCKETS - 1)
		return ~0ULL;
	return time_hist_low(b + 1) - 1;
}

unsigned long long time_hist_quantile(const unsigned long long *h, double q,
				      unsigned long long min_ns,
				      unsigned long long max_ns)
{
	unsigned long long total = 0, rank, seen = 0, mid = 0;
	unsigned int b;

	for (b = 0; b < TIME_HIST_BUCKETS; b++)
		total += h[b];
	if (!total)
		return 0;
	/* The smallest value with at least q of the exits at or below it. */
	rank = (unsigned long long)(q * total);
	if (rank < q * total || !rank)
		rank++;
	for (b = 0; b < TIME_HIST_BUCKETS; b++) {
		seen += h[b];
		if (seen >= rank)
			break;
	}
	if (b >= TIME_HIST_BUCKETS - 1)
		mid = max_ns;
	else
		mid = time_hist_low(b) + (time_hist_high(b) - time_hist_low(b) + 1) / 2;
	if (min_ns && mid < min_ns)
		mid = min_ns;
	if (max_ns && mid > max_ns)
		mid = max_ns;
	return mid;
}

#define STARS 40

static void bar(FILE *f, unsigned long long lo, unsigned long long hi,
		unsigned long long n, unsigned long long most)
{
	char stars[STARS + 1];
	int w = most ? (int)(n * STARS / most) : 0;

	memset(stars, '*', w);
	stars[w] = '\0';
	fprintf(f, "%20llu -> %-20llu : %-8llu |%-*s|\n", lo, hi, n, STARS, stars);
}

void time_hist_print(FILE *f, const unsigned long long *h, unsigned int unit_ns,
		     const char *label)
{
	/* Display rows: buckets whose ranges start alike in the unit merge. */
	unsigned long long lo[TIME_HIST_BUCKETS], hi[TIME_HIST_BUCKETS];
	unsigned long long n[TIME_HIST_BUCKETS], most = 0;
	int first = -1, last = -1, rows = 0, b, i;

	for (b = 0; b < TIME_HIST_BUCKETS; b++) {
		if (h[b] && first < 0)
			first = b;
		if (h[b])
			last = b;
	}
	fprintf(f, "%20s%-24s : count     distribution\n", label, "");
	for (b = first; first >= 0 && b <= last; b++) {
		unsigned long long l = time_hist_low(b) / unit_ns;
		unsigned long long u = time_hist_high(b) == ~0ULL ? ~0ULL :
				       time_hist_high(b) / unit_ns;

		if (rows && lo[rows - 1] == l) {
			hi[rows - 1] = u;
			n[rows - 1] += h[b];
			continue;
		}
		lo[rows] = l;
		hi[rows] = u;
		n[rows++] = h[b];
	}
	for (i = 0; i < rows; i++)
		if (n[i] > most)
			most = n[i];
	for (i = 0; i < rows; i++)
		bar(f, lo[i], hi[i], n[i], most);
}
