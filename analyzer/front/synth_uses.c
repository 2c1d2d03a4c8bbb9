/* SPDX-License-Identifier: Apache-2.0 */
/* What a name's use says it is (a type, a value, a routine, a macro before a
 * declaration), read from the tokens around its first use, and the guesses
 * made from such uses when clang reports a name undeclared. */
#include "front/synth.h"
#include "base/alloc.h"
#include "base/str.h"
#include "front/synth_parts.h"
#include "front/cursor.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static enum use use_in_context(const char *name, const struct token *before, const struct token *after,
			       const struct token *after2, const struct token *before_star)
{
	if (synth_token_is(after, "::"))
		return USE_SCOPE;
	if (synth_token_is(after, "."))
		return USE_STRUCT;
	if (synth_token_is(after, "->"))
		return USE_STRUCT_POINTER;
	/* `NAME x` or `NAME *x` in a statement: clang took NAME for an
	 * expression, but a product whose value is dropped is no statement
	 * anyone writes. */
	if (before->kind == TOK_PUNCT && strchr(";{}", before->text[0]) &&
	    (after->kind == TOK_IDENT || (synth_token_is(after, "*") && after2->kind == TOK_IDENT)))
		return USE_TYPE;
	/* `(NAME)Lookup(...)`: a parenthesized name before a name is a cast,
	 * unless the parenthesis holds a call's or a macro's arguments
	 * (`CASE_STR(NAME) CASE_STR(...)`) or a condition (`if (NAME) x = 0;`). */
	if (synth_token_is(before, "(") && synth_token_is(after, ")") && after2->kind == TOK_IDENT &&
	    !(before_star->kind == TOK_IDENT && !synth_token_is(before_star, "return") &&
	      !synth_token_is(before_star, "case")))
		return USE_TYPE;
	/* `(NAME*)p`: no product ends in its operator. */
	if (synth_token_is(before, "(") && synth_token_is(after, "*") && synth_token_is(after2, ")"))
		return USE_TYPE;
	/* `sizeof(MY_INFO)`: an all-capitals name measured is a type far more
	 * often than a constant (a variable's name has lower case). */
	if (synth_token_is(before, "(") && synth_token_is(after, ")") && synth_token_is(before_star, "sizeof") &&
	    !synth_has_lower(name))
		return USE_TYPE;
	if (before->kind == TOK_STRING || after->kind == TOK_STRING)
		return USE_STRING;
	/* Two names side by side in an expression: only string literals may
	 * stand so (`PREFIX NAME`, both macros of a missing header). */
	if (after->kind == TOK_IDENT && !synth_token_is(before, "case") && !synth_token_is(before, "return"))
		return USE_STRING;
	if (synth_token_is(after, "("))
		return USE_FUNCTION;
	if (synth_token_is(before, "case"))
		return USE_CASE;
	if (synth_token_is(after, "[") || (synth_token_is(before, "*") && synth_star_dereferences(before_star)))
		return USE_POINTER;
	if (synth_token_is(after, "=") || synth_token_is(after, "+=") || synth_token_is(after, "-=") ||
	    synth_token_is(after, "|=") || synth_token_is(after, "&=") || synth_token_is(after, "++") ||
	    synth_token_is(after, "--") || synth_token_is(before, "++") || synth_token_is(before, "--"))
		return USE_VARIABLE;
	return USE_CONSTANT;
}

/* Whether the name at `at`, with `after` next, is an argument the kit's
 * macros read as a type: CONTAINING_RECORD(p, OPEN_INSTANCE, Link),
 * FIELD_OFFSET(T, f), and the framework's context-type macros. A constant
 * there would read `(0 *)`. A template's name (`Item<T>`) is left to the
 * rest. */
static bool type_argument(const char *text, size_t at, const struct token *after)
{
	if (!synth_token_is(after, ",") && !synth_token_is(after, ")"))
		return false;
	static const struct { const char *macro; unsigned index; } takes[] = {
		{ "CONTAINING_RECORD", 1 }, { "FIELD_OFFSET", 0 }, { "RTL_FIELD_SIZE", 0 },
		{ "RTL_SIZEOF_THROUGH_FIELD", 0 }, { "RTL_FIELD_TYPE", 0 }, { "TYPE_ALIGNMENT", 0 },
		{ "offsetof", 0 }, { "WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE", 1 },
		{ "WDF_OBJECT_ATTRIBUTES_SET_CONTEXT_TYPE", 1 }, { "WDF_DECLARE_CONTEXT_TYPE", 0 },
		{ "WDF_DECLARE_CONTEXT_TYPE_WITH_NAME", 0 }, { "WDF_GET_CONTEXT_TYPE_INFO", 0 },
	};
	unsigned depth = 0, commas = 0;
	size_t i = at, floor = at > 4096 ? at - 4096 : 0;
	while (i > floor) {
		char c = text[--i];
		if (c == ')')
			depth++;
		else if (c == '(' && depth)
			depth--;
		else if (c == ',' && !depth)
			commas++;
		else if (c == '(')
			break;
		else if (c == ';' || c == '{' || c == '}')
			return false;
	}
	if (i == floor || text[i] != '(')
		return false;
	while (i > 0 && isspace((unsigned char)text[i - 1]))
		i--;
	size_t end = i;
	while (i > 0 && str_ident_char(text[i - 1]))
		i--;
	for (size_t k = 0; k < sizeof(takes) / sizeof(takes[0]); k++)
		if (end - i == strlen(takes[k].macro) && !strncmp(text + i, takes[k].macro, end - i))
			return takes[k].index == commas;
	return false;
}

