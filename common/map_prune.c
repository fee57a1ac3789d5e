// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <bpf/bpf.h>
#include "map_prune.h"

void map_delete_if(int fd, size_t key_size,
		   bool (*drop)(const void *key, void *arg), void *arg)
{
	unsigned char key[MAP_PRUNE_KEY_MAX], next[MAP_PRUNE_KEY_MAX];
	void *prev = NULL;

	if (key_size > sizeof(key))
		return;
	/*
	 * Deleting the key the walk stands on would restart a hash's walk
	 * from its first bucket: delete behind it.
	 */
	while (!bpf_map_get_next_key(fd, prev, next)) {
		if (prev && drop(prev, arg))
			bpf_map_delete_elem(fd, prev);
		memcpy(key, next, key_size);
		prev = key;
	}
	if (prev && drop(prev, arg))
		bpf_map_delete_elem(fd, prev);
}
