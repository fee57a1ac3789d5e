// SPDX-License-Identifier: GPL-2.0
/* Untrusted bytes in messages: escaped as Python's repr() shows them. */
#include <string.h>
#include "escape.h"
#include "../lib/tap.h"

static void repr_is(const char *in, const char *want, const char *what)
{
	char buf[ESCAPE_MAX];

	TAP_EQ_STR(str_repr(in, buf, sizeof(buf)), want, "repr: %s", what);
}

static void test_repr(void)
{
	repr_is("abc", "'abc'", "plain");
	repr_is("", "''", "empty");
	repr_is("a\nb", "'a\\nb'", "newline");
	repr_is("a\r\tb", "'a\\r\\tb'", "CR and tab");
	repr_is("\x1b[31mred", "'\\x1b[31mred'", "ESC");
	repr_is("\x01\x7f", "'\\x01\\x7f'", "C0 and DEL");
	repr_is("a\\b", "'a\\\\b'", "backslash");
	repr_is("it's", "\"it's\"", "single quote: double quotes");
	repr_is("'\"", "'\\'\"'", "both quotes: single, escaped");
	repr_is("\xff\xfe", "'\\udcff\\udcfe'", "invalid bytes as surrogates");
	repr_is("\xc0\xaf", "'\\udcc0\\udcaf'", "overlong form");
	repr_is("\xed\xa0\x80", "'\\udced\\udca0\\udc80'", "encoded surrogate");
	repr_is("\xe2\x82", "'\\udce2\\udc82'", "truncated sequence");
	repr_is("caf\xc3\xa9 \xe2\x82\xac", "'caf\xc3\xa9 \xe2\x82\xac'", "printable UTF-8 kept");
	repr_is("\xc2\x9b" "2J", "'\\x9b2J'", "C1 CSI");
	repr_is("a\xe2\x80\xae" "b", "'a\\u202eb'", "bidi override");
	repr_is("\xe2\x80\xa8", "'\\u2028'", "line separator");
}

static void test_escape_and_limits(void)
{
	char buf[ESCAPE_MAX], small[12], big[1000];

	TAP_EQ_STR(str_escape("--x\ny'", buf, sizeof(buf)), "--x\\ny'", "bare: no quotes");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	str_repr(big, buf, sizeof(buf));
	TAP_OK(strlen(buf) < sizeof(buf) && !strcmp(buf + strlen(buf) - 4, "...'"),
	       "a long argument is cut with ... and still quoted");
	TAP_EQ_STR(str_repr("\n\n\n\n\n", small, sizeof(small)), "'\\n\\n\\n...'",
		   "an escape is never split");
	TAP_EQ_STR(str_repr("abcdefg", small, sizeof(small)), "'abcdefg'",
		   "fits exactly");
}

int main(void)
{
	test_repr();
	test_escape_and_limits();
	return tap_done();
}
