/* SPDX-License-Identifier: Apache-2.0 */
/* What the pieces of the declarations synthesis share (front/synth.h is
 * their interface to the rest): the text around a name (front/synth_text.c),
 * the assumed header's bookkeeping and writing (front/synth.c), the guesses
 * a diagnostic revises (front/synth_types.c, front/synth_calls.c) and what a
 * name's use says it is (front/synth_uses.c). */

#ifndef ENTRYCHECK_SYNTH_PARTS_H
#define ENTRYCHECK_SYNTH_PARTS_H

#include <stdbool.h>
#include <stddef.h>

#include <clang-c/Index.h>

#include "front/synth.h"

/* A token next to the name: its kind and, for identifiers and punctuation,
 * its text (at most a few characters are ever compared). */
struct token {
	enum { TOK_NONE, TOK_IDENT, TOK_STRING, TOK_PUNCT } kind;
	char text[64];
};

/* A member of unknown type in C: an integer, which C's implicit conversions
 * let stand for a pointer too; in C++, a value that converts to anything. */
static const char SCALAR_MEMBER[] = "long long %s";

#define UNKNOWN_MEMBER_TYPE "entrycheck_unknown"

static const char UNKNOWN_MEMBER[] = UNKNOWN_MEMBER_TYPE " %s";

/* What an undeclared identifier's use asks for, strongest last: a use in
 * string concatenation outweighs the rest, since a macro like __MODULE__ is
 * used both ways and only a string serves both; a structure's member
 * reached through the name outweighs a plain read or store of it. */
enum use { USE_SCOPE, USE_CONSTANT, USE_CASE, USE_VARIABLE, USE_POINTER, USE_STRUCT, USE_STRUCT_POINTER,
	   USE_FUNCTION, USE_STRING, USE_TYPE };

/* front/synth.c: the assumed header's declarations */
/* What `d` is now taken to be: `decl` (taken over) and the words that say so. */
void synth_revise_decl(struct synth_decl *d, char *decl, const char *assumed);
/* Names that by convention are routine role types: EVT_WDF_..., ..._ROUTINE. */
bool synth_is_role_type_name(const char *name);
bool synth_declared(const struct synth *s, const char *name);
struct synth_decl *synth_record(struct synth *s, const char *name, const char *assumed, CXFile file, unsigned line,
				unsigned column, unsigned offset);
/* Records `name`, declared as the printf-style `fmt` makes it. */
void synth_add(struct synth *s, const char *name, const char *assumed, CXFile file, unsigned line, unsigned column,
	       unsigned offset, const char *fmt, ...) __attribute__((format(printf, 8, 9)));
struct synth_struct *synth_struct_by_tag(struct synth *s, const char *tag);
/* The structure of ours a diagnostic names ('struct entrycheck_X' in C). */
struct synth_struct *synth_struct_in_message(struct synth *s, const char *message, const char *prefix);
/* A structure of ours under `tag` (taken): entrycheck_NAME for a type. */
struct synth_struct *synth_struct_new_tagged(struct synth *s, char *tag, bool defined);
struct synth_struct *synth_struct_new(struct synth *s, const char *name, bool defined);
/* How notes name a structure of ours: X for entrycheck_X, `struct X` for a tag. */
char *synth_struct_shown_name(const struct synth_struct *st);
/* Adds member `member` to `st`, typed by the token after its use. */
void synth_struct_add_member(struct synth *s, struct synth_struct *st, const char *member, bool scoped, bool type,
			     const struct token *after, CXFile file, unsigned line, unsigned column, unsigned offset);
bool synth_has_lower(const char *name);
/* Kinds of assumed declarations, for synth_redefined_decl(). */
bool synth_is_value_kind(const char *assumed);
bool synth_is_variable_kind(const char *assumed);
/* Our declaration of `name` (of `kind`) that a redefinition revises. */
struct synth_decl *synth_redefined_decl(struct synth *s, const char *name, bool (*kind)(const char *assumed),
					enum CXCursorKind want, CXDiagnostic diag, CXTranslationUnit tu, CXCursor *at);
