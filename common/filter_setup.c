// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <bpf/bpf.h>
#include "filter_setup.h"

int filter_fill_tids(int map_fd, const struct cli *c)
{
	unsigned char one = 1;
	int i;

	for (i = 0; i < c->ntids; i++)
		if (bpf_map_update_elem(map_fd, &c->tids[i], &one, BPF_ANY))
			return -errno;
	return 0;
}
