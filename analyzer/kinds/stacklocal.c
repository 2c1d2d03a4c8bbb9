/* SPDX-License-Identifier: Apache-2.0 */
/* The local-kept kind: a registration that keeps the memory it is given
 * until it is undone (a bug-check callback record, a timer set to fire, a
 * lookaside list or ERESOURCE on the system's lists) must not be given a
 * local variable of a function that returns while it is still registered:
 * the system then walks a stack frame that is gone. Judged on the path: the
 * keeping call given the address of a local (not a static, not through a
 * pointer), or a helper's parameter every call of the helper gives the
 * address of its caller's local, not known to have failed, and no undoing
 * call after it before DriverEntry returns. A keeper that is itself a local
 * (a KDPC on the stack) is gone with the frame and keeps nothing. */
#include <stdlib.h>
#include <string.h>

#include "kinds/shared.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/strvec.h"

struct keeper {
	struct strvec calls;     /* the registrations */
	int arg;                 /* 1-based: the memory they keep */
	const char *field;       /* or: what this member of the structure at arg points to
				  * (OB_CALLBACK_REGISTRATION.RegistrationContext) */
	struct strvec release;   /* the calls that undo them */
	bool always;             /* they cannot fail (KeSetTimer's result is no status) */
	int holder;              /* 1-based, 0 for none: the object that keeps the memory,
				  * which keeps nothing past its own frame when it is a local
				  * too (a KDPC on the stack and its DeferredContext) */
};

struct kept_params {
	struct keeper *keepers;
	size_t n;
};

static void *kept_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct kept_params *kp = alloc_zeroed(1, sizeof(*kp));
	const cJSON *k;
	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(params, "keeps")) {
		kp->keepers = alloc_resize(kp->keepers, (kp->n + 1) * sizeof(*kp->keepers));
		struct keeper *e = &kp->keepers[kp->n++];
		memset(e, 0, sizeof(*e));
		kinds_names_compile(&e->calls, cJSON_GetObjectItemCaseSensitive(k, "calls"));
		kinds_names_compile(&e->release, cJSON_GetObjectItemCaseSensitive(k, "release"));
		e->arg = kinds_param_int(k, "arg", 1);
		e->field = kinds_param_string(k, "field");
		e->always = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(k, "always"));
		e->holder = kinds_param_int(k, "holder", 0);
	}
	return kp;
}

static void kept_release(void *compiled)
{
	struct kept_params *kp = compiled;
	for (size_t i = 0; i < kp->n; i++) {
		strvec_clear(&kp->keepers[i].calls);
		strvec_clear(&kp->keepers[i].release);
	}
	free(kp->keepers);
	free(kp);
}

static bool kept_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct kept_params *kp = c->compiled;
	const struct cfg_call *call = event_call(g, e);
	for (size_t i = 0; call && i < kp->n; i++)
		if (kinds_call_listed(call, &kp->keepers[i].calls) || kinds_call_listed(call, &kp->keepers[i].release))
			return true;
	return false;
}

/* The local variable whose address argument `arg` of `call` is, or NULL. */
static const struct cfg_place *local_given(const struct cfg_call *call, int arg)
{
	if (arg < 1 || (size_t)arg > call->nargs)
		return NULL;
	const struct cfg_value *v = &call->args[arg - 1];
	const struct cfg_place *p = &v->place;
	/* `&ext->Lock` is memory the pointer leads to, not the local itself. */
	if (v->kind != VALUE_ADDRESS || !p->root || p->root_is_global || p->root_is_param || p->root_is_this ||
	    p->deref || !p->path || strstr(p->path, "->"))
		return NULL;
	return p;
}

/* The local whose address every store of `g` into member `field` of the
 * structure at argument `arg` of `call` gives it (reg.RegistrationContext
 * = &settings), or NULL: none, or one that stores something else. */
static const struct cfg_place *local_in_member(const struct cfg *g, const struct cfg_call *call, int arg,
					       const char *field)
{
	if (arg < 1 || (size_t)arg > call->nargs || call->args[arg - 1].kind != VALUE_ADDRESS)
		return NULL;
	const char *holder = call->args[arg - 1].place.path;
	const struct cfg_place *found = NULL;
	for (size_t b = 0; holder && b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			const struct cfg_place *t = &ev->target;
			if (ev->kind != EVENT_STORE || !t->field || strcmp(t->field, field) || !t->path ||
			    strncmp(t->path, holder, strlen(holder)) || t->path[strlen(holder)] != '.')
				continue;
			const struct cfg_value *v = &ev->value;
			const struct cfg_place *p = &v->place;
			if (v->kind != VALUE_ADDRESS || !p->root || p->root_is_global || p->root_is_param ||
			    p->root_is_this || p->deref || !p->path || strstr(p->path, "->") ||
			    (found && strcmp(found->path, p->path)))
				return NULL;
			found = p;
		}
	return found;
}

/* The parameter of `g` a value is, as a whole (`Policy`, not `Policy->X`): its index, or -1. */
static int whole_param(const struct cfg_value *v)
{
	const struct cfg_place *p = &v->place;
	bool whole = v->kind == VALUE_PLACE && p->root_is_param && !p->deref && !p->field && !p->index &&
		     (!p->path || !strcmp(p->path, p->root));
	return whole ? p->param_index : -1;
}

