/* SPDX-License-Identifier: Apache-2.0 */
/* Finding a routine declared with a role type, defined, and never registered:
 * its name appears in no value of any function (a store, an argument, a
 * returned value) nor in any initializer of the driver's files. */
#include "kinds/unstored.h"

#include <string.h>

#include "cfg/cfg.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "facts/reads.h"
#include "base/strvec.h"

static bool value_names(const struct cfg_value *v, const char *name)
{
	if (v->kind == VALUE_FUNCTION && v->name && !strcmp(v->name, name))
		return true;
	for (size_t k = 0; k < v->nalts; k++)
		if (value_names(&v->alts[k], name))
			return true;
	return false;
}

static bool graph_names(const struct cfg *g, const char *name)
{
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++)
			if (value_names(&g->blocks[b].events[e].value, name))
				return true;
	for (size_t i = 0; i < g->ncalls; i++)
		for (size_t a = 0; a < g->calls[i].nargs; a++)
			if (value_names(&g->calls[i].args[a], name))
				return true;
	return false;
}

/* The driver's own files as seen from `from`: those of its directory, and
 * those its build files compile with it wherever they lie (../common). A
 * routine declared and stored elsewhere is another component's. */
static bool own_file(const struct program *prog, size_t from, size_t u)
{
	const struct unit_facts *a = &prog->units[from], *b = &prog->units[u];
	if (!strcmp(a->dir, b->dir))
		return true;
	for (size_t i = 0; a->projects && b->projects && i < a->projects->len; i++)
		if (strvec_contains(b->projects, a->projects->items[i]))
			return true;
	return false;
}

/* Whether a function or an initializer of the driver's own files names it. */
static bool named_anywhere(const struct program *prog, size_t from, const char *name)
{
	for (size_t u = 0; u < prog->nunits; u++) {
		if (!own_file(prog, from, u))
			continue;
		const struct unit_facts *uf = &prog->units[u];
		for (size_t f = 0; f < uf->nfunctions; f++)
			if (uf->functions[f].cfg && graph_names(uf->functions[f].cfg, name))
				return true;
		for (size_t g = 0; g < uf->nglobals; g++)
			if (strvec_contains(&uf->globals[g].values, name))
				return true;
	}
	return false;
}

static bool declared_as(const struct decl_facts *d, const struct strvec *role_types)
{
	for (size_t k = 0; k < role_types->len; k++)
		if (strvec_contains(&d->specifiers, role_types->items[k]) ||
		    strvec_contains(&d->function_classes, role_types->items[k]))
			return true;
	return false;
}

/* Whether unit `u` is the file of another DriverEntry than `from`'s: a
 * sibling driver sharing the directory, whose routines are its own. */
static bool other_entry_file(const struct program *prog, size_t from, size_t u)
{
	if (u == from)
		return false;
	const struct unit_facts *uf = &prog->units[u];
	for (size_t f = 0; f < uf->nfunctions; f++)
		if (uf->functions[f].is_driver_entry)
			return true;
	return false;
}

bool unstored_routine(const struct program *prog, size_t from, const struct strvec *role_types, size_t *unit,
		      size_t *index)
{
	/* A file added to the directory may declare or store one. */
	reads_note_dir(prog, prog->units[from].dir);
	for (size_t u = 0; u < prog->nunits; u++)
		if (own_file(prog, from, u))
			reads_note_unit(prog, u);
	for (size_t u = 0; u < prog->nunits; u++) {
		if (!own_file(prog, from, u) || other_entry_file(prog, from, u))
			continue;
		const struct unit_facts *uf = &prog->units[u];
		for (size_t d = 0; d < uf->ndecls; d++) {
			const struct decl_facts *decl = &uf->decls[d];
			if (!decl->name || !declared_as(decl, role_types))
				continue;
			size_t du, di;
			if (!program_resolve(prog, decl->name, from, &du, &di) || !program_function(prog, du, di)->cfg ||
			    !own_file(prog, from, du) || other_entry_file(prog, from, du) ||
			    named_anywhere(prog, from, decl->name))
				continue;
			*unit = du;
			*index = di;
			return true;
		}
	}
	return false;
}
