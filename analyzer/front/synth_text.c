/* SPDX-License-Identifier: Apache-2.0 */
/* Reading the source text around a name: tokens before and after an offset,
 * lines and preprocessor directives, strings, and the quoted name of a
 * diagnostic; libclang gives locations, the guesses need the words. */
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

/* The quoted name in a message of the form PREFIX'name'..., or NULL. */
char *synth_quoted_name(const char *message, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(message, prefix, n) || message[n] != '\'')
		return NULL;
	const char *start = message + n + 1, *end = strchr(start, '\'');
	if (!end || end == start)
		return NULL;
	for (const char *p = start; p < end; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return NULL;
	return alloc_strndup(start, (size_t)(end - start));
}

void synth_token_after(const char *text, size_t len, size_t at, struct token *t, size_t *next)
{
	while (at < len && isspace((unsigned char)text[at]))
		at++;
	t->kind = TOK_NONE;
	t->text[0] = '\0';
	*next = at;
	if (at >= len)
		return;
	size_t start = at;
	if (str_ident_char(text[at])) {
		while (at < len && str_ident_char(text[at]))
			at++;
		/* L"..." is a string, not an identifier. */
		if (at < len && text[at] == '"' && at - start <= 2) {
			t->kind = TOK_STRING;
		} else {
			t->kind = TOK_IDENT;
		}
	} else if (text[at] == '"') {
		t->kind = TOK_STRING;
		at++;
	} else {
		t->kind = TOK_PUNCT;
		at++;
		if (at < len && strchr("=+-&|<>:", text[at]) && strchr("=+-&|<>:!", text[start]))
			at++;
		if (at < len && text[start] == '-' && text[at - 1] == '-' && text[at] == '>')
			at++;
	}
	size_t n = at - start < sizeof(t->text) - 1 ? at - start : sizeof(t->text) - 1;
	memcpy(t->text, text + start, n);
	t->text[n] = '\0';
	*next = at;
}

static size_t line_start(const char *text, size_t at)
{
	while (at > 0 && text[at - 1] != '\n')
		at--;
	return at;
}

/* Whether the line starting at `ls` belongs to a preprocessor directive: it
 * starts with '#', or continues (backslash) a line that does. */
static bool directive_line(const char *text, size_t ls)
{
	for (;;) {
		size_t p = ls;
		while (text[p] == ' ' || text[p] == '\t')
			p++;
		if (text[p] == '#')
			return true;
		if (ls < 2)
			return false;
		size_t end = ls - 1; /* the previous line's '\n' */
		if (end > 0 && text[end - 1] == '\r')
			end--;
		if (end == 0 || text[end - 1] != '\\')
			return false;
		ls = line_start(text, end);
	}
}

/* Where the code before `at` ends, past blanks, comments and preprocessor
 * lines; SIZE_MAX when a directive comes first (it ends what was before it
 * as a ';' would). */
static size_t code_end_before(const char *text, size_t at)
{
	for (int guard = 0; guard < 256; guard++) {
		size_t was = at;
		while (at > 0 && isspace((unsigned char)text[at - 1]))
			at--;
		if (at >= 2 && text[at - 1] == '/' && text[at - 2] == '*') {
			size_t open = at - 2;
			while (open >= 2 && !(text[open - 2] == '/' && text[open - 1] == '*'))
				open--;
			if (open < 2)
				return at;
			at = open - 2;
			continue;
		}
		if (at == 0 || memchr(text + at, '\n', was - at) == NULL)
			return at;
		/* A line before the name's: a directive, or code with a // comment. */
		size_t ls = line_start(text, at);
		if (directive_line(text, ls))
			return SIZE_MAX;
		bool quoted = false;
		size_t comment = at;
		for (size_t p = ls; p + 1 < at; p++) {
			if (text[p] == '"' && (p == ls || text[p - 1] != '\\'))
				quoted = !quoted;
			else if (!quoted && text[p] == '/' && text[p + 1] == '/') {
				comment = p;
				break;
			}
		}
		if (comment == at)
			return at;
		at = comment;
	}
	return at;
}

void synth_token_before(const char *text, size_t at, struct token *t)
{
	at = code_end_before(text, at);
	t->kind = TOK_NONE;
	t->text[0] = '\0';
	if (at == SIZE_MAX) {
		t->kind = TOK_PUNCT;
		strcpy(t->text, ";");
		return;
	}
	if (at == 0)
		return;
	size_t end = at;
	if (text[at - 1] == '"') {
		t->kind = TOK_STRING;
		return;
	}
	if (str_ident_char(text[at - 1])) {
		while (at > 0 && str_ident_char(text[at - 1]))
			at--;
		t->kind = TOK_IDENT;
	} else {
		at--;
		if (at > 0 && strchr("+-:", text[at]) && text[at - 1] == text[at])
			at--;
		else if (at > 0 && text[at] == '>' && text[at - 1] == '-')
			at--;
		t->kind = TOK_PUNCT;
	}
	size_t n = end - at < sizeof(t->text) - 1 ? end - at : sizeof(t->text) - 1;
	memcpy(t->text, text + at, n);
	t->text[n] = '\0';
}

