/* SPDX-License-Identifier: Apache-2.0 */
/* Routines and members: the prototype of a routine assumed from a call, a
 * redefinition that revises an assumed name, a member called or reached
 * through a structure of ours. */
#include "front/synth.h"
#include "base/alloc.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "front/synth_parts.h"
#include "front/cursor.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

/* C: a routine called before its definition, whose prototype a missing
 * header held, was declared implicitly (returning int), so its definition
 * conflicts, and clang drops every statement that uses it: it is declared
 * ahead with the definition's type, spelled in builtin and tagged types that
 * need no declaration of the unit's own. */
/* `static long F(int, struct _IRP *);`: the declaration of the routine `fn`
 * defines, its types spelled canonically (a typedef of a missing header may
 * stand in them); false for a variadic routine or one whose types have no
 * spelling outside it. */
static bool prototype_of(CXCursor fn, const char *name, struct strbuf *decl)
{
	CXType type = clang_getCursorType(fn);
	bool ok = type.kind == CXType_FunctionProto && !clang_isFunctionTypeVariadic(type);
	for (int i = -1, n = ok ? clang_getNumArgTypes(type) : -1; ok && i < n; i++) {
		CXType t = clang_getCanonicalType(i < 0 ? clang_getResultType(type) : clang_getArgType(type, (unsigned)i));
		char *text = cxstring_take(clang_getTypeSpelling(t));
		ok = !strstr(text, "(unnamed") && !strstr(text, "(anonymous") && !(i < 0 && strchr(text, '('));
		if (i < 0)
			strbuf_addf(decl, "%s%s %s(", clang_Cursor_getStorageClass(fn) == CX_SC_Static ? "static " : "",
				    text, name);
		else
			strbuf_addf(decl, "%s%s", i ? ", " : "", text);
		free(text);
	}
	if (ok)
		strbuf_addf(decl, "%s);", clang_getNumArgTypes(type) ? "" : "void");
	return ok;
}

bool synth_prototype(struct synth *s, const char *message, CXDiagnostic diag, CXTranslationUnit tu)
{
	char *name = s->cplusplus ? NULL : synth_quoted_name(message, "conflicting types for ");
	if (!s->cplusplus && !name)
		name = synth_quoted_name(message, "static declaration of ");
	if (!name)
		return false;
	bool implicit = false;
	CXDiagnosticSet notes = clang_getChildDiagnostics(diag);
	for (unsigned i = 0, n = notes ? clang_getNumDiagnosticsInSet(notes) : 0; i < n && !implicit; i++) {
		CXDiagnostic note = clang_getDiagnosticInSet(notes, i);
		char *said = cxstring_take(clang_getDiagnosticSpelling(note));
		implicit = !strcmp(said, "previous implicit declaration is here");
		free(said);
		clang_disposeDiagnostic(note);
	}
	CXCursor fn = implicit ? clang_getCursor(tu, clang_getDiagnosticLocation(diag)) : clang_getNullCursor();
	char *spelled = fn.kind == CXCursor_FunctionDecl ? cursor_spelling(fn) : NULL;
	struct strbuf decl = STRBUF_INIT;
	bool ok = spelled && !strcmp(spelled, name) && !synth_declared(s, name) && prototype_of(fn, name, &decl);
	if (ok) {
		CXFile file;
		unsigned line, column, offset;
		clang_getFileLocation(clang_getDiagnosticLocation(diag), &file, &line, &column, &offset);
		synth_record(s, name, "a routine declared ahead of its definition", file, line, column, offset)->decl =
			alloc_strdup(strbuf_str(&decl));
	}
	strbuf_release(&decl);
	free(spelled);
	free(name);
	return ok;
}

/* A name assumed a variable or constant that the file then defines as a
 * routine ("redefinition of 'EvtUnload' as different kind of symbol": its
 * address was taken, `config.EvtDriverUnload = EvtUnload;`, before the
 * definition, and the prototype was in a missing header) is that routine,
 * declared ahead. */
