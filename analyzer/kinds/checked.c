/* SPDX-License-Identifier: Apache-2.0 */
/* The rule kind checked-before-use: a pointer a call may leave NULL (its
 * result, or what it fills through an out argument) is used through before
 * the path tests it or the call's status. A C++ `new` whose allocation
 * fails gives NULL too, on the path the builder makes for that failure. */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/strbuf.h"
#include "base/strvec.h"

/* Calls that raise rather than return NULL when argument `arg` has a bit
 * of `mask` (POOL_FLAG_RAISE_ON_FAILURE, POOL_RAISE_IF_ALLOCATION_FAILURE). */
struct raising {
	struct strvec calls;
	int arg;
	long long mask;
};

struct checked_params {
	struct strvec calls;
	int out_arg;               /* 1-based; 0 with `result` */
	bool result;               /* the pointer is the call's result */
	bool new_expr;             /* a failed C++ `new` is such a call too */
	struct raising *raising;
	size_t nraising;
	struct strvec fills;       /* calls that write through their first argument */
	/* "after_failure": the object a call was to make through argument
	 * `out_arg`, used on a path that knows the call failed (given to any
	 * routine, or used through): what it holds is not an object. */
	bool after_failure;
	/* "outs": per call, the argument it makes its object through (instead
	 * of one `out_arg` for all of `calls`, which then lists them all). */
	struct strvec *out_calls;
	int *out_args;
	size_t nouts;
};

static void *checked_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct checked_params *cp = alloc_zeroed(1, sizeof(*cp));
	kinds_names_compile(&cp->calls, cJSON_GetObjectItemCaseSensitive(params, "calls"));
	cp->out_arg = kinds_param_int(params, "out_arg", 0);
	cp->result = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "result"));
	cp->new_expr = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "new"));
	kinds_names_compile(&cp->fills, cJSON_GetObjectItemCaseSensitive(params, "fills"));
	cp->after_failure = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "after_failure"));
	const cJSON *outs = cJSON_GetObjectItemCaseSensitive(params, "outs"), *o;
	cp->out_calls = alloc_zeroed((size_t)cJSON_GetArraySize(outs) + 1, sizeof(*cp->out_calls));
	cp->out_args = alloc_zeroed((size_t)cJSON_GetArraySize(outs) + 1, sizeof(*cp->out_args));
	cJSON_ArrayForEach(o, outs) {
		kinds_names_compile(&cp->out_calls[cp->nouts], cJSON_GetObjectItemCaseSensitive(o, "calls"));
		for (size_t k = 0; k < cp->out_calls[cp->nouts].len; k++)
			strvec_push(&cp->calls, cp->out_calls[cp->nouts].items[k]);
		cp->out_args[cp->nouts++] = kinds_param_int(o, "arg", 1);
	}
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(params, "raising"), *r;
	cp->raising = alloc_zeroed((size_t)cJSON_GetArraySize(list) + 1, sizeof(*cp->raising));
	cJSON_ArrayForEach(r, list) {
		struct raising *x = &cp->raising[cp->nraising++];
		kinds_names_compile(&x->calls, cJSON_GetObjectItemCaseSensitive(r, "calls"));
		x->arg = kinds_param_int(r, "arg", 0);
		const cJSON *mask = cJSON_GetObjectItemCaseSensitive(r, "mask");
		x->mask = cJSON_IsNumber(mask) ? (long long)mask->valuedouble : 0;
	}
	return cp;
}

static void checked_release(void *compiled)
{
	struct checked_params *cp = compiled;
	strvec_clear(&cp->calls);
	strvec_clear(&cp->fills);
	for (size_t i = 0; i < cp->nouts; i++)
		strvec_clear(&cp->out_calls[i]);
	free(cp->out_calls);
	free(cp->out_args);
	for (size_t i = 0; i < cp->nraising; i++)
		strvec_clear(&cp->raising[i].calls);
	free(cp->raising);
	free(cp);
}

/* Whether the call cannot leave the pointer NULL: its flags ask it to raise,
 * or are not a constant (which they are, nobody can tell, and a finding
 * must not rest on a guess). */
