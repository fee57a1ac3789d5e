/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lost output must not look like success: a full disk, a closed stdout,
 * or a reader that left while SIGPIPE is ignored end the tool with one
 * "prog: error: writing output: why" line and EXIT_RUNTIME.  (With
 * SIGPIPE at its default the kernel ends the tool first, as for any
 * filter.)
 */
#ifndef KVMEXIT_OUTPUT_H
#define KVMEXIT_OUTPUT_H

/* Flushes stdout: 0, or EXIT_RUNTIME after the error line. */
int output_flush(void);

/*
 * First thing in main.  Checks at exit what was not flushed yet (help,
 * --version, anything a path forgot) and turns a loss into exit status
 * EXIT_RUNTIME, as gnulib's close_stdout does.  A closed stdout gets a
 * read-only placeholder, so that no file the tool opens later (a BPF map,
 * a /proc file) becomes fd 1 and takes the report.
 */
void output_init(void);

#endif
