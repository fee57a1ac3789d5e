// SPDX-License-Identifier: GPL-2.0
/*
 * The -T list parser and the "TIDS [...]" header built from it: the whole
 * input is the value of -T.
 */
#include "cli_tools.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char prog[] = "kvmexit", opt[] = "-T";
	char *tids = fuzz_strdup(data, size);
	char *argv[] = { prog, opt, tids, NULL };

	fuzz_cli_run(&fuzz_cli_tools[0], 3, argv);
	free(tids);
	return 0;
}