static bool call_raises(const struct checked_params *cp, const struct cfg_call *call)
{
	for (size_t i = 0; i < cp->nraising; i++) {
		const struct raising *x = &cp->raising[i];
		if (!kinds_call_listed(call, &x->calls))
			continue;
		if (x->arg < 1 || (size_t)x->arg > call->nargs)
			return true;
		const struct cfg_value *flags = &call->args[x->arg - 1];
		return flags->kind != VALUE_CONSTANT || (flags->number & x->mask);
	}
	return false;
}

/* The 1-based argument a listed call makes its object through: its own in
 * "outs", else `out_arg`. */
static int out_arg_of(const struct checked_params *cp, const struct cfg_call *call)
{
	for (size_t i = 0; i < cp->nouts; i++)
		if (kinds_call_listed(call, &cp->out_calls[i]))
			return cp->out_args[i];
	return cp->out_arg;
}

/* The place the pointer is put, or NULL when the call puts it nowhere the
 * rule follows (or cannot leave it NULL). */
static const struct cfg_place *call_place(const struct checked_params *cp, const struct cfg_call *call)
{
	if (!kinds_call_listed(call, &cp->calls) || call_raises(cp, call))
		return NULL;
	if (cp->result)
		return call->result.root && call->result.path ? &call->result : NULL;
	return kinds_arg_place(call, out_arg_of(cp, call));
}

/* The NULL a failed `new` stores, on the path where it failed. */
static bool failed_new(const struct checked_params *cp, const struct cfg_event *e)
{
	return cp->new_expr && e && e->new_failed && e->target.root && e->target.path;
}

/* What a function's allocations put their pointers in: the roots of those
 * places, each as "\0root\0" in one buffer (the memo frees it whole), or
 * any root at all ("*") for a device extension's member, which a use
 * reaches through a local of another name. */
struct alloc_roots {
	size_t len;
	char text[];
};

static void roots_add(struct strbuf *sb, const char *root)
{
	strbuf_add(sb, "", 1);
	strbuf_adds(sb, root[0] == '<' ? "*" : root);
}

/* The roots of `g`'s allocations the rule judges. A use is judged in the
 * frame of its allocation only, so nothing in a function that makes none
 * is relevant, and the explorer steps over such helpers; in one that
 * makes some, only what names their places. */
static const struct alloc_roots *function_roots(const struct check *c, const struct cfg *g)
{
	const struct checked_params *cp = c->compiled;
	/* Keyed by a member's address: the graph's own is kinds_graph_unit's key. */
	void **slot = ptrmap_slot(c->memo, &g->nblocks); /* the memo frees what it holds */
	if (*slot)
		return *slot;
	struct strbuf sb = STRBUF_INIT;
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t k = 0; k < g->blocks[b].nevents; k++) {
			const struct cfg_event *e = &g->blocks[b].events[k];
			const struct cfg_call *call = event_call(g, e);
			const struct cfg_place *out = call ? call_place(cp, call) : failed_new(cp, e) ? &e->target : NULL;
			if (out && out->root)
				roots_add(&sb, out->root);
		}
	if (sb.len)
		strbuf_add(&sb, "", 1);
	struct alloc_roots *r = alloc_bytes(sizeof(*r) + sb.len + 1);
	r->len = sb.len;
	memcpy(r->text, strbuf_str(&sb), sb.len);
	r->text[sb.len] = '\0';
	strbuf_release(&sb);
	*ptrmap_slot(c->memo, &g->nblocks) = r;
	return r;
}

static bool names_root(const struct alloc_roots *r, const struct cfg_place *p)
{
	if (!p->root)
		return false;
	for (size_t i = 0; i < r->len; i += strlen(r->text + i + 1) + 1) {
		const char *root = r->text + i + 1;
		if (!strcmp(root, "*") || !strcmp(root, p->root))
			return true;
	}
	return false;
}

