// SPDX-License-Identifier: GPL-2.0
/* argparse-compatible parsing: values, bundling, prefixes, groups, errors. */
#include <stdlib.h>
#include "args.h"
#include "cli.h"
#include "../lib/tap.h"

static const struct arg_spec specs[] = {
	{ OPT_HELP, 'h', "help", NULL, ARG_HELP, 0, NULL, false },
	{ OPT_PID, 'p', "pid", "PID", ARG_INT, 0, NULL, false },
	{ OPT_TID, 't', "tid", "TID", ARG_INT, 1, NULL, false },
	{ OPT_TIDS, 'T', "tids", "TIDS", ARG_STRING, 1, NULL, false },
	{ OPT_VCPU, 'v', "vcpu", "VCPU", ARG_INT, 1, NULL, false },
	{ OPT_ALLTIDS, 'a', "alltids", NULL, ARG_FLAG, 1, NULL, false },
	{ OPT_MAXPAR, 'm', "max-parallelism", "MAX_PARALLELISM", ARG_INT, 0, NULL, false },
	{ OPT_DEBUG, 'd', "debug", NULL, ARG_FLAG, 0, NULL, false },
};
static const char *const pos[] = { "duration" };
static const struct arg_parser parser = { specs, 8, pos, 1 };

static struct arg_result r;
static char err[512];

/* Parses a space-separated command line ('~' stands for a space in a word). */
static int parse(const char *line)
{
	char *argv[32], *copy = strdup(line), *tok, *save = NULL, *c;
	int argc = 0, rc;

	argv[argc++] = "kvmexit";
	for (tok = strtok_r(copy, " ", &save); tok && argc < 31;
	     tok = strtok_r(NULL, " ", &save)) {
		for (c = tok; *c; c++)
			if (*c == '~')
				*c = ' ';
		argv[argc++] = tok;
	}
	argv[argc] = NULL;
	err[0] = '\0';
	rc = args_parse(&parser, argc, argv, &r, err, sizeof(err));
	free(copy);
	return rc;
}

static void test_ok(void)
{
	long long v;

	TAP_OK(!parse("-p 123") && r.opt[OPT_PID].num == 123, "-p 123");
	TAP_OK(!parse("--pid=123") && r.opt[OPT_PID].num == 123, "--pid=123");
	TAP_OK(!parse("-p123") && r.opt[OPT_PID].num == 123, "-p123");
	TAP_OK(!parse("--pi 7") && r.opt[OPT_PID].num == 7, "unique prefix --pi");
	TAP_OK(!parse("-ap 5") && r.opt[OPT_ALLTIDS].seen && r.opt[OPT_PID].num == 5,
	       "bundled -ap 5");
	TAP_OK(!parse("-p 1 5 -a") && r.npos == 1 && r.pos[0].num == 5 &&
	       r.opt[OPT_ALLTIDS].seen, "options after the positional");
	TAP_OK(!parse("-t 1 -t 2") && r.opt[OPT_TID].num == 2, "last value wins");
	TAP_OK(!parse("-a -a"), "-a twice is allowed");
	TAP_OK(!parse("-- 5") && r.pos[0].num == 5, "-- ends options");
	TAP_OK(!parse("-1") && r.pos[0].num == -1, "negative positional is a value");
	TAP_OK(!parse("-p ~12") && r.opt[OPT_PID].num == 12, "int() strips spaces");
	TAP_OK(!parse("-p +0012") && r.opt[OPT_PID].num == 12, "int() sign and zeros");
	TAP_OK(!parse("-p 1_2") && r.opt[OPT_PID].num == 12, "int() underscores");
	TAP_OK(!parse("-h --bogus") && r.action == ARG_HELP, "-h first wins over later errors");
	TAP_OK(!parse("--max 3") && r.opt[OPT_MAXPAR].num == 3, "--max prefix");
	TAP_OK(py_int("1__2", &v) == -1 && py_int("_1", &v) == -1 &&
	       py_int("", &v) == -1 && py_int("0x10", &v) == -1, "int() rejects");
}

static void test_err(const char *line, const char *want)
{
	TAP_OK(parse(line) == -1, "%s fails", line);
	TAP_EQ_STR(err, want, "%s message", line);
}

/* argparse's usage wrapping, on bcc's own option lists. */
static void test_usage(void)
{
	static const char *const bcc[] = { "[-h]", "[-p PID]",
		"[-t TID | -T TIDS | -v VCPU | -a]", "[-m MAX_PARALLELISM]", "[-d]",
		"[duration]" };
	static const char *const debian[] = { "[-h]", "[-p PID]",
		"[-t TID | -T TIDS | -v VCPU | -a]", "[duration]" };
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	args_usage(f, "kvmexit", bcc, 5, 1);
	args_usage(f, "kvmexit-bpfcc", debian, 3, 1);
	args_usage(f, "x", debian, 2, 0);
	fclose(f);
	TAP_EQ_STR(out,
		   "usage: kvmexit [-h] [-p PID] [-t TID | -T TIDS | -v VCPU | -a]\n"
		   "               [-m MAX_PARALLELISM] [-d]\n"
		   "               [duration]\n"
		   "usage: kvmexit-bpfcc [-h] [-p PID] [-t TID | -T TIDS | -v VCPU | -a]\n"
		   "                     [duration]\n"
		   "usage: x [-h] [-p PID]\n",
		   "usage lines wrap like argparse");
	free(out);
}