struct use_search {
	CXTranslationUnit tu;
	const char *name;
	enum use use;
	bool found;
};

/* Every use of the name in one file of the unit (not the system headers). */
static void uses_in_file(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	struct use_search *u = data;
	if (depth > 0 && clang_Location_isInSystemHeader(stack[0]))
		return;
	size_t len = 0;
	const char *text = clang_getFileContents(u->tu, file, &len);
	size_t n = strlen(u->name);
	for (size_t at = 0; text && at + n <= len; at++) {
		if (text[at] != u->name[0] || strncmp(text + at, u->name, n))
			continue;
		if ((at > 0 && str_ident_char(text[at - 1])) || (at + n < len && str_ident_char(text[at + n])))
			continue;
		struct token before, after, after2, before_star;
		size_t next;
		synth_token_before(text, at, &before);
		synth_token_before_before(text, at, &before, &before_star);
		synth_token_after(text, len, at + n, &after, &next);
		synth_token_after(text, len, next, &after2, &next);
		enum use use = type_argument(text, at, &after) ? USE_TYPE
							: use_in_context(u->name, &before, &after, &after2, &before_star);
		if (!u->found || use > u->use)
			u->use = use;
		u->found = true;
	}
}

enum use synth_identifier_use(CXTranslationUnit tu, CXFile file, unsigned offset, const char *name)
{
	struct token before, after, after2;
	if (synth_tokens_around(tu, file, offset, name, &before, &after, &after2)) {
		size_t len = 0;
		const char *text = clang_getFileContents(tu, file, &len);
		struct token before_star;
		synth_token_before_before(text, offset, &before, &before_star);
		if (type_argument(text, offset, &after))
			return USE_TYPE;
		return use_in_context(name, &before, &after, &after2, &before_star);
	}
	/* Used inside a macro's body: libclang gives the expansion site, so
	 * judge by every place the name is written in the unit's files. */
	struct use_search u = { tu, name, USE_CONSTANT, false };
	clang_getInclusions(tu, uses_in_file, &u);
	return u.use;
}

void synth_identifier(struct synth *s, const char *name, enum use use, CXFile file,
			     unsigned line, unsigned column, unsigned offset)
{
	/* C's true and false are <stdbool.h>'s, which the missing header
	 * included: a variable would make `bool b = false;` at file scope an
	 * error and `b == true` a guess. */
	if (!s->cplusplus && (!strcmp(name, "true") || !strcmp(name, "false"))) {
		synth_add(s, name, "a constant of <stdbool.h>", file, line, column, offset, "#define %s %d", name,
		    name[0] == 't');
		return;
	}
	switch (use) {
	case USE_TYPE:
		return; /* declared as a type by the caller */
	case USE_SCOPE:
		/* C++ `NAME::Member`: a class whose static members come as used
		 * (a scoped enumeration, a class of static routines). The
		 * standard library's namespace comes with the compiler, not with
		 * a missing header, or with a module entrycheck did not read
		 * (`import std;`). */
		if (s->cplusplus && (strcmp(name, "std") || s->modules_unread)) {
			synth_struct_new(s, name, true);
			synth_add(s, name, "a class", file, line, column, offset, "typedef struct entrycheck_%s %s;",
			    name, name);
		}
		return;
	case USE_STRUCT:
	case USE_STRUCT_POINTER:
		/* A global of a missing header reached by its members: a
		 * structure (or a pointer to one) given the members used. */
		synth_struct_new(s, name, use == USE_STRUCT);
		synth_add(s, name, use == USE_STRUCT ? "a structure variable" : "a pointer to a structure variable", file,
		    line, column, offset, "extern struct entrycheck_%s %s%s;", name,
		    use == USE_STRUCT ? "" : "*", name);
		return;
	case USE_POINTER:
		synth_add(s, name, "a pointer variable", file, line, column, offset,
		    s->cplusplus ? "extern entrycheck_unknown %s;" : "extern long long *%s;", name);
		return;
	case USE_STRING:
		synth_add(s, name, "a string macro", file, line, column, offset, "#define %s \"\"", name);
		return;
	case USE_FUNCTION:
		if (s->cplusplus)
			synth_add(s, name, "a function", file, line, column, offset,
			    "template <class... A> entrycheck_unknown %s(A &&...);", name);
		else
			synth_add(s, name, "a function returning an integer", file, line, column, offset,
			    "long %s();", name);
		return;
	case USE_CASE: {
		char *decl = synth_case_constant(name, s->len);
		synth_record(s, name, "a constant", file, line, column, offset)->decl = decl;
		return;
	}
	case USE_CONSTANT:
		/* A status code (NDIS_STATUS_ADAPTER_NOT_READY) read as 0 would be
		 * a success: by the NTSTATUS naming, one that names neither success
		 * nor pending is a failure. */
		if (!synth_has_lower(name) && strstr(name, "STATUS_") && !strstr(name, "SUCCESS") &&
		    !strstr(name, "PENDING")) {
			synth_add(s, name, "a failure status constant", file, line, column, offset,
			    "enum entrycheck_constant_%s { %s = (int)0xC0000001 };", name, name);
			return;
		}
		if (!synth_has_lower(name)) {
			synth_add(s, name, "a constant", file, line, column, offset,
			    "enum entrycheck_constant_%s { %s = 0 };", name, name);
			return;
		}
		/* A mixed-case name read as a value is more likely a variable or
		 * a routine (`Unload = SampleUnload`) than a constant, and 0
		 * would read as NULL. */
		/* fall through */
	case USE_VARIABLE:
		synth_add(s, name, "a variable", file, line, column, offset,
		    s->cplusplus ? "extern entrycheck_unknown %s;" : "extern long %s;", name);
		return;
	}
}

