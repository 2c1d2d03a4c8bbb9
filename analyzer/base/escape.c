/* SPDX-License-Identifier: Apache-2.0 */
/* Escaping text for terminals and CI logs: see escape.h. */
#include "base/escape.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void strbuf_add_escaped(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p >= 0x20 && *p != 0x7f) {
			strbuf_addc(sb, (char)*p);
			continue;
		}
		strbuf_addc(sb, '\\');
		switch (*p) {
		case '\n': strbuf_addc(sb, 'n'); break;
		case '\r': strbuf_addc(sb, 'r'); break;
		case '\t': strbuf_addc(sb, 't'); break;
		default:
			strbuf_addc(sb, 'x');
			strbuf_addc(sb, hex[*p >> 4]);
			strbuf_addc(sb, hex[*p & 15]);
		}
	}
}

char *text_escaped(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add_escaped(&sb, s ? s : "");
	return strbuf_detach(&sb);
}

void text_defuse_commands(struct strbuf *sb)
{
	if (!sb->len)
		return;
	struct strbuf out = STRBUF_INIT;
	const char *text = strbuf_str(sb);
	bool changed = false;
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
		size_t blank = strspn(line, " \t");
		if (blank + 1 < len && line[blank] == ':' && line[blank + 1] == ':') {
			strbuf_add(&out, line, blank);
			strbuf_addc(&out, '\\');
			strbuf_add(&out, line + blank, len - blank);
			changed = true;
		} else {
			strbuf_add(&out, line, len);
		}
		line += len;
	}
	if (changed) {
		strbuf_release(sb);
		*sb = out;
	} else {
		strbuf_release(&out);
	}
}
