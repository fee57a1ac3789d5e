/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal TAP output for the C tests: "ok N - what", then "N passed, M failed". */
#ifndef KVMEXIT_TESTS_TAP_H
#define KVMEXIT_TESTS_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define TAP_OK(cond, ...)						\
	do {								\
		int ok_ = !!(cond);					\
		tap_n++;						\
		if (!ok_)						\
			tap_failed++;					\
		printf("%sok %d - ", ok_ ? "" : "not ", tap_n);	\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	} while (0)

#define TAP_EQ_U64(got, want, ...)					\
	do {								\
		unsigned long long g_ = (got), w_ = (want);		\
		TAP_OK(g_ == w_, __VA_ARGS__);				\
		if (g_ != w_)						\
			printf("#   got %llu, want %llu\n", g_, w_);	\
	} while (0)

#define TAP_EQ_STR(got, want, ...)					\
	do {								\
		const char *g_ = (got), *w_ = (want);			\
		TAP_OK(!strcmp(g_, w_), __VA_ARGS__);			\
		if (strcmp(g_, w_))					\
			printf("#   got  [%s]\n#   want [%s]\n", g_, w_); \
	} while (0)

/* The summary line CI reads; the exit status of the test program. */
static inline int tap_done(void)
{
	printf("%d passed, %d failed\n", tap_n - tap_failed, tap_failed);
	return tap_failed ? 1 : 0;
}

#endif
