// SPDX-License-Identifier: GPL-2.0
#include "bench.h"

void bench_switch(void)
{
}
