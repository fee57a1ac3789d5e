// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "args.h"
#include "escape.h"

int py_int(const char *s, long long *out)
{
	char digits[64];
	size_t n = 0;
	const char *p = s;
	bool neg = false, prev_digit = false;
	char *end;
	long long v;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; *p && !isspace((unsigned char)*p); p++) {
		if (*p == '_') {
			/* '_' only between two digits, as in Python 3.6+. */
			if (!prev_digit || !isdigit((unsigned char)p[1]))
				return -1;
			prev_digit = false;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return -1;
		if (n + 2 >= sizeof(digits))
			return -2;
		digits[n++] = *p;
		prev_digit = true;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p || !n)
		return -1;
	digits[n] = '\0';
	errno = 0;
	v = strtoll(digits, &end, 10);
	if (errno == ERANGE)
		return -2;
	*out = neg ? -v : v;
	return 0;
}

void arg_display(const struct arg_spec *s, char *buf, size_t len)
{
	if (s->short_opt && s->long_opt)
		snprintf(buf, len, "-%c/--%s", s->short_opt, s->long_opt);
	else if (s->short_opt)
		snprintf(buf, len, "-%c", s->short_opt);
	else
		snprintf(buf, len, "--%s", s->long_opt);
}

static int fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* argparse treats "-5" and "-1.5" as values when no option looks like one. */
static bool looks_negative_number(const char *a)
{
	char *end;

	if (a[0] != '-' || !a[1])
		return false;
	strtod(a, &end);
	return *end == '\0' && (isdigit((unsigned char)a[1]) || a[1] == '.');
}

static bool is_option(const char *a)
{
	return a[0] == '-' && a[1] && !looks_negative_number(a);
}

/*
 * argparse's unique-prefix rule, with bcc's own options first: the
 * candidates are bcc's options that match, or when none does, the extra
 * ones.  An exact name always wins.
 */
static int find_long(const struct arg_parser *p, const char *name, size_t len,
		     char *err, size_t errlen)
{
	int i, pass, match = -1, nmatch = 0;
	char cands[256] = "";

	for (i = 0; i < p->nspecs; i++) {
		const char *l = p->specs[i].long_opt;

		if (l && strlen(l) == len && !strncmp(l, name, len))
			return i;
	}
	for (pass = 0; pass < 2 && !nmatch; pass++) {
		for (i = 0; i < p->nspecs; i++) {
			const char *l = p->specs[i].long_opt;
			size_t used = strlen(cands);

			if (!l || strncmp(l, name, len) || p->specs[i].extra != pass)
				continue;
			snprintf(cands + used, sizeof(cands) - used, "%s--%s",
				 nmatch ? ", " : "", l);
			match = i;
			nmatch++;
		}
	}
	if (nmatch == 1)
		return match;
	/* Safe to echo: the name is a prefix of our own options. */
	if (nmatch > 1)
		return fail(err, errlen, "ambiguous option: --%.*s could match %s",
			    (int)len, name, cands) - 1;
	return -1;
}

static int find_short(const struct arg_parser *p, char c)
{
	int i;

	for (i = 0; i < p->nspecs; i++)
		if (p->specs[i].short_opt == c)
			return i;
	return -1;
}

static int store(const struct arg_parser *p, struct arg_result *r, int idx,
		 const char *val, int *last_in_group, char *err, size_t errlen)
{
	const struct arg_spec *s = &p->specs[idx];
	struct arg_value *v = &r->opt[s->id];
	char me[64], other[64], q[ESCAPE_MAX];
	int rc;

	arg_display(s, me, sizeof(me));
	if (s->kind == ARG_INT) {
		rc = py_int(val, &v->num);
		if (rc == -1)
			return fail(err, errlen, "argument %s: invalid int value: %s",
				    me, str_repr(val, q, sizeof(q)));
		if (rc == -2)
			return fail(err, errlen, "argument %s: value out of range: %s",
				    me, str_repr(val, q, sizeof(q)));
	}
	if (s->kind == ARG_STRING && s->choices) {
		const char *const *c;
		char list[128] = "";

		for (c = s->choices; *c && strcmp(*c, val); c++)
			;
		if (!*c) {
			for (c = s->choices; *c; c++) {
				size_t used = strlen(list);
				snprintf(list + used, sizeof(list) - used, "%s'%s'",
					 c == s->choices ? "" : ", ", *c);
			}
			return fail(err, errlen,
				    "argument %s: invalid choice: %s (choose from %s)",
				    me, str_repr(val, q, sizeof(q)), list);
		}
	}
	if (s->group) {
		int prev = last_in_group[s->group];

		if (prev >= 0 && prev != idx) {
			arg_display(&p->specs[prev], other, sizeof(other));
			return fail(err, errlen,
				    "argument %s: not allowed with argument %s",
				    me, other);
		}
		last_in_group[s->group] = idx;
	}
	v->seen = true;
	v->str = val;
	if (s->kind == ARG_HELP || s->kind == ARG_VERSION)
		r->action = s->kind;
	return 0;
}

/* argparse lists what it did not recognise as typed; we escape it. */
static void add_extra(char *extras, size_t len, const char *dash, const char *a)
{
	size_t used = strlen(extras);
	char bare[ESCAPE_MAX];

	snprintf(extras + used, len - used, "%s%s%s", used ? " " : "", dash,
		 str_escape(a, bare, sizeof(bare)));
}

