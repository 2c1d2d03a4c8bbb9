/* SPDX-License-Identifier: Apache-2.0 */
/* What the kinds about structures prepared for a call share between
 * prepared.c and storeinit.c: their params and how they tell variables and
 * init calls apart. */
#ifndef ENTRYCHECK_KINDS_PREPARED_H
#define ENTRYCHECK_KINDS_PREPARED_H

#include <stdbool.h>

#include "eval/kind.h"
#include "rules/kind.h"

void *prepared_params_compile(const cJSON *params, const struct rule_extras *extras);
void prepared_params_release(void *compiled);
/* The same variable: same root name and frame (or both globals); a store
 * through a helper's pointer parameter writes the caller's variable (given.c,
 * as the rest of this section). */
bool same_var(const struct hist_item *a, const char *root_a, bool global_a, const struct hist_item *b,
	      const char *root_b, bool global_b);
/* same_var's variable as a number: equal for the same variable (and,
 * rarely, for two others). `*name` gets the root it resolves to. */
unsigned long long var_id(const struct hist_item *it, const char *root, bool global, const char **name);
/* The names of the variables given as argument `arg` to a call `wanted`
 * accepts, in every function DriverEntry reaches; worked out once per check
 * (memoized under `memo_key`). */
struct given_roots;
const struct given_roots *given_roots(const struct check *c, const void *memo_key,
				      bool (*wanted)(const struct check *c, const struct cfg_call *call), int arg);
bool given_roots_has(const struct given_roots *r, const char *name);
/* A call of "init_calls", or (with `or_init_call`) the "init_call". */
bool is_init_call(const struct check *c, const struct cfg_call *call, bool or_init_call);
/* The use and init calls, zeroings and stores to members. */
bool struct_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e);

#endif
