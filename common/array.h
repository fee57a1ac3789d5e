/* SPDX-License-Identifier: GPL-2.0 */
/* Growing an array of rows by doubling. */
#ifndef KVMEXIT_ARRAY_H
#define KVMEXIT_ARRAY_H

#include <stddef.h>

/* Room for element n in *rows (capacity *cap, elements of size); 0 or -ENOMEM. */
int array_reserve(void **rows, size_t *cap, size_t n, size_t size);

#endif
