/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Untrusted bytes (arguments, paths, names from /proc) made safe to echo:
 * escaped the way Python's repr() shows a str, as argparse does in bcc's
 * messages.  A newline, ESC or other control character, a bidi override,
 * or a byte that is not UTF-8 never reaches the terminal raw, so one
 * message stays one line and cannot move the cursor or recolour it.
 */
#ifndef KVMEXIT_ESCAPE_H
#define KVMEXIT_ESCAPE_H

#include <stddef.h>

/*
 * Enough for any argument in a message: longer ones end in "...", which is
 * better in a one-line error than the whole of a pasted file.
 */
#define ESCAPE_MAX 256

/* repr(s): quoted ('...' or "..."), escaped; returns buf. */
const char *str_repr(const char *s, char *buf, size_t len);

/* The same escapes without the quotes, for text argparse shows bare. */
const char *str_escape(const char *s, char *buf, size_t len);

#endif
