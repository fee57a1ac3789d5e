// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include "report.h"
#include "exit_slot.h"
#include "kvm_btf.h"

void report_begin(struct report_meta *m, const char *tool, const struct cli *c,
		  bool raw, const char *exit_prog)
{
	memset(m, 0, sizeof(*m));
	m->tool = tool;
	m->cli = c;
	snprintf(m->attach, sizeof(m->attach), "%s %s", raw ? "raw_tp" : "tracepoint",
		 exit_prog);
	m->isa = kvm_host_isa();
	m->number = 1;
	clock_gettime(CLOCK_REALTIME, &m->start);
	clock_gettime(CLOCK_MONOTONIC, &m->mono_start);
}

void report_end(struct report_meta *m)
{
	clock_gettime(CLOCK_REALTIME, &m->end);
	clock_gettime(CLOCK_MONOTONIC, &m->mono_end);
}

void report_next(struct report_meta *m)
{
	m->start = m->end;
	m->mono_start = m->mono_end;
	m->number++;
}

double report_seconds(const struct report_meta *m)
{
	return (m->mono_end.tv_sec - m->mono_start.tv_sec) +
	       (m->mono_end.tv_nsec - m->mono_start.tv_nsec) / 1e9;
}

const char *report_isa_name(unsigned int isa)
{
	return isa == KVM_ISA_VMX ? "vmx" : isa == KVM_ISA_SVM ? "svm" : "unknown";
}

const char *report_rfc3339(const struct timespec *t, char *buf, size_t len)
{
	struct tm tm;
	size_t n;

	gmtime_r(&t->tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03ldZ", t->tv_nsec / 1000000);
	return buf;
}