static bool takes_value(const struct arg_spec *s)
{
	return s->kind == ARG_INT || s->kind == ARG_STRING;
}

int args_parse(const struct arg_parser *p, int argc, char **argv,
	       struct arg_result *r, char *err, size_t errlen)
{
	int last_in_group[ARGS_MAX_SPECS];
	char extras[256] = "", me[64], q[ESCAPE_MAX];
	bool only_pos = false;
	int i, k;

	memset(r, 0, sizeof(*r));
	for (k = 0; k < ARGS_MAX_SPECS; k++)
		last_in_group[k] = -1;

	for (i = 1; i < argc && !r->action; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		int idx;

		if (!only_pos && !strcmp(a, "--")) {
			only_pos = true;
			continue;
		}
		if (only_pos || !is_option(a)) {
			if (r->npos < p->npositionals) {
				struct arg_value *v = &r->pos[r->npos];

				if (py_int(a, &v->num))
					return fail(err, errlen,
						    "argument %s: invalid int value: %s",
						    p->positionals[r->npos],
						    str_repr(a, q, sizeof(q)));
				v->seen = true;
				v->str = a;
				r->npos++;
			} else {
				add_extra(extras, sizeof(extras), "", a);
			}
			continue;
		}
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);

			idx = find_long(p, name, len, err, errlen);
			if (idx == -2)
				return -1;
			if (idx < 0) {
				add_extra(extras, sizeof(extras), "", a);
				continue;
			}
			arg_display(&p->specs[idx], me, sizeof(me));
			if (takes_value(&p->specs[idx])) {
				if (eq)
					val = eq + 1;
				else if (i + 1 < argc && !is_option(argv[i + 1]))
					val = argv[++i];
				else
					return fail(err, errlen,
						    "argument %s: expected one argument", me);
			} else if (eq && p->specs[idx].kind == ARG_OPTIONAL) {
				/*
				 * argparse's nargs='?' would also take the next
				 * word; ours would then be ambiguous with the
				 * numeric positionals, so only --opt=VALUE.
				 */
				val = eq + 1;
			} else if (eq) {
				return fail(err, errlen,
					    "argument %s: ignored explicit argument %s",
					    me, str_repr(eq + 1, q, sizeof(q)));
			}
			if (store(p, r, idx, val, last_in_group, err, errlen))
				return -1;
			continue;
		}
		/* One or more bundled short options: -a, -p5, -ap 5. */
		for (k = 1; a[k] && !r->action; k++) {
			idx = find_short(p, a[k]);
			if (idx < 0) {
				/* argparse reports the rest of the bundle. */
				add_extra(extras, sizeof(extras), k == 1 ? "" : "-",
					  k == 1 ? a : a + k);
				break;
			}
			arg_display(&p->specs[idx], me, sizeof(me));
			if (takes_value(&p->specs[idx])) {
				if (a[k + 1])
					val = a[k + 1] == '=' ? a + k + 2 : a + k + 1;
				else if (i + 1 < argc && !is_option(argv[i + 1]))
					val = argv[++i];
				else
					return fail(err, errlen,
						    "argument %s: expected one argument", me);
				if (store(p, r, idx, val, last_in_group, err, errlen))
					return -1;
				break;
			}
			if (store(p, r, idx, NULL, last_in_group, err, errlen))
				return -1;
		}
	}
	if (!r->action && extras[0])
		return fail(err, errlen, "unrecognized arguments: %s", extras);
	return 0;
}

/* argparse HelpFormatter: 78 usable columns when COLUMNS is 80 or unset. */
#define USAGE_WIDTH 78

/* argparse's get_lines(): greedy wrap, continuation lines indented. */
static void usage_lines(FILE *f, const char *const *parts, int n, int indent,
			size_t line_len, bool continued)
{
	bool line_empty = true;
	int i;

	for (i = 0; i < n; i++) {
		size_t plen = strlen(parts[i]);

		if (!line_empty && line_len + 1 + plen > USAGE_WIDTH) {
			line_empty = true;
			line_len = indent - 1;
		}
		if (line_empty && (i || continued))
			fprintf(f, "\n%*s", indent, "");
		else if (!line_empty)
			fputc(' ', f);
		fputs(parts[i], f);
		line_len += plen + 1;
		line_empty = false;
	}
}

void args_usage(FILE *f, const char *prog, const char *const *parts,
		int nopt_parts, int npos_parts)
{
	int indent = strlen("usage: ") + strlen(prog) + 1;
	size_t total = indent - 1;
	int i;

	for (i = 0; i < nopt_parts + npos_parts; i++)
		total += 1 + strlen(parts[i]);
	fprintf(f, "usage: %s", prog);
	if (total <= USAGE_WIDTH) {
		for (i = 0; i < nopt_parts + npos_parts; i++)
			fprintf(f, " %s", parts[i]);
	} else {
		/* Optionals follow the program name, positionals get new lines. */
		if (nopt_parts)
			fputc(' ', f);
		usage_lines(f, parts, nopt_parts, indent, indent - 1, false);
		usage_lines(f, parts + nopt_parts, npos_parts, indent,
			    indent - 1, true);
	}
	fputc('\n', f);
}
