/* SPDX-License-Identifier: Apache-2.0 */
/* UTF-8 checking and repair. */
#include "base/utf8.h"
#include "base/alloc.h"
#include "base/strbuf.h"

#include <stdlib.h>
#include <string.h>

size_t utf8_sequence_length(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	size_t len = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3
		     : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	if (len == 0 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong three- and four-byte forms, surrogates, beyond U+10FFFF. */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return len;
}

char *utf8_repaired(char *text)
{
	if (!text)
		return NULL;
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text), i = 0;
	while (i < n && utf8_sequence_length(p + i, n - i))
		i += utf8_sequence_length(p + i, n - i);
	if (i == n)
		return text;
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, text, i);
	while (i < n) {
		size_t len = utf8_sequence_length(p + i, n - i);
		if (len) {
			strbuf_add(&sb, text + i, len);
			i += len;
		} else {
			strbuf_adds(&sb, "\xef\xbf\xbd");
			i++;
		}
	}
	free(text);
	return strbuf_detach(&sb);
}

char *utf8_valid_copy(const char *s)
{
	return utf8_repaired(alloc_strdup(s ? s : ""));
}
