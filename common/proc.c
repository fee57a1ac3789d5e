// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "proc.h"

static const char *proc_root = "/proc";

void proc_set_root(const char *root)
{
	proc_root = root;
}

bool proc_pid_exists(unsigned int pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%u", proc_root, pid);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int read_comm(unsigned int pid, const char *tid, char *buf, size_t len)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%u/task/%s/comm", proc_root, pid, tid);
	f = fopen(path, "r");
	if (!f)
		return -1;	/* the thread exited meanwhile */
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int proc_find_vcpu_thread(unsigned int pid, long long vcpu, unsigned int *tid)
{
	char path[64], want[32], comm[64];
	struct dirent *de;
	int found = -1;
	DIR *d;

	if (vcpu < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/%u/task", proc_root, pid);
	snprintf(want, sizeof(want), "CPU %lld/KVM", vcpu);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (read_comm(pid, de->d_name, comm, sizeof(comm)))
			continue;
		if (!strcmp(comm, want)) {
			*tid = strtoul(de->d_name, NULL, 10);
			found = 0;
			break;
		}
	}
	closedir(d);
	return found;
}
