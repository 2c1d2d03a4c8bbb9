/* The functions of a whole run, indexed by name, and the rule that decides
 * which definition a call reaches: the same file first, then the files of the
 * same directory (one driver's sources), then the only definition in the run. */
#ifndef ENTRYCHECK_PROGRAM_H
#define ENTRYCHECK_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>

struct unit_facts;
struct function_facts;
struct global_facts;

struct program {
	const struct unit_facts *units;   /* borrowed */
	size_t nunits;
	struct definition *defs;          /* every function definition, sorted by name */
	size_t ndefs;
};

void program_build(struct program *p, const struct unit_facts *units, size_t nunits);
/* Finds the definition a call to `name` from unit `from` reaches; returns
 * false when no body is visible (or several are and none is nearer). */
bool program_resolve(const struct program *p, const char *name, size_t from, size_t *unit,
		     size_t *index);
const struct function_facts *program_function(const struct program *p, size_t unit, size_t index);
/* The file-scope variable `name` with an initializer, as seen from unit
 * `from`: its own file first, then the files of its directory; or NULL. */
const struct global_facts *program_global(const struct program *p, size_t from, const char *name);
void program_release(struct program *p);

#endif
