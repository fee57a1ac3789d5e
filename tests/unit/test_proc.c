// SPDX-License-Identifier: GPL-2.0
/*
 * The /proc readers and the checks of -p/-t/-T/-v built on them: against a
 * fake /proc tree, and against the real one with threads this test starts
 * and names itself (a name with a newline, two threads with one name).
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "cli.h"
#include "err.h"
#include "pidns.h"
#include "proc.h"
#include "../lib/files.h"
#include "../lib/tap.h"

static char root[] = "/tmp/kvmexit-proc-XXXXXX";

static void put(const char *rel, const char *text)
{
	fixture_write(root, rel, text, strlen(text));
}

static void dir(const char *fmt, unsigned int a, unsigned int b)
{
	char rel[128], path[512];

	snprintf(rel, sizeof(rel), fmt, a, b);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdir(path, 0755);
}

static void thread(unsigned int pid, unsigned int tid, const char *comm)
{
	char rel[128];

	dir("%u", pid, 0);
	dir("%u/task", pid, 0);
	dir("%u/task/%u", pid, tid);
	snprintf(rel, sizeof(rel), "%u/task/%u/comm", pid, tid);
	put(rel, comm);
	/* /proc/TID of every thread, with its status */
	dir("%u", tid, 0);
	snprintf(rel, sizeof(rel), "%u/status", tid);
	{
		char st[128];

		snprintf(st, sizeof(st), "Name:\tx\nUmask:\t0022\nState:\tS\nTgid:\t%u\nNgid:\t0\nPid:\t%u\n",
			 pid, tid);
		put(rel, st);
	}
}

static void test_parsers(void)
{
	unsigned int v = 0;

	TAP_OK(!proc_parse_tgid("Name:\tq\nTgid:\t42\nPid:\t43\n", 27, &v) && v == 42,
	       "Tgid line parsed (got %u)", v);
	TAP_OK(proc_parse_tgid("Name:\tTgid:\t1\n", 14, &v), "Tgid only at a line start");
	TAP_OK(proc_parse_tgid("Tgid:\t\n", 7, &v), "empty Tgid rejected");
	TAP_OK(proc_parse_tgid("Tgid:\t12x\n", 10, &v), "Tgid with junk rejected");
	TAP_OK(proc_parse_tgid("Tgid:\t99999999999\n", 18, &v), "Tgid overflow rejected");
	TAP_OK(!proc_parse_tgid("Tgid:\t7", 7, &v) && v == 7, "Tgid at the end, no newline");
	TAP_OK(proc_comm_is("CPU 1/KVM\n", 10, "CPU 1/KVM"), "comm with the kernel's newline");
	TAP_OK(proc_comm_is("CPU 1/KVM", 9, "CPU 1/KVM"), "comm without one");
	TAP_OK(!proc_comm_is("CPU 1/KVM\nx\n", 12, "CPU 1/KVM"), "a name cut at a newline does not match");
	TAP_OK(!proc_comm_is("CPU 1/KVM\n\n", 11, "CPU 1/KVM"), "only one newline is the kernel's");
	TAP_OK(!proc_comm_is("CPU 1/KVM\0x\n", 12, "CPU 1/KVM"), "a NUL does not end the name");
	TAP_OK(!proc_comm_is("CPU 1/KV", 8, "CPU 1/KVM"), "a prefix does not match");
	TAP_OK(!proc_parse_uint("32768\n", 6, &v) && v == 32768, "pid_max parsed");
	TAP_OK(proc_parse_uint("32768\n\n", 7, &v), "two newlines rejected");
	TAP_OK(proc_parse_uint("0\n", 2, &v), "0 rejected");
	TAP_OK(proc_parse_uint("", 0, &v), "empty rejected");
	TAP_OK(proc_parse_uint("-1", 2, &v), "sign rejected");
}