/* A case label's constant, distinct for each assumed name (its index). */
char *synth_case_constant(const char *name, size_t index);

/* front/synth_text.c: the text around a name */
/* The quoted name in a message of the form PREFIX'name'..., or NULL. */
char *synth_quoted_name(const char *message, const char *prefix);
void synth_token_after(const char *text, size_t len, size_t at, struct token *t, size_t *next);
void synth_token_before(const char *text, size_t at, struct token *t);
bool synth_token_is(const struct token *t, const char *text);
/* The tokens around `name` at `offset` of the diagnostic's file. */
bool synth_tokens_around(CXTranslationUnit tu, CXFile file, unsigned offset, const char *name, struct token *before,
			 struct token *after, struct token *after2);
/* The text of the file `loc` is spelled in, with the location's offset in it. */
const char *synth_file_text_at(CXTranslationUnit tu, CXSourceLocation loc, CXFile *file, unsigned *offset, size_t *len);
/* A keyword that may begin a declaration but never follows its type. */
bool synth_token_is_storage_class(const struct token *t);
/* The text of the file a call diagnostic points into, and the called name. */
const char *synth_call_text(CXTranslationUnit tu, CXSourceLocation loc, struct token *name, size_t *len, size_t *end);
/* Where `word` is written as a whole word from `from` to the end of the statement. */
size_t synth_word_in_statement(const char *text, size_t len, size_t from, const char *word);
/* Whether a `*` before a name, itself after `before`, dereferences it. */
bool synth_star_dereferences(const struct token *before);
/* The token before the token that ends at `at` (for `x * NAME`). */
void synth_token_before_before(const char *text, size_t at, const struct token *before, struct token *t);
/* Skips a string literal (with its encoding prefix) at `at`. */
size_t synth_skip_string_literal(const char *text, size_t len, size_t at);

/* front/synth_types.c: types and their revisions; each handler returns
 * whether the diagnostic `message` led to a revision. */
void synth_type(struct synth *s, const char *name, CXTranslationUnit tu, CXFile file, unsigned line,
		unsigned column, unsigned offset);
bool synth_tag(struct synth *s, const char *message, CXSourceLocation loc);
bool synth_revise(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc);
bool synth_retype_argument(struct synth *s, const char *message, CXDiagnostic d, CXTranslationUnit tu);
bool synth_retype_member_pointer(struct synth *s, const char *message, CXDiagnostic d);
bool synth_retype_opaque(struct synth *s, const char *message);
bool synth_retype_reached(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc);
bool synth_out_of_line(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc);
bool synth_retype_reached_type(struct synth *s, const char *message);
bool synth_retype_call_reached(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc);
bool synth_retype_constant(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc);
bool synth_retype_pointer(struct synth *s, const char *message);
bool synth_retyped_variable(struct synth *s, const char *message, CXDiagnostic diag, CXTranslationUnit tu);
bool synth_distinct_cases(struct synth *s, const char *message);

/* front/synth_calls.c: routines and members, handlers as above */
bool synth_prototype(struct synth *s, const char *message, CXDiagnostic diag, CXTranslationUnit tu);
bool synth_redefined(struct synth *s, const char *message, CXDiagnostic diag, CXTranslationUnit tu);
bool synth_retype_called(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc);
bool synth_member(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc);

/* front/synth_uses.c: what a name's use says it is */
enum use synth_identifier_use(CXTranslationUnit tu, CXFile file, unsigned offset, const char *name);
/* Declares an undeclared `name` for its strongest use. */
void synth_identifier(struct synth *s, const char *name, enum use use, CXFile file, unsigned line, unsigned column,
		      unsigned offset);
/* The undeclared names of a string concatenation after the first. */
void synth_string_chain(struct synth *s, CXTranslationUnit tu, CXFile file, unsigned offset, const char *name);
bool synth_after_string(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc);
bool synth_operator_argument(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc);
/* C++'s `Locker locker(Lock);` read as a function declaration. */
bool synth_vexing_parse(const struct synth *s, CXTranslationUnit tu, CXFile file, unsigned offset, const char *name);

#endif
