/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small command-line parser with Python argparse's rules and messages,
 * because bcc kvmexit's users script against them: unique-prefix long
 * options, --opt=value, -p123, bundled flags (-ap 123), options after
 * positionals, "--", negative numbers as values, last value wins, and
 * mutually exclusive groups reported as "not allowed with".
 */
#ifndef KVMEXIT_ARGS_H
#define KVMEXIT_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define ARGS_MAX_SPECS 32
#define ARGS_MAX_POS 8

enum arg_kind {
	ARG_FLAG,	/* store_true */
	ARG_INT,	/* Python int(): " +0_12 " style accepted */
	ARG_STRING,
	ARG_HELP,	/* prints help, exits 0 */
	ARG_VERSION,	/* prints version, exits 0 */
	ARG_OPTIONAL,	/* a flag that takes a value only as --opt=VALUE */
};

struct arg_spec {
	int id;			/* index into arg_result.opt */
	char short_opt;		/* 0: long only */
	const char *long_opt;	/* without the leading "--" */
	const char *metavar;	/* value options only */
	enum arg_kind kind;
	int group;		/* mutually exclusive group, 0 = none */
	const char *const *choices; /* NULL-terminated, ARG_STRING only */
	/*
	 * Not one of bcc kvmexit's options.  A long-option prefix that bcc's
	 * options alone resolve keeps resolving to them (--v is --vcpu,
	 * not "--vcpu or --version"), so options we add never break a bcc
	 * user's abbreviations.
	 */
	bool extra;
};

struct arg_value {
	bool seen;
	const char *str;	/* the text as given */
	long long num;		/* ARG_INT */
};

struct arg_parser {
	const struct arg_spec *specs;
	int nspecs;
	const char *const *positionals;	/* names, e.g. { "duration" } */
	int npositionals;
};

struct arg_result {
	struct arg_value opt[ARGS_MAX_SPECS];	/* by arg_spec.id */
	struct arg_value pos[ARGS_MAX_POS];
	int npos;
	int action;		/* ARG_HELP or ARG_VERSION when one was given */
};

/*
 * Parse argv.  Returns 0, or -1 with an argparse-style message (the part
 * after "error: ") in err.  Positionals are parsed as ints.
 */
int args_parse(const struct arg_parser *p, int argc, char **argv,
	       struct arg_result *r, char *err, size_t errlen);

/* Python int() on a string: returns 0, -1 if invalid, -2 if out of range. */
int py_int(const char *s, long long *out);

/* "-p/--pid" */
void arg_display(const struct arg_spec *s, char *buf, size_t len);

/* argparse's usage block, wrapped at 80 columns ("usage: prog [-h] ..."). */
void args_usage(FILE *f, const char *prog, const char *const *parts,
		int nopt_parts, int npos_parts);

#endif
