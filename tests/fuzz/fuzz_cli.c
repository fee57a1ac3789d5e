// SPDX-License-Identifier: GPL-2.0
/*
 * cli_parse, the argparse work-alike, on arbitrary command lines: the input
 * split at NULs is the argument vector, tried on both tools' option sets.
 */
#include "cli_tools.h"
#include "proc.h"

static void write_at(const char *rel, const char *text)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/proc/%s", fuzz_tmpdir(), rel);
	if (text)
		fuzz_write_file(path, (const uint8_t *)text, strlen(text));
	else
		fuzz_mkdir(path);
}

/*
 * -p, -t and -v look processes up in /proc: give them a fixed tree (PID
 * 100, a VMM with vCPU threads 101 and 102) so that a run does not depend
 * on the host.
 */
static void proc_tree(void)
{
	static const char *const tree[][2] = {
		{ "", NULL },
		{ "100", NULL }, { "100/status", "Name:\tqemu\nTgid:\t100\n" },
		{ "101", NULL }, { "101/status", "Name:\tCPU 0/KVM\nTgid:\t100\n" },
		{ "102", NULL }, { "102/status", "Name:\tCPU 1/KVM\nTgid:\t100\n" },
		{ "100/task", NULL },
		{ "100/task/100", NULL }, { "100/task/100/comm", "qemu\n" },
		{ "100/task/101", NULL }, { "100/task/101/comm", "CPU 0/KVM\n" },
		{ "100/task/102", NULL }, { "100/task/102/comm", "CPU 1/KVM\n" },
	};
	static char root[256];
	size_t i;

	for (i = 0; i < sizeof(tree) / sizeof(tree[0]); i++)
		write_at(tree[i][0], tree[i][1]);
	snprintf(root, sizeof(root), "%s/proc", fuzz_tmpdir());
	proc_set_root(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	proc_tree();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *args[FUZZ_MAX_ARGS + 1];
	char *buf = fuzz_strdup(data, size);
	size_t i;
	int argc;

	for (i = 0; i < sizeof(fuzz_cli_tools) / sizeof(fuzz_cli_tools[0]); i++) {
		argc = fuzz_argv(buf, size, (char *)fuzz_cli_tools[i].name, args);
		fuzz_cli_run(&fuzz_cli_tools[i], argc, args);
	}
	free(buf);
	return 0;
}
