// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "escape.h"

/* The length of the UTF-8 sequence at s and its code point; 0 if invalid. */
static int utf8_decode(const unsigned char *s, unsigned int *cp)
{
	static const unsigned int min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	int n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	*cp = s[0] & (0x3f >> (n - 1));
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates and beyond U+10FFFF: invalid. */
	if (*cp < min[n] || (*cp >= 0xd800 && *cp <= 0xdfff) || *cp > 0x10ffff)
		return 0;
	return n;
}

/*
 * Code points Python's repr() escapes beyond the C0/C1 controls: the
 * invisible and direction-changing ones that could disguise a message.
 */
static bool unprintable(unsigned int cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp == 0xad ||
	       (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
	       (cp >= 0xfff9 && cp <= 0xfffb);
}

struct out {
	char *buf;
	size_t len, used;
	bool full;
};

/*
 * Appends piece whole, or "..." when it (and, unless it is the last one,
 * room for "..." after it) does not fit before the reserved tail.
 */
static void put(struct out *o, const char *piece, size_t n, size_t reserve,
		bool last)
{
	if (o->full)
		return;
	if (o->used + n + reserve + (last ? 1 : 4) > o->len) {
		o->full = true;
		if (o->used + 4 <= o->len) {
			memcpy(o->buf + o->used, "...", 3);
			o->used += 3;
		}
		return;
	}
	memcpy(o->buf + o->used, piece, n);
	o->used += n;
}

static const char *escape(const char *s, char *buf, size_t len, char quote)
{
	struct out o = { buf, len, 0, false };
	const unsigned char *p = (const unsigned char *)s;
	size_t reserve = quote ? 1 : 0;
	char tmp[16];

	if (!len)
		return buf;
	if (quote)
		put(&o, &quote, 1, reserve, false);
	while (*p && !o.full) {
		unsigned int cp;
		int n = utf8_decode(p, &cp);

		if (!n) {
			/* Python shows an undecodable argv byte as a lone surrogate. */
			snprintf(tmp, sizeof(tmp), "\\udc%02x", *p);
			n = 1;
		} else if (cp == '\\' || (quote && cp == (unsigned char)quote)) {
			snprintf(tmp, sizeof(tmp), "\\%c", cp);
		} else if (cp == '\n' || cp == '\r' || cp == '\t') {
			snprintf(tmp, sizeof(tmp), "\\%c", cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't');
		} else if (unprintable(cp)) {
			snprintf(tmp, sizeof(tmp), cp <= 0xff ? "\\x%02x" : "\\u%04x", cp);
		} else {
			put(&o, (const char *)p, n, reserve, !p[n]);
			p += n;
			continue;
		}
		put(&o, tmp, strlen(tmp), reserve, !p[n]);
		p += n;
	}
	if (quote && o.used < len)
		buf[o.used++] = quote;
	buf[o.used < len ? o.used : len - 1] = '\0';
	return buf;
}

const char *str_repr(const char *s, char *buf, size_t len)
{
	/* repr() picks double quotes for a string with ' but no ". */
	char quote = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';

	return escape(s, buf, len, quote);
}

const char *str_escape(const char *s, char *buf, size_t len)
{
	return escape(s, buf, len, 0);
}
