// SPDX-License-Identifier: GPL-2.0
/*
 * bench-empty: the baseline of make bench-vm, static for the nested VM.
 *
 *   bench-empty attach raw|tracepoint   attaches bench/empty.bpf.c's raw
 *                                       (raw_tp, tp_btf) or classic programs,
 *                                       prints "attached N", waits for a signal
 *   bench-empty stats                   every loaded program of ours next to
 *                                       the empty one of its section, from the
 *                                       kernel's run-time statistics
 *                                       (kernel.bpf_stats_enabled=1)
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <linux/types.h>
#include <bpf/libbpf.h>
#include "empty.skel.h"
#include "kvmexit.h"
#include "kvmexit.skel.h"
#include "kvmexittime.h"
#include "kvmexittime.skel.h"

#define MAX_PROGS 256

struct loaded {
	char name[BPF_OBJ_NAME_LEN];
	char tool[16];		/* kvmexit, kvmexittime, or "" */
	__u64 cnt, ns;
};

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static int attach(const char *mode)
{
	bool classic = !strcmp(mode, "tracepoint");
	struct empty_bpf *e = empty_bpf__open();
	struct bpf_program *p;
	sigset_t set;
	int n = 0, sig;

	if (!e)
		return 1;
	/* tp_btf needs the tracepoint's BTF: only the programs of this mode. */
	bpf_object__for_each_program(p, e->obj)
		bpf_program__set_autoload(p, classic == !strncmp(
			bpf_program__section_name(p), "tracepoint/", 11));
	if (empty_bpf__load(e)) {
		fprintf(stderr, "bench-empty: load: %s\n", strerror(errno));
		return 1;
	}
	bpf_object__for_each_program(p, e->obj)
		if (bpf_program__autoload(p) &&
		    !libbpf_get_error(bpf_program__attach(p)))
			n++;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	printf("attached %d\n", n);
	fflush(stdout);
	sigwait(&set, &sig);
	empty_bpf__destroy(e);
	return 0;
}

/* A map of obj named as the kernel keeps it (BPF_OBJ_NAME_LEN - 1 bytes). */
static bool has_map(struct bpf_object *obj, const char *kname)
{
	struct bpf_map *m;

	bpf_object__for_each_map(m, obj)
		if (!strncmp(bpf_map__name(m), kname, BPF_OBJ_NAME_LEN - 1))
			return true;
	return false;
}

/*
 * Which tool's object a program belongs to: both have kvm_exit and detail
 * programs of the same names, so by a map that only one of them has.
 */
static void tool_of(const struct bpf_prog_info *info, const __u32 *map_ids,
		    struct bpf_object *ke, struct bpf_object *kt, char *tool,
		    size_t len)
{
	__u32 i;

	tool[0] = 0;
	for (i = 0; i < info->nr_map_ids && !tool[0]; i++) {
		struct bpf_map_info mi = { 0 };
		__u32 mlen = sizeof(mi);
		int fd = bpf_map_get_fd_by_id(map_ids[i]);

		if (fd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(fd, &mi, &mlen)) {
			bool in_ke = has_map(ke, mi.name), in_kt = has_map(kt, mi.name);

			if (in_ke != in_kt)
				snprintf(tool, len, "%s", in_ke ? "kvmexit" : "kvmexittime");
		}
		close(fd);
	}
}

static int list(struct loaded *l, int max, struct bpf_object *ke,
		struct bpf_object *kt)
{
	__u32 id = 0;
	int n = 0;

	while (n < max && !bpf_prog_get_next_id(id, &id)) {
		__u32 map_ids[32];
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);
		int fd = bpf_prog_get_fd_by_id(id);

		if (fd < 0)
			continue;
		info.nr_map_ids = 32;
		info.map_ids = (__u64)(unsigned long)map_ids;
		if (!bpf_obj_get_info_by_fd(fd, &info, &len)) {
			snprintf(l[n].name, sizeof(l[n].name), "%s", info.name);
			tool_of(&info, map_ids, ke, kt, l[n].tool, sizeof(l[n].tool));
			l[n].cnt = info.run_cnt;
			l[n].ns = info.run_time_ns;
			n++;
		}
		close(fd);
	}
	return n;
}

/* The program of obj whose name the kernel kept (BPF_OBJ_NAME_LEN - 1 bytes). */
static struct bpf_program *by_name(struct bpf_object *obj, const char *kname)
{
	struct bpf_program *p;

	bpf_object__for_each_program(p, obj)
		if (!strncmp(bpf_program__name(p), kname, BPF_OBJ_NAME_LEN - 1))
			return p;
	return NULL;
}

static const struct loaded *find(const struct loaded *l, int n, const char *name)
{
	const struct loaded *found = NULL;
	int i;

	/* The newest one: ids grow. */
	for (i = 0; i < n; i++)
		if (!strcmp(l[i].name, name))
			found = &l[i];
	return found;
}

static int stats(void)
{
	static struct loaded l[MAX_PROGS];
	struct kvmexit_bpf *ke = kvmexit_bpf__open();
	struct kvmexittime_bpf *kt = kvmexittime_bpf__open();
	struct empty_bpf *e = empty_bpf__open();
	int n, i;

	if (!ke || !kt || !e)
		return 1;
	n = list(l, MAX_PROGS, ke->obj, kt->obj);
	printf("%-12s %-20s %-30s %10s %9s %9s %9s %6s\n", "tool", "program", "hook",
	       "events", "ours ns", "empty ns", "diff ns", "ratio");
	for (i = 0; i < n; i++) {
		struct bpf_object *obj = !strcmp(l[i].tool, "kvmexit") ? ke->obj :
					 !strcmp(l[i].tool, "kvmexittime") ? kt->obj : NULL;
		struct bpf_program *p = obj ? by_name(obj, l[i].name) : NULL;
		struct bpf_program *ep;
		const struct loaded *el = NULL;
		const char *sec;
		double ours, empty;

		if (!p)
			continue;
		sec = bpf_program__section_name(p);
		bpf_object__for_each_program(ep, e->obj)
			if (!strcmp(bpf_program__section_name(ep), sec))
				el = find(l, n, bpf_program__name(ep));
		if (!l[i].cnt || !el || !el->cnt) {
			printf("%-12s %-20s %-30s %10llu %9s\n", l[i].tool,
			       bpf_program__name(p), sec, (unsigned long long)l[i].cnt, "n/a");
			continue;
		}
		ours = (double)l[i].ns / l[i].cnt;
		empty = (double)el->ns / el->cnt;
		printf("%-12s %-20s %-30s %10llu %9.1f %9.1f %9.1f %5.2fx\n", l[i].tool,
		       bpf_program__name(p), sec, (unsigned long long)l[i].cnt, ours,
		       empty, ours - empty, ours / empty);
	}
	kvmexit_bpf__destroy(ke);
	kvmexittime_bpf__destroy(kt);
	empty_bpf__destroy(e);
	return 0;
}

int main(int argc, char **argv)
{
	libbpf_set_print(quiet);
	if (argc == 3 && !strcmp(argv[1], "attach"))
		return attach(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "stats"))
		return stats();
	fprintf(stderr, "usage: bench-empty attach raw|tracepoint | bench-empty stats\n");
	return 2;
}