/* /proc/TID/stat's starttime (field 22), after a name that may hold anything. */
static void test_starttime(void)
{
	static const char stat[] =
		"4242 (CPU 0/KVM) S 1 4242 4242 0 -1 4194624 0 0 0 0 7 3 0 0 20 0 "
		"4 0 123456 1234567 89 18446744073709551615\n";
	static const char odd[] =
		"7 (a) b) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 99 0\n";
	unsigned long long t = 0;

	TAP_OK(!proc_parse_starttime(stat, sizeof(stat) - 1, &t) && t == 123456,
	       "starttime parsed (got %llu)", t);
	TAP_OK(!proc_parse_starttime(odd, sizeof(odd) - 1, &t) && t == 99,
	       "a name with ') ' in it: fields after its last ')' (got %llu)", t);
	TAP_OK(proc_parse_starttime(stat, 60, &t), "a stat cut before field 22 rejected");
	TAP_OK(proc_parse_starttime("1 (x) S 1 2 3", 13, &t), "too few fields rejected");
	TAP_OK(proc_parse_starttime("1 x S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 99", 54, &t),
	       "no name rejected");
	TAP_OK(proc_parse_starttime("1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 9x9 0", 59, &t),
	       "junk in starttime rejected");
	TAP_OK(proc_parse_starttime("1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 99999999999999999999999 0",
				    79, &t), "overflow rejected");
	/* This process's own, from the real /proc. */
	proc_set_root("/proc");
	TAP_OK(!proc_start_ticks(getpid(), getpid(), &t) && t > 0,
	       "own start read from /proc (%llu)", t);
	TAP_OK(proc_start_ticks(getpid(), PROC_PID_MAX_LIMIT, &t), "a thread that is not there: -1");
	{
		struct pid_epoch then = { 100, 5000, 32768, 1 }, now = { 150, 5040, 32768, 1 };
		struct pid_epoch wrapped = { 160, 400, 32768, 1 }, lapped = { 40000, 5050, 32768, 1 };
		struct pid_epoch unknown = { 0 }, real;

		TAP_OK(!proc_id_maybe_reused(&then, &now, 4000), "an ID below the allocator's move: not reused");
		TAP_OK(proc_id_maybe_reused(&then, &now, 5020), "an ID it moved over: maybe");
		TAP_OK(!proc_id_maybe_reused(&then, &now, 6000), "an ID above: not");
		TAP_OK(proc_id_maybe_reused(&then, &wrapped, 4000), "after a wrap: any");
		TAP_OK(proc_id_maybe_reused(&then, &lapped, 4000), "after enough forks to wrap: any");
		TAP_OK(proc_id_maybe_reused(&unknown, &now, 4000), "no earlier epoch: any");
		proc_pid_epoch(&real);
		TAP_OK(real.known && real.last_pid && real.pid_max && real.forks,
		       "this host's epoch read (last %u, forks %llu)", real.last_pid, real.forks);
	}
	TAP_OK(proc_thread_is(getpid(), getpid(), t * (1000000000ULL / sysconf(_SC_CLK_TCK))),
	       "this thread is the one that started then");
	TAP_OK(!proc_thread_is(getpid(), getpid(), (t + 2) * (1000000000ULL / sysconf(_SC_CLK_TCK))),
	       "not one that started two ticks later");
}

