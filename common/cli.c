// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "exit_reasons.h"
#include "err.h"
#include "escape.h"
#include "preflight.h"
#include "cli_ids.h"
#include "identity.h"

/* Linux PIDs and TIDs never exceed PID_MAX_LIMIT (4194304). */
#define TID_MAX 4194304

static const char *const attach_choices[] = { "auto", "raw", "tracepoint", NULL };
static const char *const unit_choices[] = { "ns", "us", "ms", NULL };

/* bcc's exclusive group: -t | -T | -v | -a. */
#define GROUP_THREAD 1

const struct arg_spec cli_specs[OPT_COUNT] = {
	[OPT_HELP] = { OPT_HELP, 'h', "help", NULL, ARG_HELP, 0, NULL },
	[OPT_PID] = { OPT_PID, 'p', "pid", "PID", ARG_INT, 0, NULL },
	[OPT_TID] = { OPT_TID, 't', "tid", "TID", ARG_INT, GROUP_THREAD, NULL },
	[OPT_TIDS] = { OPT_TIDS, 'T', "tids", "TIDS", ARG_STRING, GROUP_THREAD, NULL },
	[OPT_VCPU] = { OPT_VCPU, 'v', "vcpu", "VCPU", ARG_INT, GROUP_THREAD, NULL },
	[OPT_ALLTIDS] = { OPT_ALLTIDS, 'a', "alltids", NULL, ARG_FLAG, GROUP_THREAD, NULL },
	[OPT_MAXPAR] = { OPT_MAXPAR, 'm', "max-parallelism", "MAX_PARALLELISM",
			 ARG_INT, 0, NULL },
	[OPT_DEBUG] = { OPT_DEBUG, 'd', "debug", NULL, ARG_FLAG, 0, NULL },
	[OPT_VM] = { OPT_VM, 0, "vm", "NAME", ARG_STRING, 0, NULL, true },
	[OPT_NAMES] = { OPT_NAMES, 'n', "names", NULL, ARG_FLAG, 0, NULL, true },
	[OPT_ATTACH] = { OPT_ATTACH, 0, "attach", "MODE", ARG_STRING, 0,
			 attach_choices, true },
	[OPT_BTF] = { OPT_BTF, 0, "btf", "FILE", ARG_STRING, 0, NULL, true },
	[OPT_MAXTHREADS] = { OPT_MAXTHREADS, 0, "max-threads", "N", ARG_INT, 0,
			     NULL, true },
	[OPT_STATS] = { OPT_STATS, 0, "stats", NULL, ARG_FLAG, 0, NULL, true },
	[OPT_HIST] = { OPT_HIST, 0, "hist", "REASON", ARG_OPTIONAL, 0, NULL, true },
	[OPT_UNITS] = { OPT_UNITS, 0, "units", "UNIT", ARG_STRING, 0, unit_choices,
			true },
	[OPT_DETAIL] = { OPT_DETAIL, 0, "detail", NULL, ARG_FLAG, 0, NULL, true },
	[OPT_INTERVAL] = { OPT_INTERVAL, 'i', "interval", "SECS", ARG_INT, 0, NULL, true },
	[OPT_REPORTS] = { OPT_REPORTS, 'c', "count", "N", ARG_INT, 0, NULL, true },
	[OPT_JSON] = { OPT_JSON, 0, "json", NULL, ARG_FLAG, 0, NULL, true },
	[OPT_PROMETHEUS] = { OPT_PROMETHEUS, 0, "prometheus", "FILE", ARG_STRING, 0,
			     NULL, true },
	[OPT_VERSION] = { OPT_VERSION, 0, "version", NULL, ARG_VERSION, 0, NULL,
			  true },
};

