/* SPDX-License-Identifier: Apache-2.0 */
/* The frees-owned kind: a routine must not free what the system gave it to
 * keep, nor delete the object the system builds from it. EvtDriverDeviceAdd
 * is given the WDFDEVICE_INIT of the device (its parameter `param`); the
 * framework frees that structure itself, whether WdfDeviceCreate took it or
 * failed, and deletes the WDFDEVICE made from it when the routine fails, so
 * WdfDeviceInitFree of the one and WdfObjectDelete of the other are errors.
 * Judged over the events of the routine, where the parameter and the
 * object it makes are named: what the code does, on any path. */
#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "kinds/shared.h"
#include "base/alloc.h"

struct owned_params {
	int param;                 /* "param": the 1-based parameter the system owns */
	struct strvec frees;       /* "frees": calls that free it (their first argument) */
	struct strvec makers;      /* "makes": calls given its address as `make_arg`, */
	int make_arg, object_arg;  /* that give back the object they make through `object_arg` */
	struct strvec deletes;     /* "deletes": calls that delete that object (first argument) */
};

static void *owned_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct owned_params *op = alloc_zeroed(1, sizeof(*op));
	op->param = kinds_param_int(params, "param", 1);
	kinds_names_compile(&op->frees, cJSON_GetObjectItemCaseSensitive(params, "frees"));
	const cJSON *makes = cJSON_GetObjectItemCaseSensitive(params, "makes");
	kinds_names_compile(&op->makers, cJSON_GetObjectItemCaseSensitive(makes, "calls"));
	op->make_arg = kinds_param_int(makes, "given", 1);
	op->object_arg = kinds_param_int(makes, "object", 1);
	kinds_names_compile(&op->deletes, cJSON_GetObjectItemCaseSensitive(params, "deletes"));
	return op;
}

static void owned_release(void *compiled)
{
	struct owned_params *op = compiled;
	if (!op)
		return;
	strvec_clear(&op->frees);
	strvec_clear(&op->makers);
	strvec_clear(&op->deletes);
	free(op);
}

/* The path argument `a` (1-based) of `call` names, given as a value or by
 * address as `address` says; NULL when it names no place. */
static const char *arg_path(const struct cfg_call *call, int a, bool address)
{
	if (a < 1 || (size_t)a > call->nargs)
		return NULL;
	const struct cfg_value *v = &call->args[a - 1];
	if (v->kind != (address ? VALUE_ADDRESS : VALUE_PLACE) || !v->place.path)
		return NULL;
	return v->place.path;
}

static void report(const struct check *c, const struct cfg *g, const struct cfg_call *call, const char *what,
		   const struct cfg_loc *made)
{
	const char *vars[] = { "call", call->callee, "var", call->args[0].text ? call->args[0].text : "", "what", what,
			       NULL };
	eval_add_finding(c, call->loc, g->function, NULL, made, made ? "made here" : NULL, vars);
}

static void owned_entry(const struct check *c)
{
	const struct owned_params *op = c->compiled;
	const struct cfg *g = c->fn->cfg;
	if (!g || op->param < 1 || (size_t)op->param > g->nparams || !g->params[op->param - 1].name)
		return;
	const char *given = g->params[op->param - 1].name;
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_call *call = event_call(g, &g->blocks[b].events[e]);
			const char *freed = call && kinds_call_listed(call, &op->frees) ? arg_path(call, 1, false) : NULL;
			if (freed && !strcmp(freed, given))
				report(c, g, call, "what the system gave the routine is the system's to free", NULL);
			const char *deleted = call && kinds_call_listed(call, &op->deletes) ? arg_path(call, 1, false) : NULL;
			/* The object a maker made from the given structure. */
			for (size_t k = 0; deleted && k < g->ncalls; k++) {
				const struct cfg_call *maker = &g->calls[k];
				const char *from = kinds_call_listed(maker, &op->makers) ? arg_path(maker, op->make_arg, true) : NULL;
				const char *made = from && !strcmp(from, given) ? arg_path(maker, op->object_arg, true) : NULL;
				if (made && !strcmp(made, deleted)) {
					report(c, g, call, "the object made from what the system gave the routine is the system's to delete",
					       &maker->loc);
					break;
				}
			}
		}
}

static const struct kind_ops owned_ops = {
	.check_entry = owned_entry,
};

const struct kind kind_frees_owned = {
	.name = "frees-owned",
	.placeholders = (const char *const[]){ "call", "var", "what", NULL },
	.compile = owned_compile,
	.release = owned_release,
	.ops = &owned_ops,
};
