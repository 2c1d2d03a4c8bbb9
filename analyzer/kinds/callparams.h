/* SPDX-License-Identifier: Apache-2.0 */
/* The params the call kinds share (kinds/calls.c, kinds/lost.c), and what
 * they make of one call. */
#ifndef ENTRYCHECK_KINDS_CALLPARAMS_H
#define ENTRYCHECK_KINDS_CALLPARAMS_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "eval/history.h"
#include "kinds/surely.h"
#include "rules/kind.h"
#include "base/strvec.h"

/* The params of the call kinds, compiled once per rule; each kind reads the
 * members its schema has. */
struct call_params {
	struct strvec calls;       /* "calls" */
	struct strvec after;       /* "after" */
	struct strvec since;       /* "since" */
	struct strvec unwinds;     /* "unwinds": a failure counts only when one of these follows it */
	struct strvec variants;    /* "variants": other names of "call" (versioned DDIs) */
	const char *call;          /* "call", or NULL */
	bool success_returns_only; /* "paths": "success-returns" */
	bool own_helpers;          /* "own_helpers": the driver's functions that can fail count too */
	bool new_expr;             /* "new_expr": a C++ `new` that gave NULL is a failed step too */
	bool one_enough;           /* "one_enough": a path on which one of "calls" succeeded has what
				    * they make (a driver registered with NDIS twice, the second
				    * registration optional): a failure of another is not judged */
	/* "unless_arg": calls whose argument `index` (1-based) is a constant of the
	 * given truth are not judged (PsSetCreateProcessNotifyRoutine(fn, TRUE)
	 * removes a registration: its status is ignored by design). */
	struct unless_arg {
		struct strvec calls;
		int index;
		bool truthy;
	} *unless;
	size_t nunless;
	/* "unless_fits": copies whose source (argument `index`) is a string
	 * literal that fits the destination's size (argument `count`, in units
	 * of `unit` bytes per character) cannot fail: RtlStringCchCopyA(buf,
	 * sizeof(buf), "idle") returns STATUS_SUCCESS. */
	struct unless_fits {
		struct strvec calls;
		int index, count, unit;
	} *fits;
	size_t nfits;
	/* "unless_sized", "unless_fresh_handle": exemptions from facts the
	 * path gives (kinds/surely.h). */
	struct surely surely;
};

/* callparams.c */
void *call_params_compile(const cJSON *params, const struct rule_extras *extras);
void call_params_release(void *compiled);
/* Whether the call cannot fail as the rule reads it: a routine that cannot
 * fail with these arguments, an "unless_fits" copy of a literal that fits,
 * an "unless_arg" constant. */
bool call_params_exempted(const struct call_params *cp, const struct cfg_call *call);
/* Whether event `e` calls one of the rule's calls, not exempted. */
bool call_params_listed(const struct check *c, const struct cfg *g, const struct cfg_event *e);
/* What a call is to these kinds, worked out once per call (summaries replay
 * every call of a path at each of its nodes): CALL_* bits. */
enum { CALL_JUDGED = 1, CALL_UNWINDS = 2, CALL_CONTEXT = 4 };
unsigned call_params_flags(const struct check *c, const struct cfg_call *call);

#endif
