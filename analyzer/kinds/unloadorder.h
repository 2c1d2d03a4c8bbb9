/* SPDX-License-Identifier: Apache-2.0 */
/* The order of two teardown calls in an unload routine: a minifilter's
 * FilterUnloadCallback must close its communication server port before it
 * calls FltUnregisterFilter, or the unload can hang. Read from the routine's
 * graph and the helpers it calls, by reachability: a call of `first` that a
 * call of `then` can be followed by, in the same block or a block reachable
 * from it. Also whether a routine calls one of a list, through its helpers
 * (the teardown kind's registrations ask it too). */
#ifndef ENTRYCHECK_KINDS_UNLOADORDER_H
#define ENTRYCHECK_KINDS_UNLOADORDER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"
#include "eval/history.h"

struct unload_order {
	const struct cfg_call *then_call, *first_call;
	struct cfg_loc then_loc;      /* the call of `then` made too early */
	struct cfg_loc top_loc;       /* the unload routine's own call that leads to it (itself, when
				       * the routine makes it), and its callee */
	const char *top_name;
	const char *then_name;
	const char *then_function;    /* the function that makes it */
	struct cfg_loc first_loc;     /* the call of `first` that can follow it */
	const char *first_name;
};

/* A test of one call (made in `unit`): whether it is one a search looks for.
 * It may keep what it matched in `data`: the later tests of a search see it. */
struct call_test {
	bool (*match)(const struct check *c, size_t unit, const struct cfg_call *call, void *data);
	void *data;
	/* Where the search puts, before each `then` test, the global object
	 * whose method the call is in ("g_Table." for `this->` in
	 * g_Table.Drop()), or NULL: none, or not wanted. */
	const char **object;
};

/* Whether function `name` (seen from `unit`), or a helper it calls, up to
 * `depth` levels below 6, calls one of `names`; the first such call's
 * location and name to `at` and `which` (either may be NULL). `seen`: the
 * functions already looked at, each once. */
/* Whether routine `name`, or a helper it calls, calls a variant of one of
 * `releases` that is none of them (PsSetCreateProcessNotifyRoutine where
 * PsSetCreateProcessNotifyRoutineEx was due: names equal once a trailing
 * "Ex", "Ex2" or digit is taken off); where, and which. */
bool kinds_routine_calls_variant(const struct check *c, const char *name, size_t unit,
				 const struct strvec *releases, struct cfg_loc *at, const char **which);
bool kinds_routine_calls(const struct check *c, const char *name, size_t unit, const struct strvec *names,
			 unsigned depth, struct strvec *seen, struct cfg_loc *at, const char **which);

/* Whether function `index` of `unit` (or a helper it calls, up to 6 levels)
 * calls one of `then` and can call one of `first` after it, with no call of
 * `first` that can come before it (a routine that closes the port,
 * unregisters, then closes it again under a guard kept the order); the first
 * such pair found goes to `out`. */
bool kinds_unload_order(const struct check *c, size_t unit, size_t index, const struct strvec *then,
			const struct strvec *first, struct unload_order *out);
/* The same with tests: `then` is asked first, and `first` is asked about the
 * calls before and after the one it matched. */
bool kinds_unload_order_by(const struct check *c, size_t unit, size_t index, const struct call_test *then,
			   const struct call_test *first, struct unload_order *out);
/* Whether function `index` of `unit` (or a helper it calls) calls one of
 * `then` that no call of `after` can follow, in the routine or in what its
 * callers do next (a timer cancelled, and no KeFlushQueuedDpcs after it);
 * the first such call to `out` (its `first_call` NULL). */
bool kinds_unload_unfollowed(const struct check *c, size_t unit, size_t index, const struct call_test *then,
			     const struct call_test *after, struct unload_order *out);

#endif
