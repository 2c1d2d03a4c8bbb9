/* SPDX-License-Identifier: Apache-2.0 */
/* Which parameters of a kit routine its declaration marks as written by
 * the routine: `OUT` (the mingw-w64 headers), `_Out_...` or `_Inout_...`
 * (the WDK's SAL). RtlInitUnicodeString(&ext->Link, ...) writes Link;
 * IoDeleteSymbolicLink(&ext->Link) only reads it. The marks are macros
 * that expand to nothing, outside each parameter's extent: they are read
 * from the declaration's tokens, parameter by parameter. */
#include "cfg/build.h"

#include <string.h>

static bool marks_written(const char *s)
{
	return !strcmp(s, "OUT") || !strncmp(s, "_Out_", 5) || !strncmp(s, "_Inout_", 7) ||
	       !strncmp(s, "__out", 5) || !strncmp(s, "__inout", 7);
}

unsigned cfg_written_params(CXTranslationUnit tu, CXCursor decl)
{
	struct cursor_span span = cursor_span_of(decl);
	if (!span.ok || clang_Cursor_getNumArguments(decl) <= 0)
		return 0;
	char *name = cursor_spelling(decl);
	struct cursor_tokens t = { 0 };
	cursor_tokens_of_span(tu, span, &t);
	/* The parameter list: the bracket after the routine's name. */
	size_t open = 0;
	while (open + 1 < t.len && !(cfg_token_is(&t, open, name) && cfg_token_is(&t, open + 1, "(")))
		open++;
	unsigned bits = 0;
	int param = 0, depth = 0;
	for (size_t k = open + 2; k < t.len && param < 32; k++) {
		const char *s = t.items[k].text;
		if (!strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{"))
			depth++;
		else if ((!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}")) && --depth < 0)
			break;
		else if (depth == 0 && !strcmp(s, ","))
			param++;
		else if (t.items[k].kind == CXToken_Identifier && marks_written(s))
			bits |= 1u << param;
	}
	cursor_tokens_release(&t);
	free(name);
	return bits;
}