static bool checked_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct checked_params *cp = c->compiled;
	const struct alloc_roots *roots = function_roots(c, g);
	if (!roots->len)
		return false;
	const struct cfg_call *call = event_call(g, e);
	if (call) {
		if (call_place(cp, call))
			return true;
		for (size_t a = 0; a < call->nargs; a++)
			if ((call->args[a].kind == VALUE_PLACE || call->args[a].kind == VALUE_ADDRESS) &&
			    names_root(roots, &call->args[a].place))
				return true;
		return call->object.root && names_root(roots, &call->object);
	}
	return failed_new(cp, e) ||
	       (kinds_event_is_store(e) &&
		(names_root(roots, &e->target) || (e->value.kind == VALUE_PLACE && names_root(roots, &e->value.place)) ||
		 (e->value.kind == VALUE_UNKNOWN && e->value.text && strstr(e->value.text, "->"))));
}

/* Whether `place` reads through the pointer `out` holds: a member of what a
 * local points to (`ext->Size` of `ext`), or of what a member points to
 * (`Ext->Lower->Flags` of `Ext->Lower`, `ctx->Buffer[0]` of `ctx->Buffer`). */
static bool uses_through(const struct cfg_place *place, const struct cfg_place *out)
{
	if (!out->field && !out->deref)
		return place->root && !strcmp(place->root, out->root) && (place->field || place->deref);
	size_t n = strlen(out->path);
	return place->path && !strncmp(place->path, out->path, n) &&
	       (!strncmp(place->path + n, "->", 2) || place->path[n] == '[');
}

/* Whether the expression `text` (as written, spaces removed) reads
 * through the pointer `out` holds: `out->...` not inside a longer name.
 * A member of a device extension reached through a local (a place the
 * builder names `<extension ...>.Lower`) is written as that local's
 * (`ext->Lower->...`): its member's name stands for it. */
static bool text_uses_through(const char *text, const struct cfg_place *out)
{
	if (out->root && out->root[0] == '<' && out->field) {
		char *arrow = alloc_printf("->%s->", out->field), *dot = alloc_printf(".%s->", out->field);
		bool found = text && (strstr(text, arrow) || strstr(text, dot));
		free(arrow);
		free(dot);
		return found;
	}
	const char *name = out->field || out->deref ? out->path : out->root;
	size_t n = name ? strlen(name) : 0;
	for (const char *t = text ? strstr(text, name ? name : "") : NULL; n && t; t = strstr(t + 1, name)) {
		bool starts = t == text || !(isalnum((unsigned char)t[-1]) || t[-1] == '_' || t[-1] == '.' ||
					     (t[-1] == '>' && t - text > 1 && t[-2] == '-'));
		if (starts && !strncmp(t + n, "->", 2))
			return true;
	}
	return false;
}

/* Whether the event uses the pointer: a store through it or of what it
 * points to, a member's address handed to a kit routine (which works on
 * it: KeInitializeSpinLock(&p->Lock)), or the pointer itself given to a
 * routine that fills what it points to (RtlZeroMemory(p, n)). */
static bool event_uses(const struct checked_params *cp, const struct cfg *g, const struct cfg_event *e,
		       const struct cfg_place *out)
{
	const struct cfg_call *call = event_call(g, e);
	if (call) {
		bool used = false;
		for (size_t a = 0; a < call->nargs && !used; a++) {
			const struct cfg_value *v = &call->args[a];
			used = (v->kind == VALUE_PLACE && uses_through(&v->place, out)) ||
			       (v->kind == VALUE_ADDRESS && call->callee_in_system_header &&
				uses_through(&v->place, out));
		}
		/* A method called through the pointer (`p->Start()`): its `this`. */
		used = used || (call->object.root && (uses_through(&call->object, out) ||
						      (call->object_arrow && call->object.path && out->path &&
						       !strcmp(call->object.path, out->path))));
		const struct cfg_place *first = kinds_arg_place(call, 1);
		return used || (kinds_call_listed(call, &cp->fills) && first && call->args[0].kind == VALUE_PLACE &&
				first->path && out->path && !strcmp(first->path, out->path));
	}
	if (!kinds_event_is_store(e))
		return false;
	return uses_through(&e->target, out) || (e->value.kind == VALUE_PLACE && uses_through(&e->value.place, out)) ||
	       (e->value.kind == VALUE_UNKNOWN && text_uses_through(e->value.text, out));
}

