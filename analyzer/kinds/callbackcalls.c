/* SPDX-License-Identifier: Apache-2.0 */
/* The callback-must-call kind: a routine that DriverEntry (or a helper it
 * calls) hands to a registration call must itself call one of the rule's
 * calls, or a helper of its own must (a minifilter's port disconnect
 * callback closes the client port). A declaration kind: the routine is
 * judged over its graph and its helpers' graphs, by what they contain at
 * all; a routine that calls something whose body is not visible is not
 * judged (the call could have made it), so a finding rests on every call the
 * routine can make. Reported at the registration. */
#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/shared.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/strvec.h"

struct callback_params {
	struct strvec registers;   /* "registers": the registration calls */
	int arg;                   /* "arg": the routine they are given (1-based) */
	const char *role;          /* "role": what the routine is ("the port's disconnect callback") */
	struct strvec calls;       /* "calls": what the routine must call */
	int kept_arg, kept_param;  /* "kept": judged only when the routine given as argument
				    * `kept_arg` stores its parameter `kept_param` (1-based) */
};

static void *callback_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct callback_params *cp = alloc_zeroed(1, sizeof(*cp));
	kinds_names_compile(&cp->registers, cJSON_GetObjectItemCaseSensitive(params, "registers"));
	cp->arg = kinds_param_int(params, "arg", 0);
	cp->role = kinds_param_string(params, "role");
	kinds_names_compile(&cp->calls, cJSON_GetObjectItemCaseSensitive(params, "calls"));
	const cJSON *kept = cJSON_GetObjectItemCaseSensitive(params, "kept");
	cp->kept_arg = kinds_param_int(kept, "arg", 0);
	cp->kept_param = kinds_param_int(kept, "param", 0);
	return cp;
}

static void callback_release(void *compiled)
{
	struct callback_params *cp = compiled;
	strvec_clear(&cp->registers);
	strvec_clear(&cp->calls);
	free(cp);
}

/* What a routine's graph and its helpers' contain: one of the calls, or a
 * call whose target no file of the run shows. */
struct reading {
	bool calls, hidden;
	struct strvec seen;
};

static void read_function(const struct check *c, size_t unit, size_t index, unsigned depth, struct reading *r)
{
	const struct callback_params *cp = c->compiled;
	const struct function_facts *fn = program_function(c->prog, unit, index);
	char *key = alloc_printf("%zu:%zu", unit, index);
	bool seen = strvec_contains(&r->seen, key);
	if (!seen)
		strvec_push(&r->seen, key);
	free(key);
	if (seen || !fn->cfg)
		return;
	for (size_t k = 0; k < fn->cfg->ncalls && !r->calls; k++) {
		const struct cfg_call *call = &fn->cfg->calls[k];
		size_t u, i;
		if (kinds_call_listed(call, &cp->calls))
			r->calls = true;
		else if (!call->callee)
			r->hidden = true; /* through a pointer */
		else if (call->callee_in_system_header || call->imported)
			continue;
		else if (depth + 1 < PROGRAM_HELPER_DEPTH &&
			 program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &i))
			read_function(c, u, i, depth + 1, r);
		else
			r->hidden = true;
	}
}

/* Whether the routine the registration gives as argument `arg` stores its
 * parameter `param` (a connect callback keeping the client port it is
 * handed): what it keeps, the driver means to release. */
static bool keeps_param(const struct check *c, size_t unit, const struct cfg_call *reg, int arg, int param)
{
	size_t u, i;
	if (arg < 1 || (size_t)arg > reg->nargs || reg->args[arg - 1].kind != VALUE_FUNCTION ||
	    !program_resolve(c->prog, reg->args[arg - 1].name, unit, &u, &i))
		return false;
	const struct cfg *g = program_function(c->prog, u, i)->cfg;
	for (size_t b = 0; g && b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			const struct cfg_place *v = &ev->value.place;
			if ((ev->kind == EVENT_STORE || ev->kind == EVENT_ASSIGN) && ev->value.kind == VALUE_PLACE &&
			    v->root_is_param && v->param_index == param - 1 && !v->field && !v->deref)
				return true;
		}
	return false;
}

static void judge(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_call *reg,
		  struct strvec *judged)
{
	const struct callback_params *cp = c->compiled;
	const char *routine = reg->args[cp->arg - 1].name;
	size_t u, i;
	if (strvec_contains(judged, routine))
		return;
	strvec_push(judged, routine);
	if (cp->kept_arg && !keeps_param(c, unit, reg, cp->kept_arg, cp->kept_param))
		return;
	if (!program_resolve(c->prog, routine, unit, &u, &i))
		return; /* no body: a guess */
	struct reading r = { false, false, STRVEC_INIT };
	read_function(c, u, i, 0, &r);
	strvec_clear(&r.seen);
	if (r.calls || r.hidden)
		return;
	const struct function_facts *fn = program_function(c->prog, u, i);
	struct cfg_loc at = fn->cfg ? fn->cfg->loc : reg->loc;
	char *line = kinds_line_number_text(reg->loc.line);
	char *calls = kinds_names_joined(&cp->calls, " or ");
	const char *vars[] = { "routine", routine, "call", reg->callee, "call_line", line, "role",
			       cp->role ? cp->role : "the routine", "calls", calls, NULL };
	eval_add_finding(c, reg->loc, g->function, NULL, &at, "defined here", vars);
	free(calls);
	free(line);
}

/* The registrations in `g` and the helpers it calls, each function once. */
static void find_registrations(const struct check *c, size_t unit, const struct cfg *g, unsigned depth,
			       struct strvec *seen, struct strvec *judged)
{
	const struct callback_params *cp = c->compiled;
	if (!g || strvec_contains(seen, g->function))
		return;
	strvec_push(seen, g->function);
	for (size_t k = 0; k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		size_t u, i;
		if (kinds_call_listed(call, &cp->registers) && cp->arg >= 1 && (size_t)cp->arg <= call->nargs &&
		    call->args[cp->arg - 1].kind == VALUE_FUNCTION && call->args[cp->arg - 1].name)
			judge(c, unit, g, call, judged);
		else if (call->callee && !call->callee_in_system_header && depth < PROGRAM_HELPER_DEPTH &&
			 program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &i))
			find_registrations(c, u, program_function(c->prog, u, i)->cfg, depth + 1, seen, judged);
	}
}

static void callback_entry(const struct check *c)
{
	const struct callback_params *cp = c->compiled;
	if (!kinds_program_calls(c, &cp->registers))
		return;
	struct strvec seen = STRVEC_INIT, judged = STRVEC_INIT;
	find_registrations(c, c->entry->unit, c->fn->cfg, 0, &seen, &judged);
	strvec_clear(&seen);
	strvec_clear(&judged);
}

static const struct kind_ops callback_ops = {
	.check_entry = callback_entry,
};

const struct kind kind_callback_must_call = {
	.name = "callback-must-call",
	.placeholders = (const char *const[]){ "routine", "call", "call_line", "role", "calls", NULL },
	.compile = callback_compile,
	.release = callback_release,
	.ops = &callback_ops,
};
