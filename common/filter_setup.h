/* SPDX-License-Identifier: GPL-2.0 */
/* Handing the command line's thread filter to bpf/filter.bpf.h. */
#ifndef KVMEXIT_FILTER_SETUP_H
#define KVMEXIT_FILTER_SETUP_H

#include "cli.h"

/* Before load: the const volatile filter values in a skeleton's rodata. */
#define FILTER_SET_RODATA(rodata, c)				\
	do {							\
		(rodata)->filter_tgid = (c)->pid;		\
		(rodata)->filter_tid = (c)->tid;		\
		(rodata)->filter_tid_set = (c)->ntids > 0;	\
		(rodata)->pidns_on = (c)->pidns.child;		\
		(rodata)->pidns_dev = (c)->pidns.dev;		\
		(rodata)->pidns_ino = (c)->pidns.ino;		\
	} while (0)

/* After load: the -T TIDs into the filter_tids map.  0 or -errno. */
int filter_fill_tids(int map_fd, const struct cli *c);

#endif
