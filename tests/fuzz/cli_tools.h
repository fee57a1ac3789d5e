/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two tools' command lines for the cli_parse harnesses.  The tools keep
 * their struct cli_tool static beside main(), so the option sets and the
 * positionals are restated here; the help text is left out (it is only
 * printed).  Keep opts and positionals in step with tools/kvmexit.c and
 * tools/kvmexittime.c.
 */
#ifndef KVMEXIT_FUZZ_CLI_TOOLS_H
#define KVMEXIT_FUZZ_CLI_TOOLS_H

#include <stdio.h>
#include "cli.h"
#include "err.h"
#include "fuzz.h"

static const char *const fuzz_kvmexit_pos[] = { "duration" };
static const char *const fuzz_kvmexittime_pos[] = { "interval", "count" };
static const char *const fuzz_usage_parts[] = {
	"[-h]", "[-p PID]", "[-t TID | -T TIDS | -v VCPU | -a]", "[-d]",
	"[--attach MODE]", "[--btf FILE]", "[--version]", "[interval [count]]",
};

static const struct cli_tool fuzz_cli_tools[] = {
	{
		.name = "kvmexit",
		.opts = (1u << OPT_COUNT) - 1,
		.positionals = fuzz_kvmexit_pos,
		.npositionals = 1,
		.usage_parts = fuzz_usage_parts,
		.nusage_opt = 7,
		.nusage_pos = 1,
		.help_body = "",
	},
	{
		.name = "kvmexittime",
		.opts = ((1u << OPT_COUNT) - 1) & ~(1u << OPT_MAXPAR),
		.positionals = fuzz_kvmexittime_pos,
		.npositionals = 2,
		.usage_parts = fuzz_usage_parts,
		.nusage_opt = 7,
		.nusage_pos = 1,
		.help_body = "",
	},
};

/*
 * Parse argv as a tool would, then render the report header the way the
 * tools size it: a first call into a small buffer says how long it is.
 */
static inline void fuzz_cli_run(const struct cli_tool *tool, int argc,
				char **argv)
{
	char small[16], *whole;
	struct cli c;
	size_t len;

	set_prog_name(argv[0]);
	if (cli_parse(tool, argc, argv, &c) != -1)
		return;
	cli_view(&c);
	len = cli_context(&c, small, sizeof(small));
	if (strlen(small) != (len < sizeof(small) ? len : sizeof(small) - 1))
		abort();
	whole = malloc(len + 1);
	if (!whole || cli_context(&c, whole, len + 1) != len ||
	    strlen(whole) != len || strncmp(whole, small, sizeof(small) - 1))
		abort();
	free(whole);
}

#endif
