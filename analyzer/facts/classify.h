/* SPDX-License-Identifier: Apache-2.0 */
/* Classifying each DriverEntry into driver models (facts/models.h) from what
 * it and the helpers it calls do (across the files of one run) and from the
 * headers its file includes. */
#ifndef ENTRYCHECK_CLASSIFY_H
#define ENTRYCHECK_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"
#include "facts/models.h"

struct unit_facts;
struct program;

struct entry_point {
	char *path;             /* absolute */
	char *file;             /* as shown to the user */
	unsigned line, column;
	char *function;
	model_set models;
	const char *models_from;  /* "code" (classified), "project" (its build file),
				   * "configuration" or "option" (--model) */
	bool analyzable;
	bool incomplete;          /* an evaluation budget ended before every path was checked */
	struct strvec assumed;  /* declarations synthesized for it: "NAME (what)"; analyzable
				 * with assumptions ("degraded") when not empty */
	unsigned diagnostics;
	char *first_error;      /* why it is not analyzable, or NULL */
	bool unformed;          /* found in the text only (facts/entry.h) */
	size_t unit, index;     /* where its facts are: units[unit].functions[index], or
				 * ENTRY_NO_UNIT once they are released */
};

#define ENTRY_NO_UNIT ((size_t)-1)

struct entry_list {
	struct entry_point *items;
	size_t len, cap;
};

/* Finds every DriverEntry of the program and classifies it; `override`, when
 * not 0, replaces the classification. Entries come sorted by file and line. */
void classify_entries(const struct program *p, model_set override, struct entry_list *out);
void entry_list_release(struct entry_list *list);
/* Sorts by file and line and keeps one entry per place (the analyzable one):
 * a source file included by another input defines its entries twice. */
void entry_list_sort(struct entry_list *list);
/* Releases what one entry point owns (entry_list_release does it for all). */
void entry_point_release(struct entry_point *e);
/* "analyzable", "degraded" (analyzable thanks to synthesized declarations)
 * or "not-analyzable". */
const char *entry_analyzability(const struct entry_point *e);

#endif
