/* SPDX-License-Identifier: Apache-2.0 */
/* What the rule loader knows of a rule kind: its name, the placeholders its
 * messages may use and the step that compiles a rule's params into the
 * kind's own C struct. The kinds themselves, and the one table of them, live
 * in analyzer/kinds (kinds/table.h); run/ hands that table to the loader, so
 * the rule set depends on this interface only, never on a kind. */
#ifndef ENTRYCHECK_RULES_KIND_H
#define ENTRYCHECK_RULES_KIND_H

#include <stdbool.h>
#include <stddef.h>

struct cJSON;
struct kind_ops; /* the evaluator's callbacks: eval/history.h */

/* What the configuration adds to the rules' params, given to every compile
 * (settings as data: the rule set's documents are never changed). */
struct rule_extras {
	const struct cJSON *cleanup_pairs; /* .entrycheck.json "pairs", or NULL */
	const struct cJSON *shared_pairs;  /* the "pairs" of the rule named by the params'
					    * "pairs_of", or NULL */
};

struct kind {
	const char *name;            /* "cleanup-on-failure", as rules name it */
	/* The placeholders the kind fills besides {function}, {line} and {file};
	 * NULL-terminated. */
	const char *const *placeholders;
	/* Optional: turns `params` (already valid against the kind's schema in
	 * rules/schema.json) into the kind's typed params, once per rule at load
	 * time, with what the configuration adds (`extras` is never NULL). The
	 * result may point into `params`, which lives as long as the rule set;
	 * `release` frees it. */
	void *(*compile)(const struct cJSON *params, const struct rule_extras *extras);
	void (*release)(void *compiled);
	const struct kind_ops *ops;
};

/* Every kind the program has, in one array. */
struct kind_table {
	const struct kind *const *items;
	size_t len;
};

/* The kind named `name`, or NULL. */
const struct kind *kind_table_find(const struct kind_table *table, const char *name);

/* Whether messages of `kind` may use `placeholder` (including the three
 * every kind fills). */
bool kind_provides(const struct kind *kind, const char *placeholder);

#endif
