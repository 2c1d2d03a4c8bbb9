/* SPDX-License-Identifier: Apache-2.0 */
/* Rule kind lost-at-return: a function returns while one of its own local
 * variables still holds what an acquisition of the rule's pairs put there
 * (a pool block, a handle, an object reference), so that nothing can
 * release it any more: `info = ExAllocatePoolWithTag(...)`, then a failed
 * ZwQueryValueKey and `return status;` in a helper whose other paths free
 * `info`.
 *
 * The finding rests on facts of the function itself, not on a guess about
 * its callers: the function releases that variable with the pair's release
 * on some path (it owns what the variable holds), never takes its address
 * but for the acquisition, and on the path reported the acquisition is
 * known to have succeeded and the variable was neither released nor handed
 * on: not stored, not returned, not given to a call that might keep it (any
 * call but the rule's `readers`, which read or fill what they are given).
 * A path on which DriverEntry returns failure is DE006's: there the finding
 * is at DriverEntry's return. A helper the path may run more than once (in
 * a loop) is not judged: its variable stands for another object each run. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/str.h"
#include "base/map.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "kinds/pairs.h"
#include "kinds/shared.h"

struct leaked_params {
	struct pair_list list;
	struct strvec readers;     /* calls that use what they are given without keeping it */
};

static void *leaked_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct leaked_params *lp = alloc_zeroed(1, sizeof(*lp));
	pairs_compile(&lp->list, cJSON_GetObjectItemCaseSensitive(params, "pairs"), false);
	kinds_names_compile(&lp->readers, cJSON_GetObjectItemCaseSensitive(params, "readers"));
	return lp;
}

static void leaked_release(void *compiled)
{
	struct leaked_params *lp = compiled;
	if (!lp)
		return;
	pairs_release(&lp->list);
	strvec_clear(&lp->readers);
	free(lp);
}

/* A plain local of the function: no member, subscript or dereference. */
static bool plain_local(const struct cfg_place *p)
{
	return p && p->root && p->path && !strcmp(p->root, p->path) && !p->field && !p->deref && !p->index &&
	       !p->root_is_global && !p->root_is_param && !p->root_is_this && !p->escapes;
}

/* The variable `v` names (itself, or its address), or NULL. */
static const char *value_root(const struct cfg_value *v)
{
	if (v->kind != VALUE_PLACE && v->kind != VALUE_ADDRESS)
		return NULL;
	return v->place.root;
}

/* Whether expression text `text` names `var` other than to read a member
 * through it (`(PUCHAR)info + 4`, not `info->DataLength`). */
static bool text_hands_on(const char *text, const char *var)
{
	size_t n = strlen(var);
	for (const char *t = text ? strstr(text, var) : NULL; t; t = strstr(t + 1, var)) {
		if ((t > text && str_ident_char(t[-1])) || str_ident_char(t[n]))
			continue;
		if (!strncmp(t + n, "->", 2) || t[n] == '.' || t[n] == '[')
			continue;
		return true;
	}
	return false;
}

/* Whether `v` hands on what variable `var` holds: the variable itself, its
 * address, the address of something inside what it points to (&var->Link),
 * or an expression built on it that the graph does not model; reading a
 * member (var->Length) hands on nothing. */
static bool hands_on(const struct cfg_value *v, const char *var)
{
	for (size_t k = 0; k < v->nalts; k++)
		if (hands_on(&v->alts[k], var))
			return true;
	const char *root = value_root(v);
	/* A call's value is judged at the call, by its arguments. */
	if (!root)
		return v->kind != VALUE_CONSTANT && v->kind != VALUE_STRING && v->kind != VALUE_FUNCTION &&
		       v->kind != VALUE_CALL && text_hands_on(v->text, var);
	if (strcmp(root, var))
		return false;
	if (v->kind == VALUE_ADDRESS)
		return true;
	return !v->place.field && !v->place.deref && !v->place.index;
}

/* The locals of `g` the rule judges, each once: filled by an acquisition
 * of a pair into a plain local, released by the pair's release given that
 * local somewhere in `g`, and whose address `g` takes nowhere else. One
 * block (the memo frees it whole); the names are the graph's own strings. */
struct owned {
	size_t n;
	struct { const char *var; size_t pair; } items[];
};

static bool releases_var(const struct cfg *g, const struct cleanup_pair *pair, const char *var)
{
	for (size_t k = 0; k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		if (!pairs_call_releases(pair, call))
			continue;
		for (size_t a = 0; a < call->nargs; a++) {
			const char *root = value_root(&call->args[a]);
			if (root && !strcmp(root, var) && !call->args[a].place.field)
				return true;
		}
	}
	return false;
}

/* Whether `g` takes the address of `var` other than as the argument an
 * acquisition of the list fills, or a reader's. */