/* Whether the text tests the pointer between the allocation and the use
 * (a condition reading its variable after the one and by the other's line).
 * The path may have forgotten which way such a test went; the code as
 * written checks first, and a finding must not rest on a forgotten fact. */
/* Whether a condition reads the pointer's variable; a device extension's
 * member (`<extension ...>.Lower`) is read through a local of any name,
 * `ext->Lower`, which its member's name stands for. */
static bool cond_reads(const struct cfg_cond *cond, const struct cfg_place *out)
{
	if (cond->kind == COND_NONE)
		return false;
	if (out->root[0] != '<')
		/* A test of a call's result (`if (!Init(ext))`) that is given the
		 * pointer does not test it. */
		return (cond->var && !strcmp(cond->var, out->root)) ||
		       (!(cond->var && cond->var[0] == '@') && strvec_contains(&cond->names, out->root));
	size_t n = out->field ? strlen(out->field) : 0, len = cond->var ? strlen(cond->var) : 0;
	return n && len > n && !strcmp(cond->var + len - n, out->field) &&
	       (cond->var[len - n - 1] == '.' || cond->var[len - n - 1] == '>');
}

static bool tested_between(const struct cfg *g, const struct cfg_place *out, unsigned from, unsigned to)
{
	for (size_t b = 0; b < g->nblocks; b++) {
		const struct cfg_cond *cond = &g->blocks[b].cond;
		if (cond->loc.line > from && cond->loc.line <= to && cond_reads(cond, out))
			return true;
	}
	return false;
}

/* Whether the event puts a new value in the pointer's place, which the later
 * uses are then of. */
static bool replaces(const struct cfg_event *e, const struct cfg_place *out)
{
	return kinds_event_is_store(e) && !e->compound && e->target.path && out->path &&
	       !strcmp(e->target.path, out->path);
}

/* What starts a check at item `it`: a listed call, or a failed `new`; the
 * place of the pointer, and the name the message gives the call. */
static const struct cfg_place *start_of(const struct checked_params *cp, const struct hist_item *it,
					const char **name)
{
	const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
	if (call) {
		*name = call->callee ? call->callee : call->macro;
		return call_place(cp, call);
	}
	if (it->kind == HIST_STORE && failed_new(cp, it->event)) {
		*name = "new";
		return &it->event->target;
	}
	return NULL;
}

/* Whether item `later` ends the check started at `it` without a use: a test
 * that revealed the call's outcome, another run of a listed call, a new
 * value stored in the place. */
static bool settles(const struct checked_params *cp, const struct hist_item *it, const struct hist_item *later,
		    const struct cfg_place *out)
{
	/* A test that told the outcome; `status == STATUS_OBJECT_NAME_COLLISION`
	 * taken as false tells nothing (the call may still have failed). */
	if (later->kind == HIST_REFINE && it->kind == HIST_CALL && later->site == it->site)
		return later->outcome != OUTCOME_UNKNOWN;
	if (later->frame != it->frame || !later->event || later->kind == HIST_REFINE)
		return false;
	const struct cfg_call *lc = event_call(later->g, later->event);
	if (lc)
		return kinds_call_listed(lc, &cp->calls) && !call_raises(cp, lc) && call_place(cp, lc) &&
		       !strcmp(call_place(cp, lc)->path, out->path);
	/* The store of the call's own result is where the pointer arrives. */
	const struct cfg_event *e = later->event;
	bool arrives = e->value.kind == VALUE_CALL && it->kind == HIST_CALL && e->value.call == it->event->call &&
		       later->g == it->g;
	return e != it->event && !arrives && replaces(e, out);
}

/* Whether the event gives the object in `out` to a routine as a value
 * (a handle: WdfDeviceGetIoTarget(device)), but to a format string; or
 * uses it through. */
