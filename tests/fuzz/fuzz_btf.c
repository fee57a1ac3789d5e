// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_btf_probe on a hostile --btf file: the input is written to a scratch
 * file and probed as the tools probe a --btf argument.  Raw BTF and ELF
 * with a .BTF section both reach the parser.
 */
#include <bpf/libbpf.h>
#include "kvm_btf.h"
#include "fuzz.h"

static char path[256];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet();
	libbpf_set_print(NULL);
	snprintf(path, sizeof(path), "%s/fuzz.btf", fuzz_tmpdir());
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvm_btf_info info;

	fuzz_write_file(path, data, size);
	kvm_btf_probe(path, &info);
	return 0;
}