static bool address_taken(const struct leaked_params *lp, const struct cfg *g, const char *var)
{
	for (size_t k = 0; k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		size_t handle = 0;
		for (size_t i = 0; i < lp->list.len && !handle; i++)
			if (pairs_call_acquires(&lp->list.items[i], call))
				handle = pairs_handle_arg(&lp->list.items[i], call);
		for (size_t a = 0; a < call->nargs; a++) {
			const struct cfg_value *v = &call->args[a];
			if (v->kind == VALUE_ADDRESS && v->place.root && !strcmp(v->place.root, var) &&
			    !v->place.field && a + 1 != handle && !kinds_call_listed(call, &lp->readers))
				return true;
		}
	}
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if (ev->kind != EVENT_CALL && ev->value.kind == VALUE_ADDRESS && ev->value.place.root &&
			    !strcmp(ev->value.place.root, var))
				return true;
		}
	return false;
}

static bool owned_has(const struct owned *o, const char *var)
{
	for (size_t k = 0; var && k < o->n; k++)
		if (!strcmp(o->items[k].var, var))
			return true;
	return false;
}

static const struct owned *owned_of(const struct check *c, const struct cfg *g)
{
	const struct leaked_params *lp = c->compiled;
	/* Keyed by a member's address: only this kind's memo of the check asks. */
	void **slot = ptrmap_slot(c->memo, &g->ncalls);
	if (*slot)
		return *slot;
	struct owned *o = alloc_zeroed(1, sizeof(*o) + (g->ncalls + 1) * sizeof(o->items[0]));
	for (size_t k = 0; k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		for (size_t i = 0; i < lp->list.len; i++) {
			const struct cleanup_pair *pair = &lp->list.items[i];
			if (!pairs_call_acquires(pair, call))
				continue;
			const struct cfg_place *place = pairs_handle_place(pair, call);
			if (plain_local(place) && !owned_has(o, place->root) && releases_var(g, pair, place->root) &&
			    !address_taken(lp, g, place->root)) {
				o->items[o->n].var = place->root;
				o->items[o->n++].pair = i;
			}
			break;
		}
	}
	*ptrmap_slot(c->memo, &g->ncalls) = o;
	return o;
}

/* Whether `v` names one of the variables: as its root, or in text the
 * graph does not model. */
static bool mentions_owned(const struct owned *o, const struct cfg_value *v)
{
	if (owned_has(o, value_root(v)))
		return true;
	for (size_t k = 0; k < o->n; k++)
		if (hands_on(v, o->items[k].var))
			return true;
	return false;
}

static bool leaked_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct owned *o = owned_of(c, g);
	if (!o->n)
		return false;
	if (e->kind == EVENT_CALL) {
		const struct cfg_call *call = event_call(g, e);
		for (size_t a = 0; a < call->nargs; a++)
			if (mentions_owned(o, &call->args[a]))
				return true;
		return owned_has(o, call->result.root);
	}
	if (e->kind == EVENT_ASSIGN || e->kind == EVENT_STORE)
		return mentions_owned(o, &e->value) ||
		       (owned_has(o, e->target.root) && plain_local(&e->target));
	return false;
}

struct held {
	const struct hist_item *acquire;
	const struct cleanup_pair *pair;
	const char *var;
	unsigned frame;
	bool done;                 /* released, handed on, or judged */
};

static void report(const struct check *c, const struct path *p, const struct hist_item *leave,
		   const struct held *h)
{
	const struct cfg_call *acq = event_call(h->acquire->g, h->acquire->event);
	struct cfg_loc at = leave->event ? leave->event->loc : leave->g->end;
	char *release = kinds_names_joined(&h->pair->release, " or ");
	char *acquire_line = kinds_line_number_text(h->acquire->event->loc.line);
	const char *vars[] = { "var", h->var, "acquire", acq->callee ? acq->callee : acq->macro,
			       "acquire_line", acquire_line, "release", release, NULL };
	eval_add_finding(c, at, leave->g->function, p, &h->acquire->event->loc, "acquired here", vars);
	free(acquire_line);
	free(release);
}

/* Replays the path: what each frame's variables hold, and at each return
 * of a frame what it still held. `leak` is called for each such, `held`
 * (may be NULL) at the end for what is still held. */
typedef void leak_fn(const struct check *c, const struct path *p, const struct hist_item *leave,
		     const struct held *h, void *data);