static bool failed_use(const struct checked_params *cp, const struct cfg *g, const struct cfg_event *e,
		       const struct cfg_place *out)
{
	const struct cfg_call *call = event_call(g, e);
	for (size_t a = 0; call && a < call->nargs; a++) {
		const struct cfg_value *v = &call->args[a];
		if (v->kind == VALUE_PLACE && v->place.path && out->path && !strcmp(v->place.path, out->path) &&
		    !cfg_arg_formatted(call, a))
			return true;
	}
	return event_uses(cp, g, e, out);
}

/* The item of the path after `i` that reveals the call of item `i`
 * failed, before anything settles it otherwise; or p->len. */
static size_t failure_revealed(const struct checked_params *cp, const struct path *p, size_t i,
			       const struct cfg_place *out)
{
	const struct hist_item *it = &p->items[i];
	for (size_t j = i + 1; j < p->len; j++) {
		const struct hist_item *later = &p->items[j];
		if (later->kind == HIST_REFINE && it->kind == HIST_CALL && later->site == it->site &&
		    later->outcome == OUTCOME_FAILURE)
			return j;
		if (settles(cp, it, later, out))
			return p->len;
	}
	return p->len;
}

/* Whether the call is given the address of the variable it makes its
 * object in (`&device`): given a pointer parameter (`Device`), it makes
 * the object in the caller's variable, and `*Device = NULL` after the
 * failure is the helper's reset, no use. */
static bool given_address(const struct checked_params *cp, const struct cfg_call *call)
{
	int arg = out_arg_of(cp, call);
	return arg >= 1 && (size_t)arg <= call->nargs && call->args[arg - 1].kind == VALUE_ADDRESS;
}

/* after_failure: each use of a failed call's object, once per call. */
static void failed_path(const struct check *c, const struct path *p)
{
	const struct checked_params *cp = c->compiled;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const char *name = NULL;
		const struct cfg_place *out = start_of(cp, it, &name);
		if (!out || !out->root || it->kind != HIST_CALL || !given_address(cp, event_call(it->g, it->event)))
			continue;
		for (size_t j = failure_revealed(cp, p, i, out) + 1; j < p->len; j++) {
			const struct hist_item *later = &p->items[j];
			if (later->frame != it->frame || !later->event || later->kind == HIST_REFINE || later->g != it->g)
				continue;
			if (replaces(later->event, out) ||
			    tested_between(it->g, out, it->event->loc.line, later->event->loc.line))
				break;
			if (!failed_use(cp, later->g, later->event, out))
				continue;
			char *line = alloc_printf("%u", it->event->loc.line);
			const char *vars[] = { "var", out->path, "call", name, "call_line", line, NULL };
			char *fails = alloc_printf("%s fails here", name);
			eval_add_finding(c, later->event->loc, later->g->function, p, &it->event->loc, fails, vars);
			free(fails);
			free(line);
			break;
		}
	}
}

static void checked_path(const struct check *c, const struct path *p)
{
	const struct checked_params *cp = c->compiled;
	if (cp->after_failure) {
		failed_path(c, p);
		return;
	}
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const char *name = NULL;
		const struct cfg_place *out = start_of(cp, it, &name);
		if (!out || !out->root)
			continue;
		for (size_t j = i + 1; j < p->len; j++) {
			const struct hist_item *later = &p->items[j];
			if (settles(cp, it, later, out))
				break;
			if (later->frame != it->frame || !later->event || later->kind == HIST_REFINE ||
			    later->g != it->g || !event_uses(cp, later->g, later->event, out))
				continue;
			const struct cfg_event *e = later->event;
			if (e->loc.line <= it->event->loc.line)
				continue; /* written before it: a loop's next run, which the text does not show */
			if (tested_between(it->g, out, it->event->loc.line, e->loc.line))
				break;
			char *line = alloc_printf("%u", it->event->loc.line);
			/* The pointer as the report names it: a local, a member's path,
			 * or a device extension's member by its name. */
			const char *var = !cp->result && it->kind == HIST_CALL ? out->root
					  : out->root[0] == '<' && out->field ? out->field
									       : out->path;
			const char *vars[] = { "var", var, "call", name, "call_line", line, NULL };
			eval_add_finding(c, e->loc, later->g->function, p, &it->event->loc, "allocated here", vars);
			free(line);
			break;
		}
	}
}

