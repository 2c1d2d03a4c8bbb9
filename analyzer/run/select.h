/* SPDX-License-Identifier: Apache-2.0 */
/* Which inputs are worth parsing. Only files that name an entry point are
 * parsed first; then, round after round, the files that define what the
 * parsed entry points reach (helpers they call, initialized globals they
 * use) and no parsed file defines. Nothing else can change a finding. The
 * look at each file is textual (facts/textscan.h), so it errs on the side of
 * parsing: a file it cannot read is parsed (to report why). */
#ifndef ENTRYCHECK_SELECT_H
#define ENTRYCHECK_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"

struct input_set;
struct unit_facts;

struct selection {
	size_t n;
	bool *wanted;             /* per input: to be parsed */
	bool *names_entry;        /* per input: its text names an entry point */
	struct strvec *sources;   /* per input: the source files its text includes, by base
				   * name, until selection_want_includers */
	struct defined_name *index; /* every (name, input) the texts define, sorted by name */
	size_t nindex;
	struct strvec names;      /* the strings `index` points into */
	const struct input_set *inputs; /* borrowed: their scopes, once run/scope.h set them */
	bool *library;            /* per input: its driver folder holds no input naming an entry
				   * point (a library drivers beside it link); NULL until asked */
};

/* Scans every input and wants those that name an entry point
 * (`entry_names`: the run's besides DriverEntry, may be NULL; an input's
 * build file may name one more, for its files alone), or #include "quoted" a
 * header of their own directory that defines one. */
void selection_start(struct selection *s, const struct input_set *inputs, const struct strvec *entry_names);

/* Wants the inputs that include a source file of their own driver folder
 * (run/scope.h, set by now) that names an entry point: the entry point was
 * written to be compiled inside them. By base name, so only within the
 * folder: another driver's entry file of the same name is not this one's. */
void selection_want_includers(struct selection *s);

/* Wants no input whose `keep` is false for now (--shard): what the kept
 * entry points reach may still be wanted later, wherever it lies. */
void selection_restrict(struct selection *s, const bool *keep);

/* After a round of parsing gave `units`: wants every input in the caller's
 * driver folder (run/scope.h) that defines a name the entry points reach and
 * no unit defines: another driver's files are not parsed for it, so what is
 * parsed of one driver does not depend on the others in the run. Returns whether it wanted
 * any input it did not want before. */
bool selection_grow(struct selection *s, const struct unit_facts *units, size_t nunits);

void selection_release(struct selection *s);

#endif
