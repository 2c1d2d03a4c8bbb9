/* SPDX-License-Identifier: Apache-2.0 */
/* What the kinds about structures prepared for a call share between
 * prepared.c, storeinit.c and nonpnp.c: their params and how they tell
 * variables, uses and init calls apart. */
#ifndef ENTRYCHECK_KINDS_PREPARED_H
#define ENTRYCHECK_KINDS_PREPARED_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "base/strvec.h"
#include "eval/history.h"
#include "rules/kind.h"

/* The params of the kinds of prepared.c, storeinit.c and nonpnp.c, compiled
 * once per rule. ("fields", whose shape differs between the kinds, is read
 * from the params when a use is judged: once per use, not per event.) */
struct prepared_params {
	struct strvec use_calls;   /* "use": {"calls", "arg"} */
	int use_arg;
	struct strvec init_calls;
	bool zeroed;
	const char *init_call;
	int add_arg;               /* wdf-nonpnp */
	const char *add_field, *flags_field, *nonpnp_flag, *unload_field;
	struct strvec unless_flags;
	unsigned problems;         /* NP_REPORT_*: which mistakes the rule reports */
	struct strvec fields;      /* every field the rule names: only stores to those matter */
};

/* wdf-nonpnp's "report": the mistakes a rule reports, by name; without it,
 * the two of WDF007 (the third, NonPnp with a device-add callback, makes
 * WdfDriverCreate fail and is a rule of its own). */
enum { NP_REPORT_PNP_NO_ADD = 1, NP_REPORT_NONPNP_NO_UNLOAD = 2, NP_REPORT_NONPNP_WITH_ADD = 4 };

/* kinds/prepared.c: params, and the events and calls a rule judges */

void *prepared_params_compile(const cJSON *params, const struct rule_extras *extras);
void prepared_params_release(void *compiled);
/* A call of "init_calls", or (with `or_init_call`) the "init_call". */
bool prepared_is_init_call(const struct check *c, const struct cfg_call *call, bool or_init_call);
/* The use and init calls, zeroings and stores to members. */
bool prepared_struct_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e);
/* prepared_struct_relevant, and of the stores only those to a field the rule names. */
bool prepared_fields_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e);
/* A call of the rule's "use", and the argument of it the rule judges. */
bool prepared_use_call(const struct check *c, const struct cfg_call *call);
int prepared_use_arg(const struct check *c);
/* The call of history item `it` when it is the rule's use call, else NULL. */
const struct cfg_call *prepared_use_at(const struct check *c, const struct hist_item *it);
/* What the invisible call at `it` adds to a sum of the names it is given
 * that some use is given too (`roots`: kinds/given.c), each name once over a
 * path (`seen`). */
struct given_roots;
struct u64set;
unsigned long long prepared_hidden_names(const struct given_roots *roots, const struct hist_item *it,
					 struct u64set *seen);

/* kinds/given.c: variables told apart */

/* The same variable: same root name and frame (or both globals); a store
 * through a helper's pointer parameter writes the caller's variable. */
bool given_same_variable(const struct hist_item *a, const char *root_a, bool global_a,
			 const struct hist_item *b, const char *root_b, bool global_b);
/* given_same_variable's variable as a number: equal for the same variable
 * (and, rarely, for two others). `*name` gets the root it resolves to. */
unsigned long long given_variable_id(const struct hist_item *it, const char *root, bool global,
				     const char **name);
/* The names of the variables given as argument `arg` to a call `wanted`
 * accepts, in every function DriverEntry reaches; worked out once per check
 * (memoized under `memo_key`). */
const struct given_roots *given_roots(const struct check *c, const void *memo_key,
				      bool (*wanted)(const struct check *c, const struct cfg_call *call), int arg);
bool given_roots_has(const struct given_roots *r, const char *name);

#endif