static void test_fake_tree(void)
{
	unsigned int tid[2] = { 0, 0 }, v = 0;
	struct pidns ns;
	char why[PATH_MAX], self[PATH_MAX];

	thread(100, 100, "qemu-system-x86\n");
	/* created first, so a substring search for "CPU 1" would find it */
	thread(100, 110, "CPU 10/KVM\n");
	thread(100, 101, "CPU 1/KVM\n");
	thread(100, 102, "CPU 0/KVM\n");
	thread(100, 103, "CPU 3/KVM\nx\n");
	thread(100, 105, "CPU 5/KVM\n");
	thread(100, 104, "CPU 5/KVM\n");

	TAP_OK(proc_pid_exists(100), "pid 100 exists");
	TAP_OK(proc_pid_exists(101), "tid 101 exists");
	TAP_OK(!proc_pid_exists(200), "pid 200 does not");
	TAP_OK(!proc_tgid(101, &v) && v == 100, "101 is a thread of 100 (got %u)", v);
	TAP_OK(proc_tgid(200, &v), "no status for 200");
	TAP_OK(proc_thread_of(100, 101) && !proc_thread_of(100, 200), "thread_of");
	TAP_OK(proc_find_vcpu_threads(100, 1, tid) == 1 && tid[0] == 101,
	       "vCPU 1 is 'CPU 1/KVM', not 'CPU 10/KVM' (got %u)", tid[0]);
	TAP_OK(proc_find_vcpu_threads(100, 10, tid) == 1 && tid[0] == 110, "vCPU 10");
	TAP_OK(proc_find_vcpu_threads(100, 0, tid) == 1 && tid[0] == 102, "vCPU 0");
	TAP_OK(proc_find_vcpu_threads(100, 3, tid) == 0, "'CPU 3/KVM\\nx' is not vCPU 3");
	TAP_OK(proc_find_vcpu_threads(100, 5, tid) == 2 && tid[0] == 104 && tid[1] == 105,
	       "two 'CPU 5/KVM': both found, in order (%u %u)", tid[0], tid[1]);
	TAP_OK(proc_find_vcpu_threads(100, 2, tid) == 0, "no vCPU 2");
	TAP_OK(proc_find_vcpu_threads(100, -1, tid) == 0, "no vCPU -1");
	TAP_OK(proc_find_vcpu_threads(200, 0, tid) == 0, "no process 200");

	TAP_OK(proc_pid_max() == PROC_PID_MAX_LIMIT, "no pid_max: the kernel's limit");
	dir("sys", 0, 0);
	dir("sys/kernel", 0, 0);
	put("sys/kernel/pid_max", "32768\n");
	TAP_OK(proc_pid_max() == 32768, "pid_max read");
	put("sys/kernel/pid_max", "junk\n");
	TAP_OK(proc_pid_max() == PROC_PID_MAX_LIMIT, "bad pid_max: the kernel's limit");

	/* No ns/pid: no namespaces to tell apart. */
	TAP_OK(!pidns_self(&ns, why, sizeof(why)) && !ns.child, "no self/ns/pid: initial");
	/* self -> our PID, whose ns/pid is a file unlike the initial inode. */
	snprintf(self, sizeof(self), "%d", getpid());
	dir("%u", getpid(), 0);
	dir("%u/ns", getpid(), 0);
	snprintf(why, sizeof(why), "%d/ns/pid", getpid());
	put(why, "");
	snprintf(why, sizeof(why), "%s/self", root);
	if (symlink(self, why))
		TAP_OK(0, "symlink self");
	TAP_OK(!pidns_self(&ns, why, sizeof(why)) && ns.child && ns.ino,
	       "self/ns/pid not the initial one: a namespace");
	/* 100 is in another namespace (a nested one), 101 has no ns/pid. */
	dir("100/ns", 0, 0);
	put("100/ns/pid", "");
	TAP_OK(pidns_member(&ns, 100) == 0, "100 is not a member");
	TAP_OK(pidns_member(&ns, 101) == -1, "101: unknown");
	snprintf(why, sizeof(why), "%s/%d/ns/pid", root, getpid());
	/* self is a path under root from here on: PATH_MAX, and no strcat. */
	snprintf(self, sizeof(self), "%s/102", root);
	mkdir(self, 0755);
	snprintf(self, sizeof(self), "%s/102/ns", root);
	mkdir(self, 0755);
	snprintf(self, sizeof(self), "%s/102/ns/pid", root);
	if (link(why, self))
		TAP_OK(0, "link ns/pid");
	TAP_OK(pidns_member(&ns, 102) == 1, "102 shares our ns/pid: a member");
	/* /proc of another namespace: self is another number. */
	snprintf(why, sizeof(why), "%s/self", root);
	unlink(why);
	if (symlink("1", why))
		TAP_OK(0, "symlink self");
	dir("1", 0, 0);
	dir("1/ns", 0, 0);
	put("1/ns/pid", "");
	TAP_OK(pidns_self(&ns, why, sizeof(why)) && strstr(why, "another PID namespace"),
	       "a /proc of another namespace is refused: %s", why);
}

/* Real threads of this process, named as the test needs. */
static pthread_mutex_t hold = PTHREAD_MUTEX_INITIALIZER;
static pid_t tids[4];
static const char *const names[4] = {
	"CPU 7/KVM", "CPU 7/KVM", "CPU 8/KVM\nzz", "CPU 9/KVM",
};

static void *named(void *arg)
{
	long i = (long)arg;

	pthread_setname_np(pthread_self(), names[i]);
	__atomic_store_n(&tids[i], syscall(SYS_gettid), __ATOMIC_SEQ_CST);
	pthread_mutex_lock(&hold);
	pthread_mutex_unlock(&hold);
	return NULL;
}

static const char *const pos[] = { "duration" };
static const char *const usage_parts[] = { "[-p PID]" };
static const struct cli_tool tool = {
	.name = "kvmexit",
	.opts = (1u << OPT_COUNT) - 1,
	.positionals = pos,
	.npositionals = 1,
	.usage_parts = usage_parts,
	.nusage_opt = 1,
	.help_body = "",
};