static void vusage_error(const struct cli_tool *tool, const char *fmt, va_list ap)
{
	args_usage(stderr, prog_name(), tool->usage_parts, tool->nusage_opt,
		   tool->nusage_pos);
	fprintf(stderr, "%s: error: ", prog_name());
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int cli_usage_error(const struct cli_tool *tool, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vusage_error(tool, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

static const char *opt_name(enum cli_opt id)
{
	static char buf[64];

	arg_display(&cli_specs[id], buf, sizeof(buf));
	return buf;
}

static int parse_tids(const struct cli_tool *tool, const char *arg,
		      struct cli *c)
{
	char q[ESCAPE_MAX];
	const char *p = arg;

	c->tids_arg = arg;
	c->ntids = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		unsigned long v = 0;
		size_t i;

		/* Plain decimal only: bcc pasted the text into C, so "010" was octal. */
		for (i = 0; i < len && isdigit((unsigned char)p[i]); i++)
			if (v <= TID_MAX)
				v = v * 10 + (p[i] - '0');
		if (!len || i != len)
			return cli_usage_error(tool,
				"argument -T/--tids: must be comma separated decimal TIDs with no spaces: %s",
				str_repr(arg, q, sizeof(q)));
		if (!v || v > TID_MAX)
			return cli_usage_error(tool,
				"argument -T/--tids: TID out of range (1-%d): '%.*s'",
				TID_MAX, (int)len, p);
		if (c->ntids == CLI_MAX_TIDS)
			return cli_usage_error(tool,
				"argument -T/--tids: more than %d TIDS", CLI_MAX_TIDS);
		c->tids[c->ntids++] = v;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

static int check_id(const struct cli_tool *tool, enum cli_opt id,
		    const struct arg_value *v, unsigned int *out)
{
	char q[ESCAPE_MAX];

	if (v->num < 1 || v->num > TID_MAX)
		return cli_usage_error(tool, "argument %s: %s out of range (1-%d): %s",
				       opt_name(id), cli_specs[id].metavar,
				       TID_MAX, str_repr(v->str, q, sizeof(q)));
	*out = v->num;
	return 0;
}

/* --vm NAME: the one VMM of that name becomes -p. */
static int resolve_vm(const struct cli_tool *tool, struct cli *c)
{
	unsigned int pids[IDENTITY_MAX_CANDIDATES];
	char q[ESCAPE_MAX], list[128] = "";
	int i, n = identity_find_vm(c->vm, pids, IDENTITY_MAX_CANDIDATES);

	if (n == 1) {
		c->pid = pids[0];
		return -1;
	}
	str_repr(c->vm, q, sizeof(q));
	if (!n)
		return cli_usage_error(tool, "argument --vm: no VM named %s (no process with a KVM VM open has that name on its command line)",
				       q);
	for (i = 0; i < n && i < IDENTITY_MAX_CANDIDATES; i++) {
		size_t used = strlen(list);

		snprintf(list + used, sizeof(list) - used, "%s%u", i ? ", " : "",
			 pids[i]);
	}
	return cli_usage_error(tool, "argument --vm: %d VMs are named %s (PIDs %s%s): use -p",
			       n, q, list, n > IDENTITY_MAX_CANDIDATES ? ", ..." : "");
}

static void print_help(const struct cli_tool *tool)
{
	args_usage(stdout, prog_name(), tool->usage_parts, tool->nusage_opt,
		   tool->nusage_pos);
	fputs(tool->help_body, stdout);
}

/* Checks needing the option values together, in bcc's reading order. */
static int validate(const struct cli_tool *tool, const struct arg_result *r,
		    struct cli *c)
{
	const struct arg_value *o = r->opt;
	char q[ESCAPE_MAX];
	int i, rc;

	if (o[OPT_VM].seen && o[OPT_PID].seen)
		return cli_usage_error(tool, "argument --vm: not allowed with argument -p/--pid");
	if (o[OPT_VCPU].seen && !o[OPT_PID].seen && !o[OPT_VM].seen)
		return cli_usage_error(tool, "argument -v/--vcpu: not allowed without argument -p/--pid");
	if (o[OPT_ALLTIDS].seen && !o[OPT_PID].seen && !o[OPT_VM].seen)
		return cli_usage_error(tool, "argument -a/--alltids: not allowed without argument -p/--pid");
	if (o[OPT_PID].seen && (rc = check_id(tool, OPT_PID, &o[OPT_PID], &c->pid)))
		return rc;
	if (o[OPT_TID].seen && (rc = check_id(tool, OPT_TID, &o[OPT_TID], &c->tid)))
		return rc;
	if (o[OPT_TIDS].seen && (rc = parse_tids(tool, o[OPT_TIDS].str, c)))
		return rc;
	if (o[OPT_MAXPAR].seen && o[OPT_MAXPAR].num < 1)
		return cli_usage_error(tool, "argument -m/--max-parallelism: must be at least 1: %s",
				       str_repr(o[OPT_MAXPAR].str, q, sizeof(q)));
	if (o[OPT_MAXTHREADS].seen) {
		if (o[OPT_MAXTHREADS].num < 1 || o[OPT_MAXTHREADS].num > CLI_MAX_THREADS)
			return cli_usage_error(tool, "argument --max-threads: must be 1 to %d: %s",
					       CLI_MAX_THREADS,
					       str_repr(o[OPT_MAXTHREADS].str, q, sizeof(q)));
		c->max_threads = o[OPT_MAXTHREADS].num;
	}
	for (i = 0; i < r->npos; i++) {
		if (r->pos[i].num < 0)
			return cli_usage_error(tool, "argument %s: must not be negative: %s",
					       tool->positionals[i],
					       str_repr(r->pos[i].str, q, sizeof(q)));
		c->pos[i] = r->pos[i].num;
	}
	c->npos = r->npos;
	if (o[OPT_VCPU].seen) {
		c->has_vcpu = true;
		c->vcpu = o[OPT_VCPU].num;
	}
	/* IDs are looked up in /proc: without it each would look missing. */
	if ((c->pid || c->tid || c->ntids || o[OPT_VM].seen) &&
	    (rc = preflight_proc()))
		return rc;
	if (o[OPT_VM].seen) {
		c->vm = o[OPT_VM].str;
		if ((rc = resolve_vm(tool, c)) >= 0)
			return rc;
	}
	rc = cli_check_ids(tool, c);
	if (rc < 0 && c->names)
		identity_start(c->pid);
	return rc;
}

const char *cli_version(void)
{
	return KVMEXIT_VERSION;
}

int cli_parse(const struct cli_tool *tool, int argc, char **argv, struct cli *c)
{
	char q[ESCAPE_MAX];
	struct arg_spec specs[OPT_COUNT];
	struct arg_parser p = { .specs = specs };
	struct arg_result r;
	char err[512];
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < OPT_COUNT; i++)
		if (tool->opts & (1u << i))
			specs[p.nspecs++] = cli_specs[i];
	p.positionals = tool->positionals;
	p.npositionals = tool->npositionals;
	if (args_parse(&p, argc, argv, &r, err, sizeof(err)))
		return cli_usage_error(tool, "%s", err);
	if (r.action == ARG_HELP) {
		print_help(tool);
		return EXIT_OK;
	}
	if (r.action == ARG_VERSION) {
		printf("%s %s\n", tool->name, KVMEXIT_VERSION);
		return EXIT_OK;
	}
	c->debug = r.opt[OPT_DEBUG].seen;
	c->alltids = r.opt[OPT_ALLTIDS].seen;
	c->names = r.opt[OPT_NAMES].seen;
	c->detail = r.opt[OPT_DETAIL].seen;
	c->json = r.opt[OPT_JSON].seen;
	c->prom_path = r.opt[OPT_PROMETHEUS].seen ? r.opt[OPT_PROMETHEUS].str : NULL;
	if (r.opt[OPT_INTERVAL].seen) {
		if (r.opt[OPT_INTERVAL].num < 1)
			return cli_usage_error(tool, "argument -i/--interval: must be at least 1: %s",
					       str_repr(r.opt[OPT_INTERVAL].str, q, sizeof(q)));
		if (r.npos)
			return cli_usage_error(tool, "argument -i/--interval: not allowed with argument duration");
		c->interval = r.opt[OPT_INTERVAL].num;
	}
	if (r.opt[OPT_REPORTS].seen) {
		if (!r.opt[OPT_INTERVAL].seen)
			return cli_usage_error(tool, "argument -c/--count: needs -i/--interval");
		if (r.opt[OPT_REPORTS].num < 1)
			return cli_usage_error(tool, "argument -c/--count: must be at least 1: %s",
					       str_repr(r.opt[OPT_REPORTS].str, q, sizeof(q)));
		c->count = r.opt[OPT_REPORTS].num;
	}
	c->maxpar = r.opt[OPT_MAXPAR].seen ? r.opt[OPT_MAXPAR].num : 64;
	c->btf_path = r.opt[OPT_BTF].seen ? r.opt[OPT_BTF].str : NULL;
	c->stats = r.opt[OPT_STATS].seen;
	c->hist = r.opt[OPT_HIST].seen;
	c->hist_reason = c->hist ? r.opt[OPT_HIST].str : NULL;
	if (c->hist_reason && !exit_reason_known(c->hist_reason)) {
		return cli_usage_error(tool, "argument --hist: no exit reason %s: give a name as the table prints it (IOIO, MSR_WRITE, ...) or a code",
				       str_repr(c->hist_reason, q, sizeof(q)));
	}
	c->unit = r.opt[OPT_UNITS].seen ? r.opt[OPT_UNITS].str : "ns";
	c->unit_ns = !strcmp(c->unit, "ms") ? 1000000 : !strcmp(c->unit, "us") ? 1000 : 1;
	c->attach = ATTACH_AUTO;
	if (r.opt[OPT_ATTACH].seen) {
		if (!strcmp(r.opt[OPT_ATTACH].str, "raw"))
			c->attach = ATTACH_RAW;
		else if (!strcmp(r.opt[OPT_ATTACH].str, "tracepoint"))
			c->attach = ATTACH_TRACEPOINT;
	}
	return validate(tool, &r, c);
}

/* snprintf onto the end of buf; counts what did not fit too. */
static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*used < len ? buf + *used : NULL,
		      *used < len ? len - *used : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += n;
}

size_t cli_context(const struct cli *c, char *buf, size_t len)
{
	size_t used = 0;
	int i;

	if (len)
		buf[0] = '\0';
	if (c->tid && !c->has_vcpu) {
		append(buf, len, &used, "TID %u", c->tid);
	} else if (c->ntids) {
		/* bcc prints Python's repr() of the list of strings. */
		const char *s = c->tids_arg;

		append(buf, len, &used, "TIDS [");
		for (i = 0; i < c->ntids; i++) {
			size_t n = strcspn(s, ",");

			append(buf, len, &used, "%s'%.*s'", i ? ", " : "", (int)n, s);
			s += n + 1;
		}
		append(buf, len, &used, "]");
	} else if (c->pid && c->has_vcpu) {
		append(buf, len, &used, "PID %u VCPU %lld", c->pid, c->vcpu);
	} else if (c->pid && c->alltids) {
		append(buf, len, &used, "PID %u and its all threads", c->pid);
	} else if (c->pid) {
		append(buf, len, &used, "PID %u", c->pid);
	} else {
		append(buf, len, &used, "all threads");
	}
	return used;
}

enum cli_view cli_view(const struct cli *c)
{
	if (c->ntids)
		return VIEW_TIDS;
	if (c->alltids)
		return VIEW_THREADS;
	if (c->pid || c->tid)
		return VIEW_COLLAPSED;
	return VIEW_ALL;
}
