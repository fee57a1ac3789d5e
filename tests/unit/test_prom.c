// SPDX-License-Identifier: GPL-2.0
/*
 * The Prometheus file (common/report_prom.c): counters that add up report
 * by report, series per VM and vCPU, label values escaped as the text
 * format wants them, whatever bytes a VM name holds.  A scratch /proc
 * stands in for the VMM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "exit_slot.h"
#include "identity.h"
#include "proc.h"
#include "report_prom.h"
#include "../lib/files.h"
#include "../lib/tap.h"

static char root[] = "/tmp/kvmexit-prom-XXXXXX";

static void put(const char *rel, const char *text, size_t len)
{
	fixture_write(root, rel, text, len);
}

static void mk(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdir(path, 0755);
}

/* A VMM 100 named by its -name, with vCPU thread 101. */
static void vmm(const char *cmdline, size_t len)
{
	mk("100");
	mk("100/task");
	mk("100/task/101");
	put("100/cmdline", cmdline, len);
	put("100/task/101/comm", "CPU 0/KVM\n", 10);
}

static char *slurp(const char *path)
{
	static char buf[1 << 20];	/* 6000 series fit */
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

int main(void)
{
	/* The name holds \, ", a newline, a control byte, UTF-8 and a stray byte. */
	static const char cmd[] = "qemu\0-name\0guest=a\\b\"c\nd\x01\xc3\xa9\xff\0";
	struct exit_table t = { 0 };
	struct prom_state p = { 0 };
	char path[600];
	const char *out;

	if (!mkdtemp(root)) {
		TAP_OK(0, "mkdtemp");
		return tap_done();
	}
	proc_set_root(root);
	vmm(cmd, sizeof(cmd) - 1);
	identity_start(100);
	snprintf(path, sizeof(path), "%s/kvm.prom", root);
	p.path = path;

	exit_table_add(&t, 100, 101, KVM_ISA_SVM, 0x7b, 5);
	exit_table_add(&t, 100, 100, KVM_ISA_SVM, 0x7b, 2);
	TAP_OK(!prom_add_counts(&p, &t) && !prom_write(&p), "first report written");
	TAP_OK(!prom_add_counts(&p, &t) && !prom_write(&p), "second report written");
	out = slurp(path);
	TAP_OK(strstr(out, "# TYPE kvm_exits_total counter\n") != NULL, "a counter family");
	/* UTF-8 kept; \, " and newline escaped; the control byte too is UTF-8; 0xff is U+FFFD. */
	TAP_OK(strstr(out, "kvm_exits_total{vm=\"a\\\\b\\\"c\\nd\x01\xc3\xa9\xef\xbf\xbd\",vcpu=\"0\",reason=\"IOIO\",isa=\"svm\"} 10\n") != NULL,
	       "the vCPU's series: escaped name, counts of both reports");
	TAP_OK(strstr(out, ",vcpu=\"\",reason=\"IOIO\",isa=\"svm\"} 4\n") != NULL,
	       "threads that are no vCPU: vcpu=\"\"");
	{
		const char *c;
		int lines = 0;

		for (c = out; *c; c++)
			lines += *c == '\n';
		TAP_EQ_U64(lines, 4, "two comments, two samples: the name's newline breaks no line");
	}
	/* Many series (a large host's): each row finds its own, twice over. */
	{
		unsigned int code;
		size_t n0 = p.n;

		t.n = 0;
		for (code = 0; code < 3000; code++) {
			exit_table_add(&t, 0, 0, KVM_ISA_SVM, code, 1);
			exit_table_add(&t, 0, 0, KVM_ISA_VMX, code, 2);
		}
		TAP_OK(!prom_add_counts(&p, &t) && !prom_add_counts(&p, &t) && !prom_write(&p),
		       "6000 series added twice");
		TAP_EQ_U64(p.n - n0, 6000, "one series per label set");
		out = slurp(path);
		TAP_OK(strstr(out, ",vcpu=\"\",reason=\"UNKNOWN_2999\",isa=\"vmx\"} 4\n") != NULL,
		       "the last one's count is both reports'");
	}
	/* Issue 15: a VM whose process is gone: its last values, then no series. */
	exit_table_free(&t);
	exit_table_add(&t, 200, 201, KVM_ISA_SVM, 0x78, 3);
	TAP_OK(!prom_add_counts(&p, &t) && !prom_write(&p), "rows of process 200");
	prom_mark_gone(&p);
	TAP_OK(!prom_add_counts(&p, &t) && !prom_write(&p), "its last rows, after it is gone");
	out = slurp(path);
	TAP_OK(strstr(out, "kvm_exits_total{vm=\"\",pid=\"200\",vcpu=\"\",reason=\"HLT\",isa=\"svm\"} 6\n") != NULL,
	       "a gone process's final values are written");
	{
		int k;

		for (k = 1; k < PROM_KEEP_REPORTS; k++) {
			prom_drop_gone(&p);
			prom_mark_gone(&p);
			prom_write(&p);
		}
		out = slurp(path);
		TAP_OK(strstr(out, "pid=\"200\"") != NULL,
		       "its final values stay for %d files, for a scrape to see", PROM_KEEP_REPORTS);
	}
	prom_drop_gone(&p);
	TAP_OK(!prom_write(&p), "the next report written");
	out = slurp(path);
	TAP_OK(!strstr(out, "pid=\"200\""), "then its series end");
	TAP_OK(strstr(out, "vcpu=\"0\",reason=\"IOIO\",isa=\"svm\"} 10\n") != NULL,
	       "a live VM's series stay");
	/* The index after series were dropped: a live series is still found. */
	{
		size_t n1 = p.n;

		exit_table_free(&t);
		exit_table_add(&t, 100, 101, KVM_ISA_SVM, 0x7b, 5);
		TAP_OK(!prom_add_counts(&p, &t) && !prom_write(&p) && p.n == n1,
		       "after the drop, a row finds its series");
		out = slurp(path);
		TAP_OK(strstr(out, "vcpu=\"0\",reason=\"IOIO\",isa=\"svm\"} 15\n") != NULL,
		       "and adds to it");
	}
	p.path = "/nonexistent-dir/kvm.prom";
	TAP_OK(prom_write(&p) == -1, "an unwritable path: -1");
	exit_table_free(&t);
	prom_free(&p);
	identity_reset();
	snprintf(path, sizeof(path), "rm -rf %s", root);
	if (system(path))
		printf("# could not remove %s\n", root);
	return tap_done();
}
