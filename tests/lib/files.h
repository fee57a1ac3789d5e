/* SPDX-License-Identifier: GPL-2.0 */
/* The C tests' fixture files. */
#ifndef KVMEXIT_TESTS_FILES_H
#define KVMEXIT_TESTS_FILES_H

#include <stdio.h>
#include <stdlib.h>

/* Writes dir/rel: a fixture that cannot be written ends the test. */
static inline void fixture_write(const char *dir, const char *rel,
				 const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "cannot write the fixture %s\n", path);
		abort();
	}
}

#endif
