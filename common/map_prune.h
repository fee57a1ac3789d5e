/* SPDX-License-Identifier: GPL-2.0 */
/* Deleting the entries of a BPF map that a predicate picks, while walking it. */
#ifndef KVMEXIT_MAP_PRUNE_H
#define KVMEXIT_MAP_PRUNE_H

#include <stdbool.h>
#include <stddef.h>

#define MAP_PRUNE_KEY_MAX 64

/*
 * Deletes each key of map fd (key_size bytes, at most MAP_PRUNE_KEY_MAX)
 * for which drop(key, arg) is true.
 */
void map_delete_if(int fd, size_t key_size,
		   bool (*drop)(const void *key, void *arg), void *arg);

#endif
