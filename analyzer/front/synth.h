/* SPDX-License-Identifier: Apache-2.0 */
/* Declaration synthesis: when clang reports a name the headers never
 * declared (unknown type names, undeclared identifiers, unknown macros
 * written before a declaration), we declare the least thing that lets the
 * code parse, after the idea of PsycheC ("Inference of static semantics for
 * incomplete C programs", POPL 2018), from the name's use: a type, a function
 * (C++; C declares calls implicitly), a constant, a variable, a string macro
 * or an empty attribute-like macro; a structure it declared gets the members
 * the code uses, typed from their use. The declarations go in a header forced
 * into the next parse; every one is recorded with what was assumed and where,
 * so what rests on a guess can say so. */
#ifndef ENTRYCHECK_SYNTH_H
#define ENTRYCHECK_SYNTH_H

#include <clang-c/Index.h>
#include <stdbool.h>

#include "base/strvec.h"

/* The header the declarations are written to, in the unit's stub directory. */
#define SYNTH_HEADER "entrycheck-assumed.h"

struct synth_decl {
	char *name;          /* for a member, the member's name */
	bool member;         /* a member of an assumed structure */
	char *decl;          /* its declaration (for a member, in its structure) */
	char *assumed;       /* "a type", "a function", "a constant", ... */
	char *file;          /* where it was first used (absolute), or NULL */
	unsigned line, column, offset;
};

/* A structure the front end declared: opaque at first, given the members
 * the code uses as clang reports them missing. */
struct synth_struct {
	char *tag;           /* entrycheck_NAME */
	bool defined;        /* has a body (a pointer's target starts with none) */
	struct strvec members;      /* member names */
	struct strvec types;        /* per member: its declaration, with %s for the name */
};

struct synth {
	bool cplusplus;
	bool prelude;        /* the model's headers are read before the declarations */
	bool modules_unread; /* a named module's import was read as nothing (imports.h) */
	struct synth_decl *items;
	size_t len, cap;
	struct synth_struct *structs;
	size_t nstructs, cap_structs;
};

/* Adds a declaration for each error of `tu` that one can fix, for names not
 * declared yet. Returns how many it added. */
int synth_from_diagnostics(struct synth *s, CXTranslationUnit tu);
/* Writes the header to `path`; returns 0 or -1. */
int synth_write(const struct synth *s, const char *path);
void synth_release(struct synth *s);
/* Whether the assumption could stand for part of a routine's declaration (a
 * type, an attribute-like macro), so a rule that judges declarations cannot
 * tell what the real one says. A constant, variable or routine cannot. */
bool synth_shapes_declarations(const struct synth_decl *d);
/* Whether `loc` lies in a header of assumed declarations (SYNTH_HEADER). */
bool synth_header_at(CXSourceLocation loc);
/* Whether `call` converts the C++ stand-in of a value of unknown type (what
 * an undeclared function returns) to the type its use wants: no call of
 * anyone's, only its operand's value. */
bool synth_unknown_conversion(CXCursor call);

#endif
