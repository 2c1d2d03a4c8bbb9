/* SPDX-License-Identifier: Apache-2.0 */
/* The functions of a whole run, indexed by name, and the rule that decides
 * which definition a call reaches: the same file first, then the files of the
 * same directory, then the only definition in the folder of the caller's
 * driver (run/scope.h) outside the directories of other drivers nested in it:
 * what a DriverEntry reaches must not depend on which other drivers the run
 * happens to include. */
#ifndef ENTRYCHECK_PROGRAM_H
#define ENTRYCHECK_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/map.h"
#include "base/strvec.h"

/* How many calls deep DriverEntry's helpers are followed: by classification,
 * by the kinds that walk every event, and (by default) by the evaluator's
 * inlining. */
#define PROGRAM_HELPER_DEPTH 8

struct unit_facts;
struct function_facts;
struct global_facts;
struct cfg_call;

struct program {
	const struct unit_facts *units;   /* borrowed */
	size_t nunits;
	struct definition *defs;          /* every function definition, sorted by name */
	size_t ndefs;
	struct definition *globals;       /* every initialized file-scope variable, sorted by name */
	size_t nglobals;
	bool *driver_dir;                 /* per unit: its directory holds a DriverEntry */
	bool *has_entry;                  /* per unit: it defines a DriverEntry itself */
	bool *library;                    /* per unit: its driver folder holds none (a library two
					   * drivers link, ../common) */
	struct strindex paths;            /* unit paths... */
	size_t *path_unit;                /* ...and the first unit of each */
};

void program_build(struct program *p, const struct unit_facts *units, size_t nunits);
/* Finds the definition a call to `name` from unit `from` reaches: its
 * driver folder's, else the one of a library folder; returns false when no
 * body is visible (or several are and none is nearer). A qualified name
 * (`Guard::Start`, as callees lists them) is looked for in its scope. */
bool program_resolve(const struct program *p, const char *name, size_t from, size_t *unit,
		     size_t *index);
/* The same for a method of class `scope` (NULL: any function): among the
 * definitions of that name, those of that class. */
bool program_resolve_scoped(const struct program *p, const char *name, const char *scope, size_t from,
			    size_t *unit, size_t *index);
/* Whether a call from unit `from` may reach a definition in unit `u`: it is
 * in the folder of from's driver (run/scope.h), and not the own code of
 * another driver (one nested in that folder, or any in a run without
 * folders). */
bool program_reaches(const struct program *p, size_t from, size_t u);
/* Whether unit `u` may be linked into from's driver: it reaches it, or `u`
 * is in a library folder (whose definitions a call takes when its driver
 * has none): its variables and tests count for the driver's paths. */
bool program_links(const struct program *p, size_t from, size_t u);
const struct function_facts *program_function(const struct program *p, size_t unit, size_t index);
/* The unit whose function's graph holds `call`, or `fallback` when none does. */
size_t program_unit_of_call(const struct program *p, const struct cfg_call *call, size_t fallback);
/* The file-scope variable `name` with an initializer, as seen from unit
 * `from`: its own file first, then the files of its directory; or NULL. */
const struct global_facts *program_global(const struct program *p, size_t from, const char *name);
/* The unit of that variable, without noting a read (facts/reads.h). */
bool program_global_home(const struct program *p, size_t from, const char *name, size_t *unit);
/* The unit whose path is `path`, or -1. */
int program_unit_at(const struct program *p, const char *path);
void program_release(struct program *p);

/* A walk over a function and, transitively, the helpers it calls whose
 * bodies are visible: each function once, PROGRAM_HELPER_DEPTH calls deep at
 * most. `visit` sees each function and calls call_walk_follow for the calls
 * it wants followed, when it wants them followed (so a visitor may go into
 * a helper in the middle of its own events). */
struct call_walk;
typedef void call_walk_visit(struct call_walk *w, size_t unit, size_t index);
struct call_walk {
	const struct program *prog;
	call_walk_visit *visit;
	void *data;             /* the visitor's */
	unsigned depth;         /* of the function being visited: 0 for the first */
	struct strvec seen;     /* "unit:index" of the functions visited */
};

/* Visits the function `index` of unit `unit`, and what it follows. */
void call_walk_run(const struct program *p, size_t unit, size_t index, call_walk_visit *visit,
		   void *data);
/* Visits the definition a call to `callee` from unit `from` reaches, unless
 * no body is visible, it was visited already or the walk is at its depth. */
void call_walk_follow(struct call_walk *w, const char *callee, size_t from);

#endif
