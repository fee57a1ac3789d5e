// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include "array.h"

int array_reserve(void **rows, size_t *cap, size_t n, size_t size)
{
	size_t want = *cap ? *cap * 2 : 64;
	void *p;

	if (n < *cap)
		return 0;
	p = realloc(*rows, want * size);
	if (!p)
		return -ENOMEM;
	*rows = p;
	*cap = want;
	return 0;
}
