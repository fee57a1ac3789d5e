/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line both tools share: bcc kvmexit's filter options
 * (-p PID [-v VCPU | -a], -t TID, -T TIDS), -d, --attach, --btf,
 * --version, and the validation bcc lacks.
 */
#ifndef KVMEXIT_CLI_H
#define KVMEXIT_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "args.h"
#include "pidns.h"

#define CLI_MAX_TIDS 1024
/* --max-threads: beyond this, per-CPU tables take gigabytes on big hosts. */
#define CLI_MAX_THREADS 65536

enum cli_opt {
	OPT_HELP,
	OPT_PID,
	OPT_TID,
	OPT_TIDS,
	OPT_VCPU,
	OPT_ALLTIDS,
	OPT_MAXPAR,
	OPT_DEBUG,
	OPT_VM,
	OPT_NAMES,
	OPT_ATTACH,
	OPT_BTF,
	OPT_MAXTHREADS,
	OPT_STATS,
	OPT_HIST,
	OPT_UNITS,
	OPT_DETAIL,
	OPT_INTERVAL,
	OPT_REPORTS,
	OPT_JSON,
	OPT_PROMETHEUS,
	OPT_VERSION,
	OPT_COUNT,
};

enum attach_mode {
	ATTACH_AUTO,
	ATTACH_RAW,
	ATTACH_TRACEPOINT,
};

/* How rows are grouped, which decides bcc's column layout. */
enum cli_view {
	VIEW_ALL,	/* PID TID REASON COUNT: no filter */
	VIEW_THREADS,	/* TID REASON COUNT: -p -a */
	VIEW_TIDS,	/* the same under a TIDS header: -T */
	VIEW_COLLAPSED,	/* REASON COUNT, sorted: -p, -p -v, -t */
};

/* Help lines of the shared options, in bcc kvmexit's words. */
#define CLI_HELP_FILTERS							\
"  -h, --help            show this help message and exit\n"			\
"  -p PID, --pid PID     trace this PID only\n"				\
"  -t TID, --tid TID     trace this TID only\n"				\
"  -T TIDS, --tids TIDS  trace a comma separated series of tids with no space\n" \
"                        in between\n"						\
"  -v VCPU, --vcpu VCPU  trace this vcpu only\n"				\
"  -a, --alltids         trace all tids for this pid\n"			\
"  --vm NAME             trace the VM of that name, as -p of its VMM's PID\n"	\
"  -n, --names           show VM names and vCPU indexes (VM and VCPU columns)\n"

/* kvmexit's periodic reports (kvmexittime has its interval [count]). */
#define CLI_HELP_PERIODIC							\
"  -i SECS, --interval SECS\n"						\
"                        print a report every SECS seconds, each of its own\n" \
"                        interval (not with duration)\n"			\
"  -c N, --count N       with -i: N reports, then exit (default: until Ctrl-C)\n"

#define CLI_HELP_COMMON								\
"  --json                one JSON object per report, one per line, and nothing\n" \
"                        else on stdout\n"					\
"  --prometheus FILE     write counters since start to FILE after every report,\n" \
"                        atomically, for node_exporter's textfile collector\n" \
"  --detail              after the table, IO exits by port, direction and size,\n" \
"                        MSR exits by MSR and read/write, MMIO exits by page\n" \
"  -d, --debug           enable debug facilities\n"				\
"  --attach MODE         how to hook the tracepoints: auto (raw tracepoints,\n"	\
"                        else the classic ones), raw, or tracepoint\n"		\
"  --btf FILE            read kernel types from FILE instead of\n"		\
"                        /sys/kernel/btf\n"					\
"  --max-threads N       room for N threads in the kernel's per-thread tables\n" \
"                        (default: kvmexit 1024, as bcc; kvmexittime 10240)\n" \
"  --version             show the version and exit\n"

/* Every option, by enum cli_opt; a tool's opts mask picks from it. */
extern const struct arg_spec cli_specs[OPT_COUNT];

struct cli_tool {
	const char *name;
	unsigned int opts;		/* bit mask of enum cli_opt */
	const char *const *positionals;	/* names, e.g. "duration" */
	int npositionals;
	const char *const *usage_parts;	/* argparse usage items */
	int nusage_opt, nusage_pos;
	const char *help_body;		/* everything after the usage block */
};

struct cli {
	/* filter */
	unsigned int pid, tid;		/* 0: not given; tid is -t, or -v's thread */
	bool has_vcpu, alltids;
	long long vcpu;
	unsigned int tids[CLI_MAX_TIDS];
	const char *tids_arg;		/* -T as given, for the header */
	int ntids;
	struct pidns pidns;		/* the caller's: how the programs see IDs */
	const char *vm;			/* --vm NAME: pid is its VMM's */
	bool names;			/* -n: VM and VCPU columns */
	bool detail;			/* --detail: IO, MSR and MMIO rows */
	long long interval, count;	/* kvmexit -i, -c; 0: not given */
	bool json;			/* --json */
	const char *prom_path;		/* --prometheus FILE */
	/* other options */
	bool debug;
	long long maxpar;
	enum attach_mode attach;
	const char *btf_path;
	unsigned int max_threads;	/* --max-threads; 0: the tool's default */
	/* kvmexittime's distributions */
	bool stats;			/* --stats */
	bool hist;			/* --hist[=REASON] */
	const char *hist_reason;	/* REASON as given, NULL: every one */
	unsigned int unit_ns;		/* --units: 1, 1000 or 1000000 */
	const char *unit;		/* "ns", "us", "ms" */
	/* positionals, already range-checked >= 0 */
	long long pos[2];
	int npos;
};

/*
 * Parse and validate.  Returns -1 to go on, or an exit status after
 * printing help, the version, or usage plus "prog: error: msg".
 */
int cli_parse(const struct cli_tool *tool, int argc, char **argv,
	      struct cli *c);

/* Print usage and the error, for errors found after parsing; returns 2. */
int cli_usage_error(const struct cli_tool *tool, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * bcc's header context: "all threads", "PID 1 VCPU 0", "TIDS ['1']"...
 * Like snprintf, returns the length of the whole context, so a caller can
 * size buf for a -T list of any length (bcc prints it whole).
 */
size_t cli_context(const struct cli *c, char *buf, size_t len);

enum cli_view cli_view(const struct cli *c);

/* The version both tools print (debian/changelog's). */
const char *cli_version(void);

#endif