bool synth_redefined(struct synth *s, const char *message, CXDiagnostic diag, CXTranslationUnit tu)
{
	char *name = strstr(message, "as different kind of symbol") ? synth_quoted_name(message, "redefinition of ")
								    : NULL;
	if (!name)
		return false;
	CXCursor fn;
	struct synth_decl *ours =
		synth_redefined_decl(s, name, synth_is_value_kind, CXCursor_FunctionDecl, diag, tu, &fn);
	struct strbuf decl = STRBUF_INIT;
	bool ok = ours && prototype_of(fn, name, &decl);
	if (ok)
		synth_revise_decl(ours, strbuf_detach(&decl), "a routine declared ahead of its definition");
	strbuf_release(&decl);
	free(name);
	return ok;
}

/* C: a member assumed an integer that the code calls (`h->Dispatch->Cleanup(...)`
 * after `h->Dispatch->Cleanup != NULL`) is a routine pointer. */
static bool member_called(struct synth *s, CXTranslationUnit tu, CXSourceLocation loc)
{
	struct token name, op;
	size_t len, at;
	const char *text = synth_call_text(tu, loc, &name, &len, &at);
	if (!text)
		return false;
	while (at > 0 && isspace((unsigned char)text[at - 1]))
		at--;
	synth_token_before(text, at - strlen(name.text), &op);
	if (name.kind != TOK_IDENT || !(synth_token_is(&op, "->") || synth_token_is(&op, ".")))
		return false;
	bool revised = false;
	for (size_t k = 0; k < s->nstructs; k++) {
		struct synth_struct *st = &s->structs[k];
		for (size_t m = 0; m < st->members.len; m++) {
			if (strcmp(st->members.items[m], name.text) || strcmp(st->types.items[m], SCALAR_MEMBER))
				continue;
			free(st->types.items[m]);
			st->types.items[m] = alloc_strdup("long (*%s)()");
			revised = true;
		}
	}
	return revised;
}

/* C: a name assumed a variable that the code then calls (`Unload = X;` first,
 * `X(d);` later) is a function; a type assumed an integer that a called
 * object has (`fn = (tRoutine)MmGetSystemRoutineAddress(...); fn();`) is a
 * routine pointer type. */
bool synth_retype_called(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	static const char typed[] = "called object type '";
	static const char integer[] = "' (aka 'long long') is not a function or function pointer";
	const char *end = s->cplusplus ? NULL : strstr(message, integer);
	if (end && !strncmp(message, typed, sizeof(typed) - 1)) {
		char *type = alloc_strndup(message + sizeof(typed) - 1, (size_t)(end - message) - (sizeof(typed) - 1));
		bool revised = false;
		for (size_t i = 0; i < s->len && !revised; i++) {
			struct synth_decl *d = &s->items[i];
			if (d->member || strcmp(d->name, type) || strcmp(d->assumed, "an integer type"))
				continue;
			synth_revise_decl(d, alloc_printf("typedef long (*%s)();", d->name), "a routine pointer type");
			revised = true;
		}
		free(type);
		return revised;
	}
	if (!s->cplusplus && !strcmp(message, "called object type 'long long' is not a function or function pointer"))
		return member_called(s, tu, loc);
	if (s->cplusplus || strcmp(message, "called object type 'long' is not a function or function pointer"))
		return false;
	struct token name;
	size_t len;
	const char *text = synth_call_text(tu, loc, &name, &len, NULL);
	if (!text)
		return false;
	for (size_t i = 0; name.kind == TOK_IDENT && i < s->len; i++) {
		struct synth_decl *d = &s->items[i];
		if (d->member || strcmp(d->name, name.text) || strcmp(d->assumed, "a variable"))
			continue;
		/* Stored to as well (`fn = (tRoutine)Lookup(...)`): a routine pointer. */
		bool stored = false;
		size_t n = strlen(d->name);
		for (size_t at = 0; at + n <= len && !stored; at++) {
			if (text[at] != d->name[0] || strncmp(text + at, d->name, n) ||
			    (at > 0 && str_ident_char(text[at - 1])) || (at + n < len && str_ident_char(text[at + n])))
				continue;
			struct token op;
			size_t past;
			synth_token_after(text, len, at + n, &op, &past);
			stored = synth_token_is(&op, "=");
		}
		synth_revise_decl(d, alloc_printf(stored ? "extern long (*%s)();" : "long %s();", d->name),
		       stored ? "a routine pointer variable" : "a function returning an integer");
		return true;
	}
	return false;
}