static void leaked_replay(const struct check *c, const struct path *p, const struct revealed *r, leak_fn *leak,
			  leak_fn *still, void *data)
{
	const struct leaked_params *lp = c->compiled;
	struct held *held = alloc_zeroed(p->len + 1, sizeof(*held));
	size_t nheld = 0;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL || it->kind == HIST_OPAQUE
			? event_call(it->g, it->event) : NULL;
		/* What this item does to what the frame's variables hold. */
		for (size_t h = 0; h < nheld; h++) {
			struct held *hd = &held[h];
			if (hd->done || hd->frame != it->frame)
				continue;
			if (call) {
				for (size_t a = 0; a < call->nargs && !hd->done; a++) {
					const char *root = value_root(&call->args[a]);
					if ((!root || strcmp(root, hd->var)) && !hands_on(&call->args[a], hd->var))
						continue;
					/* Released; or handed to a call that may keep it. */
					if (pairs_call_releases(hd->pair, call) ||
					    (hands_on(&call->args[a], hd->var) && !kinds_call_listed(call, &lp->readers)))
						hd->done = true;
				}
				/* Assigned another call's result: what it held is no longer followed. */
				if (call->result.root && !strcmp(call->result.root, hd->var))
					hd->done = true;
			} else if (it->kind == HIST_STORE) {
				const struct cfg_event *e = it->event;
				/* `var = call()` is the call's: its item said what the call did. */
				if (hands_on(&e->value, hd->var) ||
				    (e->value.kind != VALUE_CALL && e->target.root && !strcmp(e->target.root, hd->var) &&
				     plain_local(&e->target)))
					hd->done = true;
			} else if (it->kind == HIST_LEAVE || (it->kind == HIST_RETURN && it->frame == 0)) {
				hd->done = true;
				bool returned = it->event && hands_on(&it->event->value, hd->var);
				if (!returned && revealed_outcome(r, hd->acquire->site) != OUTCOME_FAILURE)
					leak(c, p, it, hd, data);
			}
		}
		if (it->kind != HIST_CALL || (it->frame != 0 && eval_frame_may_rerun(p, it->frame)))
			continue;
		const struct owned *o = owned_of(c, it->g);
		for (size_t k = 0; k < o->n; k++) {
			const struct cleanup_pair *pair = &lp->list.items[o->items[k].pair];
			const struct cfg_place *place = pairs_call_acquires(pair, call) ? pairs_handle_place(pair, call) : NULL;
			if (place && place->root && !strcmp(place->root, o->items[k].var))
				held[nheld++] = (struct held){ it, pair, o->items[k].var, it->frame, false };
		}
	}
	for (size_t h = 0; h < nheld && still; h++)
		if (!held[h].done)
			still(c, p, NULL, &held[h], data);
	free(held);
}

/* A leak the path reports once it is known that the acquisition succeeded. */
static void report_leak(const struct check *c, const struct path *p, const struct hist_item *leave,
			const struct held *h, void *data)
{
	const struct revealed *r = data;
	if (revealed_outcome(r, h->acquire->site) == OUTCOME_SUCCESS)
		report(c, p, leave, h);
}

static void leaked_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = eval_path_return(p);
	if (!ret || ret->outcome == OUTCOME_FAILURE || p->widened)
		return;
	struct revealed r;
	revealed_of_path(&r, p);
	leaked_replay(c, p, &r, report_leak, NULL, &r);
	revealed_release(&r);
}

/* Each leak the path may yet report, and each acquisition still held, with
 * what is known of its outcome: paths that differ there do not merge. */
struct key_ctx {
	struct strbuf *key;
	const struct revealed *r;
};

static void key_held(const struct check *c, const struct path *p, const struct hist_item *leave,
		     const struct held *h, void *data)
{
	(void)c;
	(void)p;
	const struct key_ctx *k = data;
	struct strbuf *key = k->key;
	key_int(key, (unsigned long long)h->acquire->event->loc.line << 32 | h->acquire->event->loc.column << 16 |
			     h->frame);
	key_int(key, leave ? (unsigned long long)(leave->event ? leave->event->loc.line : leave->g->end.line) + 1
			   : 0);
	key_int(key, (unsigned long long)(h->acquire->site + 1) << 2 | revealed_outcome(k->r, h->acquire->site));
}

static void leaked_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	struct revealed r;
	revealed_of_path(&r, p);
	struct key_ctx k = { key, &r };
	leaked_replay(c, p, &r, key_held, key_held, &k);
	revealed_release(&r);
}

static const struct kind_ops lost_at_return_ops = {
	.relevant = leaked_relevant,
	.check_path = leaked_path,
	.summary = leaked_summary,
	.failure_returns_silent = true,
	.records_leaves = true,
};

const struct kind kind_lost_at_return = {
	.name = "lost-at-return",
	.placeholders = (const char *const[]){ "var", "acquire", "acquire_line", "release", NULL },
	.compile = leaked_compile,
	.release = leaked_release,
	.ops = &lost_at_return_ops,
};