struct define_search {
	CXTranslationUnit tu;
	const char *name;
	bool found;
};

/* Whether a `#define name` line sits in one of the unit's user files. */
static void defines_in_file(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	struct define_search *u = data;
	if (u->found || (depth > 0 && clang_Location_isInSystemHeader(stack[0])))
		return;
	size_t len = 0;
	const char *text = clang_getFileContents(u->tu, file, &len);
	size_t n = strlen(u->name);
	for (size_t at = 0; text && at + n <= len && !u->found; at++) {
		if (text[at] != '#')
			continue;
		size_t p = at + 1;
		while (p < len && (text[p] == ' ' || text[p] == '\t'))
			p++;
		if (p + 6 > len || strncmp(text + p, "define", 6))
			continue;
		p += 6;
		while (p < len && (text[p] == ' ' || text[p] == '\t'))
			p++;
		u->found = p + n <= len && !strncmp(text + p, u->name, n) &&
			   (p + n == len || !str_ident_char(text[p + n]));
	}
}

/* Whether a name seen beside a string may be assumed a string macro: not
 * the compiler's (`__FUNCTION__`), not assumed already, and defined by no
 * `#define` of the unit's own files. */
static bool assumable(const struct synth *s, CXTranslationUnit tu, const char *name)
{
	if (!strncmp(name, "__", 2) || synth_declared(s, name))
		return false;
	struct define_search d = { tu, name, false };
	clang_getInclusions(tu, defines_in_file, &d);
	return !d.found;
}

/* Clang stops at the first undeclared name of a string concatenation, so
 * `A "." B "." C` would take a round per name: the names after `name` (a
 * string macro) in the same concatenation are string macros too (nothing
 * else can sit next to a string), unless the unit defines them. */
void synth_string_chain(struct synth *s, CXTranslationUnit tu, CXFile file, unsigned offset,
			       const char *name)
{
	size_t len = 0;
	const char *text = file ? clang_getFileContents(tu, file, &len) : NULL;
	size_t at = offset + strlen(name);
	if (!text || at > len)
		return;
	bool after_string = true;
	for (int tokens = 0; tokens < 64; tokens++) {
		while (at < len && isspace((unsigned char)text[at]))
			at++;
		size_t end = synth_skip_string_literal(text, len, at);
		if (end > at) {
			after_string = true;
			at = end;
			continue;
		}
		if (at >= len || !str_ident_char(text[at]) || isdigit((unsigned char)text[at]))
			return;
		size_t start = at;
		while (at < len && str_ident_char(text[at]))
			at++;
		size_t next = at;
		while (next < len && isspace((unsigned char)text[next]))
			next++;
		bool before_string = synth_skip_string_literal(text, len, next) > next;
		if (!after_string && !before_string)
			return;
		char *other = alloc_strndup(text + start, at - start);
		after_string = assumable(s, tu, other);
		if (after_string) {
			unsigned line = 0, column = 0;
			CXSourceLocation loc = clang_getLocationForOffset(tu, file, (unsigned)start);
			clang_getFileLocation(loc, NULL, &line, &column, NULL);
			synth_add(s, other, "a string macro", file, line, column, (unsigned)start, "#define %s \"\"", other);
		}
		free(other);
	}
}