bool synth_token_is(const struct token *t, const char *text)
{
	return t->kind != TOK_NONE && !strcmp(t->text, text);
}

/* The tokens around `name` at `offset` of the diagnostic's file. Returns
 * false when the text there is not the name (a macro expansion). */
bool synth_tokens_around(CXTranslationUnit tu, CXFile file, unsigned offset, const char *name,
			 struct token *before, struct token *after, struct token *after2)
{
	size_t len = 0;
	const char *text = file ? clang_getFileContents(tu, file, &len) : NULL;
	size_t n = strlen(name);
	if (!text || offset + n > len || strncmp(text + offset, name, n) ||
	    (offset + n < len && str_ident_char(text[offset + n])))
		return false;
	size_t next;
	synth_token_before(text, offset, before);
	synth_token_after(text, len, offset + n, after, &next);
	synth_token_after(text, len, next, after2, &next);
	return true;
}

/* The text of the file `loc` is spelled in, with the location's offset in
 * it; NULL when there is no such text or the offset lies past its end. */
const char *synth_file_text_at(CXTranslationUnit tu, CXSourceLocation loc, CXFile *file, unsigned *offset, size_t *len)
{
	clang_getFileLocation(loc, file, NULL, NULL, offset);
	*len = 0;
	const char *text = *file ? clang_getFileContents(tu, *file, len) : NULL;
	return text && *offset < *len ? text : NULL;
}

/* A keyword that may begin a declaration but never follows its type. */
bool synth_token_is_storage_class(const struct token *t)
{
	static const char *const words[] = { "extern", "static", "inline", "__inline", "__forceinline", "typedef" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (synth_token_is(t, words[i]))
			return true;
	return false;
}

/* The text of the file a call diagnostic points into, the called name (clang
 * points at the name or at the call's parenthesis) and, when `end` is not
 * NULL, where the name ends; NULL when there is no such text. */
const char *synth_call_text(CXTranslationUnit tu, CXSourceLocation loc, struct token *name, size_t *len,
			    size_t *end)
{
	CXFile file;
	unsigned offset;
	size_t past;
	const char *text = synth_file_text_at(tu, loc, &file, &offset, len);
	if (!text)
		return NULL;
	synth_token_after(text, *len, offset, name, &past);
	if (synth_token_is(name, "(")) {
		synth_token_before(text, offset, name);
		past = offset;
	}
	if (end)
		*end = past;
	return text;
}

/* Where `word` is written as a whole word from `from` to the end of the
 * statement (`;`, `{` or `}`), or `len`. */
size_t synth_word_in_statement(const char *text, size_t len, size_t from, const char *word)
{
	size_t n = strlen(word);
	for (size_t i = from; i + n <= len && !strchr(";{}", text[i]); i++)
		if (!strncmp(text + i, word, n) && !str_ident_char(text[i - 1]) &&
		    (i + n == len || !str_ident_char(text[i + n])))
			return i;
	return len;
}

/* Whether a `*` before a name, itself after `before`, dereferences it
 * rather than multiplies: nothing that ends an operand comes before it. */
bool synth_star_dereferences(const struct token *before)
{
	if (before->kind == TOK_IDENT)
		return synth_token_is(before, "return") || synth_token_is(before, "case");
	return before->kind == TOK_NONE ||
	       (before->kind == TOK_PUNCT && !synth_token_is(before, ")") && !synth_token_is(before, "]") &&
		!synth_token_is(before, "++") && !synth_token_is(before, "--"));
}

/* The token before the token that ends at `at` (for `x * NAME`). */
void synth_token_before_before(const char *text, size_t at, const struct token *before, struct token *t)
{
	while (at > 0 && isspace((unsigned char)text[at - 1]))
		at--;
	size_t n = strlen(before->text);
	synth_token_before(text, at >= n ? at - n : 0, t);
}

/* Skips a string literal (with its encoding prefix) at `at`; returns the
 * offset after it, or `at` when there is none. */
size_t synth_skip_string_literal(const char *text, size_t len, size_t at)
{
	size_t p = at;
	while (p < len && p - at < 2 && (text[p] == 'L' || text[p] == 'u' || text[p] == 'U' ||
					 text[p] == '8'))
		p++;
	if (p >= len || text[p] != '"')
		return at;
	for (p++; p < len && text[p] != '"' && text[p] != '\n'; p++)
		if (text[p] == '\\')
			p++;
	return p < len && text[p] == '"' ? p + 1 : at;
}