/* "no member named 'M' in ..." (at M) or a member access into one of our
 * incomplete structures (at the `.` or `->` before M). */
bool synth_member(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	/* C++ reads `Class::Routine(x);` as a declaration first: "no type named". */
	bool as_type = !strncmp(message, "no type named '", 15);
	/* C's designated initializer `{ .Field = x }`; a member's own member
	 * (`.Info.Name = x`) is in a type that has no typedef name to explain. */
	bool designator = !strncmp(message, "field designator '", 18);
	bool missing = as_type || designator || !strncmp(message, "no member named '", 17);
	struct synth_struct *st = designator && strstr(message, "(aka '")
				  ? synth_struct_in_message(s, message, "(aka '")
			  : designator ? synth_struct_in_message(s, message, "in type '")
			  : missing ? synth_struct_in_message(s, message, "' in '")
			  : !strncmp(message, "incomplete definition of type '", 31)
				  ? synth_struct_in_message(s, message, "of type '")
			  : !strncmp(message, "member access into incomplete type '", 36)
				  ? synth_struct_in_message(s, message, "type '")
				  : NULL;
	if (!st)
		return false;
	CXFile file;
	unsigned line, column, offset;
	size_t len;
	const char *text = synth_file_text_at(tu, loc, &file, &offset, &len);
	if (!text)
		return false;
	clang_getFileLocation(loc, NULL, &line, &column, NULL);
	size_t at = offset;
	if (!missing) {
		struct token op;
		size_t next;
		synth_token_after(text, len, at, &op, &next);
		if (!synth_token_is(&op, ".") && !synth_token_is(&op, "->"))
			return false;
		at = next;
		while (at < len && isspace((unsigned char)text[at]))
			at++;
	}
	size_t end = at;
	while (end < len && str_ident_char(text[end]))
		end++;
	if (end == at)
		return false;
	char *member = alloc_strndup(text + at, end - at);
	if (missing) {
		char *quoted = synth_quoted_name(message, as_type ? "no type named " : designator ? "field designator "
												: "no member named ");
		bool same = quoted && !strcmp(quoted, member);
		/* At a macro's name (FIELD_OFFSET(T, Field)): the member is one
		 * of its arguments, further on in the statement. */
		size_t found = quoted && !same ? synth_word_in_statement(text, len, end, quoted) : len;
		if (found < len) {
			free(member);
			member = alloc_strdup(quoted);
			at = found;
			end = found + strlen(quoted);
			same = true;
		}
		free(quoted);
		if (!same) { /* written inside a macro's body: the text there is not the name */
			free(member);
			return false;
		}
	}
	struct token after, scope;
	size_t next;
	synth_token_after(text, len, end, &after, &next);
	synth_token_before(text, at, &scope);
	if (!missing) {
		CXSourceLocation at_member = clang_getLocationForOffset(tu, file, (unsigned)at);
		clang_getFileLocation(at_member, NULL, &line, &column, NULL);
	}
	size_t before = s->len;
	synth_struct_add_member(s, st, member, synth_token_is(&scope, "::"), as_type, &after, file, line, column,
				(unsigned)at);
	free(member);
	return s->len > before;
}