/* Clang reports a name written after a string literal (`L"\\Device\\"
 * NAME`) as a syntax error ("expected ')'"), not as undeclared: such a name,
 * defined nowhere in the unit, is a string macro of a missing header. */
bool synth_after_string(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	if (strncmp(message, "expected ", 9))
		return false;
	CXFile file;
	unsigned line, column, offset;
	size_t len;
	const char *text = synth_file_text_at(tu, loc, &file, &offset, &len);
	if (!text || !str_ident_char(text[offset]) || isdigit((unsigned char)text[offset]) ||
	    (offset > 0 && str_ident_char(text[offset - 1])))
		return false;
	clang_getFileLocation(loc, NULL, &line, &column, NULL);
	struct token before;
	synth_token_before(text, offset, &before);
	if (before.kind != TOK_STRING)
		return false;
	size_t end = offset;
	while (end < len && str_ident_char(text[end]))
		end++;
	char *name = alloc_strndup(text + offset, end - offset);
	bool added = assumable(s, tu, name);
	if (added) {
		synth_add(s, name, "a string macro", file, line, column, offset, "#define %s \"\"", name);
		synth_string_chain(s, tu, file, offset, name);
	}
	free(name);
	return added;
}

/* Clang reports "expected expression" at an operator passed as an argument
 * (`ASSERT3U(x, ==, 0)`): only a macro takes one, so an undefined callee
 * there is a function-like macro, assumed to expand to nothing. */
bool synth_operator_argument(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	if (strcmp(message, "expected expression"))
		return false;
	CXFile file;
	unsigned offset;
	size_t len;
	const char *text = synth_file_text_at(tu, loc, &file, &offset, &len);
	if (!text)
		return false;
	struct token op, before, after;
	size_t next;
	synth_token_after(text, len, offset, &op, &next);
	synth_token_before(text, offset, &before);
	synth_token_after(text, len, next, &after, &next);
	if (op.kind != TOK_PUNCT || !strchr("=!<>&|+-*/%^", op.text[0]) || !synth_token_is(&before, ",") ||
	    !(synth_token_is(&after, ",") || synth_token_is(&after, ")")))
		return false;
	/* Back to the unmatched `(` and the name before it. */
	size_t at = offset;
	for (int depth = 0; at > 0; at--) {
		char c = text[at - 1];
		if (c == ')' || c == ']')
			depth++;
		else if ((c == '(' || c == '[') && depth-- == 0)
			break;
		else if (c == ';' || c == '{' || c == '}')
			return false;
	}
	if (at == 0 || text[at - 1] != '(')
		return false;
	struct token callee;
	synth_token_before(text, at - 1, &callee);
	if (callee.kind != TOK_IDENT)
		return false;
	struct define_search defined = { tu, callee.text, false };
	clang_getInclusions(tu, defines_in_file, &defined);
	if (defined.found)
		return false;
	unsigned line, column;
	size_t start = at - 1;
	while (start > 0 && isspace((unsigned char)text[start - 1]))
		start--;
	start -= strlen(callee.text);
	clang_getFileLocation(clang_getLocationForOffset(tu, file, (unsigned)start), NULL, &line, &column, NULL);
	for (size_t i = 0; i < s->len; i++) {
		struct synth_decl *d = &s->items[i];
		if (d->member || strcmp(d->name, callee.text))
			continue;
		if (!strncmp(d->assumed, "a function-like macro", 21))
			return false;
		synth_revise_decl(d, alloc_printf("#define %s(...) ((void)0)", d->name), "a function-like macro that takes an operator");
		return true;
	}
	synth_add(s, callee.text, "a function-like macro that takes an operator", file, line, column, (unsigned)start,
	    "#define %s(...) ((void)0)", callee.text);
	return true;
}

/* C++ reads `Locker locker(Lock);` as a function declaration, so clang
 * calls Lock an unknown type; when the code elsewhere reaches into it
 * (`Lock.Init()`), it is an object passed to a constructor. */
bool synth_vexing_parse(const struct synth *s, CXTranslationUnit tu, CXFile file, unsigned offset, const char *name)
{
	struct token before, after, after2;
	if (!s->cplusplus || !synth_tokens_around(tu, file, offset, name, &before, &after, &after2) ||
	    !synth_token_is(&before, "(") || !synth_token_is(&after, ")"))
		return false;
	struct use_search u = { tu, name, USE_CONSTANT, false };
	clang_getInclusions(tu, uses_in_file, &u);
	return u.use == USE_STRUCT || u.use == USE_STRUCT_POINTER;
}
