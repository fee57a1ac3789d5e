// SPDX-License-Identifier: GPL-2.0
/*
 * kvm_btf_probe on a hostile --btf file: the input is written to a scratch
 * file and probed as the tools probe a --btf argument.  Raw BTF and ELF
 * with a .BTF section both reach the parser.  The same bytes then go to
 * compat/btf_blob.c, which scans the kernel's own BTF.
 */
#include <bpf/libbpf.h>
#include "btf_blob.h"
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
	struct btf_blob b;

	fuzz_write_file(path, data, size);
	kvm_btf_probe(path, &info);
	/* The scanner of the kernel's own BTF, on the same bytes. */
	if (!btf_blob_open(path, NULL, &b)) {
		int id = btf_blob_find(&b, "vcpu_svm", BTF_KIND_STRUCT);
		const struct btf_type *t = id > 0 ? btf_blob_type(&b, id) : NULL;

		if (t)
			btf_blob_name(&b, t->name_off);
		btf_blob_close(&b);
	}
	return 0;
}
