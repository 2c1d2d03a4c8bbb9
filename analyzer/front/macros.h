/* SPDX-License-Identifier: Apache-2.0 */
/* A function-like macro's invocation expanded as tokens, from its
 * definition in the translation unit: what libclang's C API does not show of
 * a macro's body (its conditions, its operators). */
#ifndef ENTRYCHECK_FRONT_MACROS_H
#define ENTRYCHECK_FRONT_MACROS_H

#include <stdbool.h>
#include <stddef.h>

#include <clang-c/Index.h>

#include "front/cursor.h"

struct strvec;

/* Disposes `tu`, and first what is kept of its macros: every unit the front
 * end made is disposed this way, so nothing kept outlives its unit. */
void macros_dispose_unit(CXTranslationUnit tu);

/* The index of the token closing the bracket at `open`, or t->len. */
size_t macro_closing(const struct strvec *t, size_t open);

/* Appends to `out` the expansion of the invocation `inv` [from, to) (a name,
 * '(', the arguments, ')'): the body with the arguments substituted, and the
 * function-like macros written in capitals that the body invokes expanded in
 * turn, `depth` levels at most. False when `inv` names no function-like
 * macro of `tu`, or the expansion is longer than a few thousand tokens. */
bool macro_expand(CXTranslationUnit tu, const struct strvec *inv, size_t from, size_t to, int depth,
		  struct strvec *out);

/* The invocation of a function-like macro written at `offset` of `file`:
 * from its name to its closing bracket, read from the file's text, 4 KB at
 * most. Not ok when no invocation starts there. */
struct cursor_span macro_invocation_at(CXTranslationUnit tu, CXFile file, unsigned offset);

/* The operator written just before `operand`, a direct operand of `whole`,
 * when both come from the body of one macro invocation: `whole` is
 * `L op operand` or `op operand`. Found by expanding the invocation and
 * locating the operand's first name; NULL unless every place that name is
 * preceded by an operator gives the same one, and that one is in `allowed`
 * (a NULL-terminated list). The caller frees the result. */
char *macro_operator_before(CXTranslationUnit tu, CXCursor whole, CXCursor operand, const char *const *allowed);
/* The same, read after the token the left operand `operand` ends with (a
 * name or a literal, through the `)` around it): for a right operand with no
 * name of its own to find, a constant macro (`(_status) =
 * STATUS_INSUFFICIENT_RESOURCES`), or one whose name is in the body twice
 * (`((g.Flags & (f)) == (f))`). */
char *macro_operator_after(CXTranslationUnit tu, CXCursor whole, CXCursor operand, const char *const *allowed);

#endif
