/* SPDX-License-Identifier: Apache-2.0 */
/* Locals that shadow a variable of an enclosing block (`NTSTATUS status =
 * F();` inside an if, below the function's own `status`). The graph names
 * variables as they are spelled, so without this the inner one's value
 * would overwrite the outer's: a path that leaves the inner block would
 * return what F returned instead of the success the outer one still holds.
 * The inner declaration saves the outer value under a name no source can
 * spell ("status`13"), and every way out of its block (its end, a break or
 * continue, a goto to a label outside it) assigns it back. A return inside
 * the block returns the inner value, which is right, so it restores
 * nothing. */
#include "cfg/build.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

/* The declaration `name` refers to in the blocks enclosing the innermost
 * one, or among the function's parameters; a null cursor when none. */
static CXCursor outer_declaration(struct builder *b, const char *name)
{
	for (size_t s = b->nscopes - 1; s-- > 0;)
		for (size_t i = b->scopes[s].nlocals; i-- > 0;) {
			CXCursor d = b->scopes[s].locals[i];
			char *n = cursor_spelling(d);
			bool same = !strcmp(n, name);
			free(n);
			if (same)
				return d;
		}
	int n = clang_Cursor_getNumArguments(b->fn);
	for (int i = 0; i < n; i++) {
		CXCursor p = clang_Cursor_getArgument(b->fn, (unsigned)i);
		char *pn = cursor_spelling(p);
		bool same = !strcmp(pn, name);
		free(pn);
		if (same)
			return p;
	}
	return clang_getNullCursor();
}

static void assign(struct builder *b, CXCursor at, CXCursor target_decl, const char *target,
		   CXCursor value_decl, const char *value)
{
	struct cfg_event *ev = cfg_event_add(b, EVENT_ASSIGN, at);
	ev->target.path = alloc_strdup(target);
	if (clang_Cursor_isNull(target_decl))
		ev->target.root = alloc_strdup(target);
	else
		cfg_place_set_root(b, target_decl, &ev->target);
	ev->value = (struct cfg_value){ .kind = VALUE_PLACE, .call = -1 };
	ev->value.place.path = alloc_strdup(value);
	if (clang_Cursor_isNull(value_decl))
		ev->value.place.root = alloc_strdup(value);
	else
		cfg_place_set_root(b, value_decl, &ev->value.place);
	snprintf(ev->op, sizeof(ev->op), "=");
}

void cfg_shadow_note(struct builder *b, CXCursor var)
{
	if (!b->nscopes || var.kind != CXCursor_VarDecl)
		return;
	struct scope *sc = &b->scopes[b->nscopes - 1];
	GROW(sc->locals, sc->locals_cap, sc->nlocals + 1);
	sc->locals[sc->nlocals++] = var;
	char *name = cursor_spelling(var);
	CXCursor outer = name[0] ? outer_declaration(b, name) : clang_getNullCursor();
	if (clang_Cursor_isNull(outer) || b->cur < 0) {
		free(name);
		return;
	}
	struct cfg_loc loc = cfg_loc_of(b, var);
	char *saved = alloc_printf("%s`%u", name, loc.line);
	assign(b, var, clang_getNullCursor(), saved, outer, name);
	GROW(sc->shadows, sc->shadows_cap, sc->nshadows + 1);
	sc->shadows[sc->nshadows++] = (struct shadow){ outer, name, saved };
}

void cfg_shadows_restore(struct builder *b, size_t from, CXCursor at)
{
	if (b->cur < 0)
		return;
	for (size_t s = b->nscopes; s-- > from;)
		for (size_t i = b->scopes[s].nshadows; i-- > 0;) {
			const struct shadow *sh = &b->scopes[s].shadows[i];
			assign(b, at, sh->outer, sh->name, clang_getNullCursor(), sh->saved);
		}
}

/* Whether the source of `inner` lies within that of `outer`; false when
 * either has no file position. */
static bool within(CXCursor inner, CXCursor outer)
{
	CXSourceRange ri = clang_getCursorExtent(inner), ro = clang_getCursorExtent(outer);
	CXFile fi, fo, fe;
	unsigned oi, os, oe;
	clang_getFileLocation(clang_getRangeStart(ri), &fi, NULL, NULL, &oi);
	clang_getFileLocation(clang_getRangeStart(ro), &fo, NULL, NULL, &os);
	clang_getFileLocation(clang_getRangeEnd(ro), &fe, NULL, NULL, &oe);
	return fi && fo && clang_File_isEqual(fi, fo) && clang_File_isEqual(fo, fe) && oi >= os && oi < oe;
}

void cfg_shadows_leave_to(struct builder *b, CXCursor label, CXCursor at)
{
	if (b->cur < 0 || clang_Cursor_isNull(label))
		return;
	size_t from = b->nscopes;
	while (from > 0 && !within(label, b->scopes[from - 1].stmt))
		from--;
	cfg_shadows_restore(b, from, at);
}

void cfg_shadows_release(struct scope *sc)
{
	for (size_t i = 0; i < sc->nshadows; i++) {
		free(sc->shadows[i].name);
		free(sc->shadows[i].saved);
	}
	free(sc->shadows);
	free(sc->locals);
}
