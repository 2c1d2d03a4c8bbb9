/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers over libclang cursors and tokens that the AST walkers share
 * (entry.c's summaries, cfg.c's graphs): spellings, children, stripping casts,
 * operator tokens, and the driver-object dispatch table. Every returned string
 * is allocated; the caller frees it. */
#ifndef ENTRYCHECK_CURSOR_H
#define ENTRYCHECK_CURSOR_H

#include <clang-c/Index.h>
#include <stdbool.h>
#include <stddef.h>

/* The cursor's spelling and USR ("" when none). */
/* Takes a libclang string: a malloc'd copy ("" for NULL), the original disposed of. */
char *cxstring_take(CXString s);
char *cursor_spelling(CXCursor c);
/* The name that scopes the methods of class `cls`: its spelling, and for an
 * instantiation of a class template its arguments too (`Guard<Ctx>`), so
 * that the methods of two instantiations stay apart. */
char *cursor_class_name(CXCursor cls);
/* The namespaces a function is declared in, outermost first
 * ("Guard::ProcessWatch"; anonymous ones left out), or NULL for none: what
 * tells apart two namespaces' functions of one name (Start). */
char *cursor_namespace_name(CXCursor decl);
/* A variable's name: its spelling, and a class's static data member's with
 * its class (`Engine::s_Handle`), so that two classes' members of one name
 * stay apart however each is written. */
char *cursor_variable_name(CXCursor var);
char *cursor_usr(CXCursor c);

/* The first few children of a cursor and its last; `n` counts them all. */
struct cursor_list {
	CXCursor items[4];
	CXCursor last;             /* valid when n > 0, however many there are */
	unsigned n;
};
struct cursor_list cursor_children(CXCursor c);

/* Every child of a cursor. Release with cursor_vec_release. */
struct cursor_vec {
	CXCursor *items;
	size_t len, cap;
};
void cursor_vec_children(CXCursor c, struct cursor_vec *out);
void cursor_vec_release(struct cursor_vec *v);

/* Looks through implicit casts, parentheses and explicit casts. */
CXCursor cursor_strip(CXCursor c);
/* Whether `call` calls an operator of entrycheck_unknown, the C++ stand-in
 * the front end declares for a member of unknown type (front/synth.c): then
 * `op` is the operator ("=", "|=") and lhs and rhs its operands. */
bool cursor_unknown_assignment(CXCursor call, char op[4], CXCursor *lhs, CXCursor *rhs);
/* Whether `call` is C++'s implicit (or defaulted) copy or move assignment
 * of a class, `ext->Name = *RegistryPath` of a C structure among them: a
 * copy member by member, as the same line is in C; then lhs and rhs are
 * its operands. */
bool cursor_implicit_assignment(CXCursor call, CXCursor *lhs, CXCursor *rhs);

/* The operator of a BinaryOperator or CompoundAssignOperator ("=", "&&",
 * "|=", ...), or NULL when it cannot be told: libclang 17 and later say it;
 * libclang 14 has only the tokens, which an operator spelled inside a macro's
 * body does not have (there only `S = (E)` is recognized, by its shape). */
char *cursor_binary_operator(CXTranslationUnit tu, CXCursor binop);
/* The operator token of a UnaryOperator ("!", "&", "*", "-", "++", "--",
 * ...), and whether it is written after its operand; NULL when unreadable. */
char *cursor_unary_operator(CXTranslationUnit tu, CXCursor unop, bool *postfix);

/* clang_Cursor_Evaluate, but never on an initializer list (NULL). */
CXEvalResult cursor_evaluate(CXCursor expr);
/* Whether an expression is an integer constant expression. */
bool cursor_is_constant(CXCursor expr);
/* The variable or parameter a DeclRefExpr names, as a USR, or NULL. */
char *cursor_referenced_variable(CXCursor c);
/* Whether `c` is a reference to the MajorFunction array member, or contains one. */
bool cursor_is_major_function(CXCursor c);
bool cursor_mentions_major_function(CXCursor c);

/* Whether the cursor's expansion location is in the main file: a definition
 * produced by a macro expanded there counts (isFromMainFile alone says no). */
bool cursor_in_main_file(CXCursor c);
/* The absolute path of the source file (.c, .cpp, .cc, .cxx) outside the main
 * file that `c` is in, which the main file includes; NULL otherwise. */
char *cursor_included_source(CXCursor c);

/* Calls `visit` for each function definition of the main file (functions,
 * methods, constructors, destructors; inside extern "C", namespaces and
 * classes), in source order. */
typedef void cursor_definition_fn(CXCursor fn, void *data);
void cursor_visit_definitions(CXTranslationUnit tu, cursor_definition_fn *visit, void *data);
/* The same, and `in_header` for each definition in a header that is not a
 * system header (the driver's own: static inline helpers). */
void cursor_visit_all_definitions(CXTranslationUnit tu, cursor_definition_fn *visit, cursor_definition_fn *in_header,
				  void *data);

/* A cursor's extent as offsets into one file, at file level (macro arguments
 * where they are written, macro bodies at their expansion); `ok` is false
 * when the ends lie in different files. */
struct cursor_span {
	CXFile file;
	unsigned begin, end;       /* end is exclusive */
	bool ok;
};
struct cursor_span cursor_span_of(CXCursor c);

/* The tokens of a file range, each with its offsets. */
struct cursor_token {
	char *text;
	CXTokenKind kind;
	unsigned begin, end;
};
struct cursor_tokens {
	struct cursor_token *items;
	size_t len;
};
void cursor_tokens_of_span(CXTranslationUnit tu, struct cursor_span span, struct cursor_tokens *out);
void cursor_tokens_release(struct cursor_tokens *t);
/* Tokens [from, to) joined without whitespace, except one space between two
 * adjacent words (identifiers, keywords, literals). */
char *cursor_tokens_join(const struct cursor_tokens *t, size_t from, size_t to);

#endif