/* What a later use can be reported against: the allocations not yet
 * settled. Paths that agree on those merge, however their stores differ. */
static void checked_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const struct checked_params *cp = c->compiled;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const char *name = NULL;
		const struct cfg_place *out = start_of(cp, it, &name);
		if (!out || !out->root)
			continue;
		bool settled = false;
		for (size_t j = i + 1; j < p->len && !settled; j++)
			settled = settles(cp, it, &p->items[j], out) &&
				  !(cp->after_failure && p->items[j].kind == HIST_REFINE && p->items[j].outcome == OUTCOME_FAILURE);
		if (settled)
			continue;
		if (cp->after_failure)
			key_int(key, failure_revealed(cp, p, i, out) < p->len);
		if (it->kind == HIST_CALL)
			key_int(key, (unsigned long long)it->site << 32 | it->frame);
		else
			key_ptr(key, it->event);
	}
}

/* The line of the first test of the pointer's variable after `from` in
 * `g`, or UINT_MAX. */
static unsigned first_test_after(const struct cfg *g, const struct cfg_place *out, unsigned from)
{
	unsigned first = UINT_MAX;
	for (size_t b = 0; b < g->nblocks; b++) {
		const struct cfg_cond *cond = &g->blocks[b].cond;
		if (cond->loc.line > from && cond->loc.line < first && cond_reads(cond, out))
			first = cond->loc.line;
	}
	return first;
}

/* Whether some allocation of `g` has a use written after it and before
 * the first test of its variable: what a finding needs (checked_path
 * reports no other), so that a driver with none is not explored. */
static bool has_candidate(const struct checked_params *cp, const struct cfg *g)
{
	/* After a failure the object's uses come after the status test, which
	 * is no test of it: any call that makes one is a candidate. */
	if (cp->after_failure) {
		for (size_t k = 0; k < g->ncalls; k++)
			if (call_place(cp, &g->calls[k]))
				return true;
		return false;
	}
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t k = 0; k < g->blocks[b].nevents; k++) {
			const struct cfg_event *a = &g->blocks[b].events[k];
			const struct cfg_call *call = event_call(g, a);
			const struct cfg_place *out = call ? call_place(cp, call) : failed_new(cp, a) ? &a->target : NULL;
			if (!out || !out->root)
				continue;
			unsigned from = a->loc.line, to = first_test_after(g, out, from);
			for (size_t b2 = 0; b2 < g->nblocks; b2++)
				for (size_t k2 = 0; k2 < g->blocks[b2].nevents; k2++) {
					const struct cfg_event *u = &g->blocks[b2].events[k2];
					if (u->loc.line > from && u->loc.line < to && event_uses(cp, g, u, out))
						return true;
				}
		}
	return false;
}

/* A path reports only after an allocation with a candidate use: a driver
 * whose code has none is not explored (every store through a pointer of
 * an allocating function is relevant here, so such an exploration merges
 * little). */
static bool checked_may_report(const struct check *c)
{
	const struct checked_params *cp = c->compiled;
	for (size_t u = 0; u < c->prog->nunits; u++)
		for (size_t f = 0; f < c->prog->units[u].nfunctions; f++) {
			const struct cfg *g = c->prog->units[u].functions[f].cfg;
			if (g && has_candidate(cp, g))
				return true;
		}
	return false;
}

static const struct kind_ops checked_before_use_ops = {
	.may_report = checked_may_report,
	.relevant = checked_relevant,
	.check_path = checked_path,
	.summary = checked_summary,
};

const struct kind kind_checked_before_use = {
	.name = "checked-before-use",
	.placeholders = (const char *const[]){ "var", "call", "call_line", NULL },
	.compile = checked_compile,
	.release = checked_release,
	.ops = &checked_before_use_ops,
};