/* cli_parse's status for a command line, its last error line in err. */
static int parse(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int parse(char *err, size_t len, const char *fmt, ...)
{
	char line[256], *argv[8], *save = NULL, *tok;
	FILE *tmp = tmpfile();
	int argc = 0, rc, fd = dup(2);
	struct cli c;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	argv[argc++] = "kvmexit";
	for (tok = strtok_r(line, " ", &save); tok && argc < 7;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	fflush(stderr);
	dup2(fileno(tmp), 2);
	rc = cli_parse(&tool, argc, argv, &c);
	fflush(stderr);
	dup2(fd, 2);
	close(fd);
	rewind(tmp);
	err[0] = '\0';
	while (fgets(err, len, tmp))
		;
	err[strcspn(err, "\n")] = '\0';
	fclose(tmp);
	if (rc == -1 && c.has_vcpu)
		snprintf(err, len, "tid %u", c.tid);
	return rc;
}

static void test_real_threads(void)
{
	unsigned int me = getpid(), v = 0, t[2], pid_max;
	pthread_t th[4];
	char err[512], want[256];
	long i;

	proc_set_root("/proc");
	pid_max = proc_pid_max();
	set_prog_name("kvmexit");
	pthread_mutex_lock(&hold);
	for (i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, named, (void *)i);
	for (i = 0; i < 4; i++)
		while (!__atomic_load_n(&tids[i], __ATOMIC_SEQ_CST))
			usleep(1000);

	TAP_OK(!proc_tgid(tids[0], &v) && v == me, "a thread's Tgid is this process");
	TAP_OK(proc_thread_of(me, tids[2]), "thread_of this process");
	TAP_OK(proc_find_vcpu_threads(me, 9, t) == 1 && t[0] == (unsigned int)tids[3],
	       "vCPU 9 found");
	TAP_OK(proc_find_vcpu_threads(me, 8, t) == 0,
	       "a thread named 'CPU 8/KVM\\nzz' is not vCPU 8");
	TAP_OK(proc_find_vcpu_threads(me, 7, t) == 2, "two threads named 'CPU 7/KVM'");

	TAP_OK(parse(err, sizeof(err), "-p %u -v 9", me) == -1 &&
	       strtoul(err + 4, NULL, 10) == (unsigned int)tids[3], "-v 9: %s", err);
	TAP_OK(parse(err, sizeof(err), "-p %u -v 8", me) == EXIT_USAGE &&
	       strstr(err, "no thread named 'CPU 8/KVM'"), "-v 8: %s", err);
	snprintf(want, sizeof(want), "(TIDs %u and %u)",
		 tids[0] < tids[1] ? tids[0] : tids[1], tids[0] < tids[1] ? tids[1] : tids[0]);
	TAP_OK(parse(err, sizeof(err), "-p %u -v 7", me) == EXIT_USAGE &&
	       strstr(err, "more than one thread named 'CPU 7/KVM'") && strstr(err, want),
	       "-v 7: %s", err);
	snprintf(want, sizeof(want), "argument -p/--pid: %u is a thread of process %u, not a process",
		 tids[0], me);
	TAP_OK(parse(err, sizeof(err), "-p %u", tids[0]) == EXIT_USAGE && strstr(err, want),
	       "-p of a thread: %s", err);
	TAP_OK(parse(err, sizeof(err), "-p %u -t %u", me, tids[1]) == -1, "-p -t of its thread");
	TAP_OK(parse(err, sizeof(err), "-p %u -T %u,%u", me, tids[1], me) == -1,
	       "-p -T of its threads");
	snprintf(want, sizeof(want), "argument -t/--tid: TID %u is not a thread of process 1",
		 tids[1]);
	TAP_OK(parse(err, sizeof(err), "-p 1 -t %u", tids[1]) == EXIT_USAGE && strstr(err, want),
	       "-p -t of another process's thread: %s", err);
	snprintf(want, sizeof(want), "argument -T/--tids: TID %u is not a thread of process 1",
		 tids[1]);
	TAP_OK(parse(err, sizeof(err), "-p 1 -T 1,%u", tids[1]) == EXIT_USAGE && strstr(err, want),
	       "-p -T with another process's thread: %s", err);
	snprintf(want, sizeof(want), "argument -p/--pid: PID %u is too large: IDs are below the kernel's PID limit, pid_max %u",
		 pid_max, pid_max);
	TAP_OK(parse(err, sizeof(err), "-p %u", pid_max) == EXIT_USAGE && strstr(err, want),
	       "-p pid_max: %s", err);
	TAP_OK(parse(err, sizeof(err), "-t %u", pid_max) == EXIT_USAGE && strstr(err, "pid_max"),
	       "-t pid_max: %s", err);
	TAP_OK(parse(err, sizeof(err), "-T 1,%u", pid_max) == EXIT_USAGE && strstr(err, "pid_max"),
	       "-T with pid_max: %s", err);
	TAP_OK(parse(err, sizeof(err), "-t %u", pid_max - 1) == EXIT_USAGE ||
	       proc_pid_exists(pid_max - 1), "-t of no thread: %s", err);

	pthread_mutex_unlock(&hold);
	for (i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
}

int main(void)
{
	char cmd[128];

	if (!mkdtemp(root))
		return 1;
	proc_set_root(root);
	test_parsers();
	test_fake_tree();
	test_starttime();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	if (system(cmd))
		return 1;
	test_real_threads();
	return tap_done();
}
