/* SPDX-License-Identifier: GPL-2.0 */
/* One error style for both tools: "<prog>: <what>: <why>" on stderr. */
#ifndef KVMEXIT_ERR_H
#define KVMEXIT_ERR_H

/* Exit statuses, fixed and documented in the man pages. */
#define EXIT_OK 0
#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

void set_prog_name(const char *argv0);
const char *prog_name(void);
void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void debug_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void set_debug(int on);
int debug_enabled(void);

#endif
