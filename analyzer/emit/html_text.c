/* SPDX-License-Identifier: Apache-2.0 */
/* Writing text into the HTML report: escaped, in UTF-8 whatever the source's
 * encoding (a CP-1252 byte becomes its character), and locations shown
 * relative to the current directory. */
#include "emit/html.h"
#include "emit/html_parts.h"

#include <stdlib.h>
#include <string.h>

#include "base/lines.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "config.h"
#include "findings/finding.h"
#include "rules/rules.h"
#include "run/run.h"

/* Escaping */

/* Windows-1252's characters for the bytes 0x80-0x9F (0: none). */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
	0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
	0x0153, 0, 0x017E, 0x0178,
};

/* A byte that is not part of UTF-8, read as Windows-1252 (what driver sources
 * that are not UTF-8 mostly are, and what the reader passes through); U+FFFD
 * for the five bytes it leaves undefined. */
static void put_cp1252(struct strbuf *sb, unsigned char c)
{
	unsigned cp = c >= 0xA0 ? c : cp1252_high[c - 0x80];
	if (!cp) {
		strbuf_adds(sb, "\xEF\xBF\xBD");
	} else if (cp < 0x800) {
		strbuf_addc(sb, (char)(0xC0 | cp >> 6));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addc(sb, (char)(0xE0 | cp >> 12));
		strbuf_addc(sb, (char)(0x80 | (cp >> 6 & 0x3F)));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3F)));
	}
}

/* Appends `len` bytes of text escaped for HTML content and attribute values:
 * markup characters as references, bytes that are not UTF-8 as Windows-1252,
 * and control characters, which HTML does not allow, as a space (\f \v \r)
 * or U+FFFD. */
void html_put_text(struct strbuf *sb, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len;
	while (p < end) {
		size_t n = utf8_sequence_length(p, (size_t)(end - p));
		if (n > 1) {
			strbuf_add(sb, (const char *)p, n);
			p += n;
			continue;
		}
		unsigned char c = *p++;
		switch (c) {
		case '&': strbuf_adds(sb, "&amp;"); break;
		case '<': strbuf_adds(sb, "&lt;"); break;
		case '>': strbuf_adds(sb, "&gt;"); break;
		case '"': strbuf_adds(sb, "&quot;"); break;
		case '\'': strbuf_adds(sb, "&#39;"); break;
		case '\t': case '\n': strbuf_addc(sb, (char)c); break;
		case '\f': case '\v': case '\r': strbuf_addc(sb, ' '); break;
		default:
			if (c >= 0x80)
				put_cp1252(sb, c);
			else if (c < 0x20 || c == 0x7f)
				strbuf_adds(sb, "\xEF\xBF\xBD");
			else
				strbuf_addc(sb, (char)c);
		}
	}
}

void html_put_str(struct strbuf *sb, const char *s)
{
	if (s)
		html_put_text(sb, s, strlen(s));
}

/* "file:line:col", the file as shown. */
void html_put_location(struct strbuf *sb, const char *cwd, const char *file, unsigned line, unsigned column)
{
	char *shown = path_relative_to(file ? file : "", cwd);
	html_put_str(sb, shown);
	free(shown);
	if (line)
		strbuf_addf(sb, ":%u", line);
	if (line && column)
		strbuf_addf(sb, ":%u", column);
}

/* The same for a file already as shown (problems, entries). */
void html_put_shown_location(struct strbuf *sb, const char *file, unsigned line, unsigned column)
{
	html_put_str(sb, file);
	if (line)
		strbuf_addf(sb, ":%u", line);
	if (line && column)
		strbuf_addf(sb, ":%u", column);
}

const char *html_plural(size_t n)
{
	return n == 1 ? "" : "s";
}
