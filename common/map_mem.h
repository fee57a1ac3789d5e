/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel memory a loaded BPF object's maps take, for -d and make bench. */
#ifndef KVMEXIT_MAP_MEM_H
#define KVMEXIT_MAP_MEM_H

struct bpf_object;

struct map_mem {
	unsigned long long total;	/* bytes, all CPUs, now */
	unsigned long long full;	/* bytes, all CPUs, every table full */
	unsigned long long per_cpu;	/* the per-CPU maps' full values, one CPU's */
	int ncpus;			/* possible CPUs */
	int from_kernel;		/* total is the kernel's own count */
};

/*
 * The loaded maps of obj.  total is the kernel's accounting of each map
 * (fdinfo memlock, exact since 6.4), or without it the keys and values
 * the maps' sizes give; full is what every table full takes (the same
 * for preallocated maps), per_cpu what each further CPU adds to that.
 */
void map_mem(const struct bpf_object *obj, struct map_mem *m);

#endif