/* The parameter a keeping call is given as the memory kept: the argument
 * itself, or the value every store into the member gives (reg.RegistrationContext
 * = Policy); -1 when it is no parameter. */
static int param_kept(const struct cfg *g, const struct cfg_call *call, const struct keeper *k)
{
	if (k->arg < 1 || (size_t)k->arg > call->nargs)
		return -1;
	if (!k->field)
		return whole_param(&call->args[k->arg - 1]);
	if (call->args[k->arg - 1].kind != VALUE_ADDRESS)
		return -1;
	const char *holder = call->args[k->arg - 1].place.path;
	int found = -1;
	for (size_t b = 0; holder && b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			const struct cfg_place *t = &ev->target;
			if (ev->kind != EVENT_STORE || !t->field || strcmp(t->field, k->field) || !t->path ||
			    strncmp(t->path, holder, strlen(holder)) || t->path[strlen(holder)] != '.')
				continue;
			int at = whole_param(&ev->value);
			if (at < 0 || (found >= 0 && found != at))
				return -1;
			found = at;
		}
	return found;
}

/* The local of its caller that every call of a helper DriverEntry reaches
 * gives its parameter `param` (GuardRegister(&policy, ...)); NULL when a
 * call gives something else. Worked out once per helper and parameter. */
struct caller_local {
	const char *helper;
	int param;
	const struct cfg_place *local;
	const char *function;     /* the caller, whose local it is */
	struct cfg_loc at;        /* the call giving its address */
	bool other;
};

static void find_caller_local(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			      void *data)
{
	(void)c;
	(void)unit;
	struct caller_local *cl = data;
	const struct cfg_call *call = event_call(g, e);
	if (!call || !call->callee || strcmp(call->callee, cl->helper))
		return;
	const struct cfg_place *p = local_given(call, cl->param + 1);
	if (!p || (cl->local && strcmp(cl->local->path, p->path)))
		cl->other = true;
	cl->local = p;
	cl->function = g->function;
	cl->at = call->loc;
}

static const struct caller_local *caller_local(const struct check *c, const struct cfg *helper, int param)
{
	/* keyed by the helper's parameter: one slot per (cfg, index) */
	void **slot = ptrmap_slot(c->memo, &helper->params[param]);
	if (!*slot) {
		struct caller_local *cl = alloc_zeroed(1, sizeof(*cl));
		cl->helper = helper->function;
		cl->param = param;
		kinds_visit_events(c, find_caller_local, cl);
		slot = ptrmap_slot(c->memo, &helper->params[param]); /* the visit's lookups may have moved it */
		*slot = cl; /* the memo frees what it holds */
	}
	const struct caller_local *cl = *slot;
	return cl->local && !cl->other ? cl : NULL;
}

/* Whether a later item of the path undoes the registration of item `at`:
 * a call of the keeper's release given the same variable (or a pointer to
 * it kept elsewhere: any release, as the path cannot tell it apart). */
static bool undone_later(const struct path *p, size_t at, const struct keeper *k)
{
	for (size_t j = at + 1; j < p->len; j++) {
		const struct hist_item *it = &p->items[j];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		if (call && kinds_call_listed(call, &k->release))
			return true;
	}
	return false;
}

static void kept_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = eval_path_return(p);
	if (!ret)
		return;
	const struct kept_params *kp = c->compiled;
	struct revealed r;
	revealed_of_path(&r, p);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		for (size_t k = 0; call && k < kp->n; k++) {
			const struct keeper *kk = &kp->keepers[k];
			bool listed = kinds_call_listed(call, &kk->calls);
			const struct cfg_place *local = !listed ? NULL
							: kk->field ? local_in_member(it->g, call, kk->arg, kk->field)
								    : local_given(call, kk->arg);
			const char *owner = it->g->function;
			int param = listed && !local ? param_kept(it->g, call, kk) : -1;
			const struct caller_local *cl = param >= 0 && (size_t)param < it->g->nparams
								? caller_local(c, it->g, param) : NULL;
			if (cl) { /* a helper given the address of its caller's local */
				local = cl->local;
				owner = cl->function;
			}
			if (!local || (kk->holder && local_given(call, kk->holder)) ||
			    (!kk->always && revealed_outcome(&r, it->site) == OUTCOME_FAILURE) ||
			    undone_later(p, i, kk))
				continue;
			const char *vars[] = { "call", call->callee, "var", local->path ? local->path : local->root,
					       "function", owner, NULL };
			char *given = cl ? alloc_printf("gives the address of '%s' here", local->path) : NULL;
			eval_add_finding(c, call->loc, it->g->function, p, cl ? &cl->at : NULL, given, vars);
			free(given);
		}
	}
	revealed_release(&r);
}

static bool kept_may_report(const struct check *c)
{
	const struct kept_params *kp = c->compiled;
	for (size_t i = 0; i < kp->n; i++)
		if (kinds_program_calls(c, &kp->keepers[i].calls))
			return true;
	return false;
}

static const struct kind_ops kept_ops = {
	.may_report = kept_may_report,
	.relevant = kept_relevant,
	.check_path = kept_path,
	.summary = kinds_ordered_outcomes_summary,
};

const struct kind kind_local_kept = {
	.name = "local-kept",
	.placeholders = (const char *const[]){ "call", "var", "function", NULL },
	.compile = kept_compile,
	.release = kept_release,
	.ops = &kept_ops,
};
