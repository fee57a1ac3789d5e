/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct session_ops for a bpftool skeleton "NAME_bpf" whose BPF object
 * includes bpf/filter.bpf.h.  The glue is the same for every tool but for
 * the skeleton's type, so it is written once, here.
 */
#ifndef KVMEXIT_SKEL_OPS_H
#define KVMEXIT_SKEL_OPS_H

#include "filter_setup.h"
#include "session.h"

/*
 * setup: int setup(struct NAME_bpf *, const struct cli *), before load;
 * wants: session_ops.wants.
 */
#define SKEL_SESSION_OPS(ops, name, raw, tracepoint, setup, wants_)	\
static void *ops##_open(const struct bpf_object_open_opts *o)		\
{									\
	return name##_bpf__open_opts(o);				\
}									\
static struct bpf_object *ops##_object(void *skel)			\
{									\
	return ((struct name##_bpf *)skel)->obj;			\
}									\
static int ops##_configure(void *skel, const struct cli *c)		\
{									\
	FILTER_SET_RODATA(((struct name##_bpf *)skel)->rodata, c);	\
	return setup(skel, c);						\
}									\
static int ops##_loaded(void *skel, const struct cli *c)		\
{									\
	return filter_fill_tids(						\
		bpf_map__fd(((struct name##_bpf *)skel)->maps.filter_tids), c); \
}									\
static int ops##_load(void *skel)					\
{									\
	return name##_bpf__load(skel);					\
}									\
static void ops##_destroy(void *skel)					\
{									\
	name##_bpf__destroy(skel);					\
}									\
const struct session_ops ops = {					\
	.open = ops##_open,						\
	.object = ops##_object,						\
	.configure = ops##_configure,					\
	.loaded = ops##_loaded,						\
	.load = ops##_load,						\
	.destroy = ops##_destroy,					\
	.raw_progs = raw,						\
	.tracepoint_progs = tracepoint,					\
	.wants = wants_,						\
}

#endif