/* Parses argv with the options of cli_specs that mask selects. */
static int parse_with(unsigned int mask, bool bcc_only, char **argv, int argc,
		      struct arg_result *res, char *msg)
{
	struct arg_spec sp[OPT_COUNT];
	struct arg_parser p = { .specs = sp, .positionals = pos, .npositionals = 1 };
	int i;

	for (i = 0; i < OPT_COUNT; i++)
		if ((mask & (1u << i)) && !(bcc_only && cli_specs[i].extra))
			sp[p.nspecs++] = cli_specs[i];
	msg[0] = '\0';
	return args_parse(&p, argc, argv, res, msg, 512);
}

/*
 * Every prefix of every bcc option means with our extra options what it
 * meant with bcc's alone: the same option, or the same ambiguity.  Walks
 * the real table, so an option added later is held to it too.
 */
static void test_bcc_prefixes(unsigned int mask, const char *tool)
{
	struct arg_result with, without;
	char m1[512], m2[512], arg[64];
	int i, bad = 0, n = 0;

	for (i = 0; i < OPT_COUNT; i++) {
		const struct arg_spec *s = &cli_specs[i];
		size_t len;

		if (!(mask & (1u << i)) || s->extra || !s->long_opt)
			continue;
		for (len = 1; len <= strlen(s->long_opt); len++) {
			char *argv[] = { "kvmexit", arg, "1", NULL };
			int r1, r2, k, same;

			snprintf(arg, sizeof(arg), "--%.*s", (int)len, s->long_opt);
			r1 = parse_with(mask, false, argv, 3, &with, m1);
			r2 = parse_with(mask, true, argv, 3, &without, m2);
			same = r1 == r2 && !strcmp(m1, m2);
			for (k = 0; k < OPT_COUNT; k++)
				same &= with.opt[k].seen == without.opt[k].seen;
			if (!same) {
				printf("# %s %s: '%s' vs bcc's '%s'\n", tool, arg, m1, m2);
				bad++;
			}
			n++;
		}
	}
	TAP_OK(!bad && n >= 30, "%s: %d prefixes of bcc's options resolve as in bcc", tool, n);
}

/* "--x val" with every option selects option want (or fails: want -1). */
static void test_one(const char *opt, const char *val, int want)
{
	char *argv[] = { "kvmexit", (char *)opt, (char *)val, NULL };
	struct arg_result res;
	char msg[512];
	int rc = parse_with((1u << OPT_COUNT) - 1, false, argv, val ? 3 : 2, &res, msg);

	TAP_OK(want < 0 ? rc != 0 : !rc && res.opt[want].seen, "%s %s: %s", opt,
	       val ? val : "", msg);
}

static void test_prefix_rule(void)
{
	unsigned int all = (1u << OPT_COUNT) - 1;

	test_one("--v", "3", OPT_VCPU);
	test_one("--a", NULL, OPT_ALLTIDS);
	test_one("--p", "3", OPT_PID);
	test_one("--m", "3", OPT_MAXPAR);
	test_one("--d", NULL, OPT_DEBUG);
	test_one("--h", NULL, OPT_HELP);
	test_one("--ve", NULL, OPT_VERSION);
	test_one("--at", "raw", OPT_ATTACH);
	test_one("--b", "x", OPT_BTF);
	test_one("--ti", "3", -1);

	test_bcc_prefixes(all, "kvmexit");
	test_bcc_prefixes(all & ~(1u << OPT_MAXPAR), "kvmexittime");
}

int main(void)
{
	test_ok();
	test_prefix_rule();
	test_usage();
	test_err("-p abc", "argument -p/--pid: invalid int value: 'abc'");
	test_err("-t 1.5", "argument -t/--tid: invalid int value: '1.5'");
	test_err("-v x", "argument -v/--vcpu: invalid int value: 'x'");
	test_err("-m x", "argument -m/--max-parallelism: invalid int value: 'x'");
	test_err("abc", "argument duration: invalid int value: 'abc'");
	test_err("-t 1 -a", "argument -a/--alltids: not allowed with argument -t/--tid");
	test_err("-p 1 -v 0 -a", "argument -a/--alltids: not allowed with argument -v/--vcpu");
	test_err("-T 1,2 -v 3", "argument -v/--vcpu: not allowed with argument -T/--tids");
	test_err("5 6", "unrecognized arguments: 6");
	test_err("--bogus", "unrecognized arguments: --bogus");
	test_err("-t", "argument -t/--tid: expected one argument");
	test_err("--ti 5", "ambiguous option: --ti could match --tid, --tids");
	test_err("-T -5,6", "argument -T/--tids: expected one argument");
	return tap_done();
}
