// SPDX-License-Identifier: GPL-2.0
/*
 * The VM-identity parsers on hostile bytes: the input as a /proc/PID/cmdline
 * text and as a thread name, and every name they yield through the column
 * renderer, which must give printable ASCII within its width.
 */
#include <stdbool.h>
#include "identity.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

/* What reaches a terminal: printable ASCII, at most width columns. */
static void check_column(const char *name, size_t width)
{
	char buf[IDENTITY_NAME_MAX * 4 + 1];
	const char *p;

	identity_column(name, buf, width + 1, width);
	if (strlen(buf) > width || !*buf)
		abort();
	for (p = buf; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[IDENTITY_NAME_MAX], small[4];
	char *buf = fuzz_strdup(data, size);
	long vcpu;

	if (!identity_parse_cmdline(buf, size, name, sizeof(name))) {
		if (!*name || strlen(name) >= sizeof(name))
			abort();
		check_column(name, IDENTITY_VM_WIDTH);
	}
	/* A name cut to a tiny buffer stays terminated. */
	if (!identity_parse_cmdline(buf, size, small, sizeof(small)) &&
	    strlen(small) >= sizeof(small))
		abort();
	vcpu = identity_parse_vcpu(buf, size);
	if (vcpu < -1 || vcpu > 999999)
		abort();
	check_column(buf, IDENTITY_VM_WIDTH);
	check_column(buf, 3);
	check_column(buf, 80);
	free(buf);
	return 0;
}
