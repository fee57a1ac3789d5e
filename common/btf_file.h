/* SPDX-License-Identifier: GPL-2.0 */
/* Vetting a --btf FILE before libbpf reads it whole. */
#ifndef KVMEXIT_BTF_FILE_H
#define KVMEXIT_BTF_FILE_H

/*
 * Far above any vmlinux BTF (a few MiB; an ELF vmlinux with DWARF can be
 * a few hundred): refused before reading, not read into memory.
 */
#define BTF_FILE_MAX (256LL << 20)

/*
 * 0 if path is a readable regular file of BTF (raw, or ELF with .BTF) of
 * at most BTF_FILE_MAX bytes; else EXIT_RUNTIME after one line saying
 * what is wrong and what to do.  A FIFO or device is refused from stat()
 * alone, so a check never blocks on a pipe.
 */
int btf_file_check(const char *path);

#endif
