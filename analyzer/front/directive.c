/* SPDX-License-Identifier: Apache-2.0 */
#include "front/directive.h"

#include <string.h>

#include "base/alloc.h"

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

bool include_directive_parse(const char *line, const char *end, struct include_directive *out)
{
	if (!end) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
	}
	const char *p = skip_blanks(line, end);
	if (p >= end || *p != '#')
		return false;
	p = skip_blanks(p + 1, end);
	static const char *const words[] = { "include_next", "include", "import" };
	const char *word = NULL;
	for (size_t k = 0; k < sizeof(words) / sizeof(*words) && !word; k++)
		if ((size_t)(end - p) > strlen(words[k]) && !strncmp(p, words[k], strlen(words[k])))
			word = words[k];
	if (!word)
		return false;
	p = skip_blanks(p + strlen(word), end);
	if (p >= end || (*p != '"' && *p != '<'))
		return false;
	char close = *p == '"' ? '"' : '>';
	const char *q = memchr(p + 1, close, (size_t)(end - p - 1));
	if (!q || q == p + 1)
		return false;
	out->name = alloc_strndup(p + 1, (size_t)(q - p - 1));
	out->quoted = close == '"';
	out->column = (unsigned)(p - line) + 1;
	out->word = word;
	return true;
}
