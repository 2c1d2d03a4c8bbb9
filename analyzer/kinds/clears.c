/* SPDX-License-Identifier: Apache-2.0 */
/* The clears-flag kind: a routine DriverEntry stores in a field (AddDevice),
 * or hands to a registration call that runs it later (a file system
 * notification routine), or DriverEntry itself ("entry"), that creates a
 * device object must clear a flag bit of a member of it (`Flags &=
 * ~DO_DEVICE_INITIALIZING`), or with "must": "set" set one (a filter's
 * DO_BUFFERED_IO), or with "finishes" call one of those
 * (WdfControlFinishInitializing), itself or in a helper it calls. A declaration kind: the routine is found among the stores
 * and calls of DriverEntry and its helpers, and judged over its graph and its helpers' (each
 * PROGRAM_HELPER_DEPTH calls deep), by what they contain at all: a routine
 * that creates and does the step nowhere, and calls nothing whose body is hidden,
 * is reported at its creating call. */
#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/shared.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/strvec.h"

struct registration {
	struct strvec calls;
	int arg;                   /* 1-based: the routine the call registers */
	const char *role;          /* "role": what the routine is called ("EvtDriverDeviceAdd"), or NULL */
};

struct clears_params {
	bool entry;                /* "entry": DriverEntry itself is judged too */
	bool must_set;             /* "must": "set": a store must be able to set a bit, not clear it */
	struct strvec finishes;    /* "finishes": instead of a store, a call of these (WdfControlFinishInitializing) */
	struct strvec fields;      /* DriverObject fields whose routine is judged */
	struct registration *regs; /* calls whose routine is judged */
	size_t nregs;
	struct strvec creates;     /* calls that create the object */
	const char *member;        /* the member whose bit must be cleared: Flags */
	long long bit;             /* the bit: DO_DEVICE_INITIALIZING, 0x80 */
};

static void *clears_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct clears_params *cp = alloc_zeroed(1, sizeof(*cp));
	kinds_names_compile(&cp->fields, cJSON_GetObjectItemCaseSensitive(params, "fields"));
	cp->entry = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "entry"));
	const char *must = kinds_param_string(params, "must");
	cp->must_set = must && !strcmp(must, "set");
	kinds_names_compile(&cp->finishes, cJSON_GetObjectItemCaseSensitive(params, "finishes"));
	const cJSON *regs = cJSON_GetObjectItemCaseSensitive(params, "registrations");
	cp->regs = alloc_zeroed((size_t)cJSON_GetArraySize(regs) + 1, sizeof(*cp->regs));
	const cJSON *reg;
	cJSON_ArrayForEach(reg, regs) {
		struct registration *r = &cp->regs[cp->nregs++];
		kinds_names_compile(&r->calls, cJSON_GetObjectItemCaseSensitive(reg, "calls"));
		r->arg = kinds_param_int(reg, "arg", 0);
		r->role = kinds_param_string(reg, "role");
	}
	kinds_names_compile(&cp->creates, cJSON_GetObjectItemCaseSensitive(params, "creates"));
	cp->member = kinds_param_string(params, "member");
	cp->bit = kinds_param_int(params, "bit", 0);
	return cp;
}

static void clears_release(void *compiled)
{
	struct clears_params *cp = compiled;
	strvec_clear(&cp->fields);
	strvec_clear(&cp->finishes);
	for (size_t r = 0; r < cp->nregs; r++)
		strvec_clear(&cp->regs[r].calls);
	free(cp->regs);
	strvec_clear(&cp->creates);
	free(cp);
}

/* A store of a function into one of the fields. */
static bool stores_routine(const struct clears_params *cp, const struct cfg_event *e)
{
	return kinds_event_is_store(e) && e->target.field && strvec_contains(&cp->fields, e->target.field) &&
	       e->value.kind == VALUE_FUNCTION;
}

/* The registration a call is, when it hands one of the driver's functions
 * over, or NULL. */
static const struct registration *registration_of(const struct clears_params *cp, const struct cfg_call *call)
{
	for (size_t r = 0; call && r < cp->nregs; r++) {
		int a = cp->regs[r].arg;
		if (kinds_call_listed(call, &cp->regs[r].calls) && a >= 1 && (size_t)a <= call->nargs &&
		    call->args[a - 1].kind == VALUE_FUNCTION)
			return &cp->regs[r];
	}
	return NULL;
}

/* Whether a store into the member may do the step on the bit: clear it
 * (`x->Flags &= C` with the bit clear in C, `^= C` with it set, `= C`
 * without it), or with "must": "set" set it; and `= v` of a value not known
 * (`x->Flags = x->Flags & ~BIT`): a step it cannot rule out counts, so no
 * finding rests on a store it could not read. */
static bool does_step(const struct clears_params *cp, const struct cfg_event *e)
{
	if (!kinds_event_is_store(e) || !cp->member || !e->target.field || strcmp(e->target.field, cp->member))
		return false;
	/* A device object is only ever reached through a pointer: the member of
	 * a structure held by value (`table[0].Flags` of a registry query
	 * table) is another structure's. */
	size_t n = e->target.path ? strlen(e->target.path) : 0, m = strlen(cp->member);
	if (n > m && e->target.path[n - m - 1] == '.')
		return false;
	bool known = e->value.kind == VALUE_CONSTANT;
	if (cp->must_set) { /* `|= C` or `= C` with a bit of it in C, or a value not known */
		if (e->compound && !strcmp(e->op, "&="))
			return false;
		return !known || (e->value.number & cp->bit);
	}
	if (!e->compound)
		return !known || !(e->value.number & cp->bit);
	if (!strcmp(e->op, "&="))
		return !known || !(e->value.number & cp->bit);
	return !strcmp(e->op, "^=") && (!known || (e->value.number & cp->bit));
}

struct judged {
	const struct cfg_call *create;  /* the first creating call, or NULL */
	const char *create_function;
	bool done, hidden;         /* the step (clear, set or finish) is done somewhere; a body is hidden */
	bool done_elsewhere;       /* ...and every such step is on a global's device, as `stepped` lists */
	struct strvec stepped;     /* the globals' places those steps were on ("g_Control->Flags") */
	struct strvec seen;
	/* The calls of helpers that lead to it from the routine: the path
	 * followed, then the one to the creating call. */
	const struct cfg_call *stack[PROGRAM_HELPER_DEPTH + 1], *chain[PROGRAM_HELPER_DEPTH + 1];
	size_t nchain;
};

static void judge(const struct check *c, size_t unit, size_t index, unsigned depth, struct judged *j)
{
	const struct clears_params *cp = c->compiled;
	const struct function_facts *fn = program_function(c->prog, unit, index);
	const struct cfg *g = fn->cfg;
	if (!g) {
		j->hidden = true;
		return;
	}
	if (strvec_contains(&j->seen, fn->name))
		return;
	strvec_push(&j->seen, fn->name);
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if (does_step(cp, ev)) {
				/* A step on a global's device is that device's only. */
				bool global = ev->target.root_is_global && ev->target.path && !ev->target.key;
				if (global && (!j->done || j->done_elsewhere)) {
					j->done_elsewhere = true;
					strvec_push(&j->stepped, ev->target.path);
				} else {
					j->done_elsewhere = false;
				}
				j->done = true;
			}
			const struct cfg_call *call = event_call(g, ev);
			if (!call)
				continue;
			if (kinds_call_listed(call, &cp->finishes)) {
				j->done = true;
				continue;
			}
			if (kinds_call_listed(call, &cp->creates)) {
				if (!j->create) {
					j->create = call;
					j->create_function = g->function;
					memcpy(j->chain, j->stack, depth * sizeof(*j->chain));
					j->nchain = depth;
				}
				continue;
			}
			size_t u, i;
			if (call->callee && call->callee_in_system_header)
				continue;
			if (!call->callee || cfg_call_unknown_macro(call))
				j->hidden = true;
			else if (program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &i) &&
				 depth < PROGRAM_HELPER_DEPTH) {
				j->stack[depth] = call;
				judge(c, u, i, depth + 1, j);
			}
			else if (!call->undeclared && !call->imported)
				j->hidden = true;
		}
}

/* The global device a creating call makes (`&g_Dev` given to IoCreateDevice)
 * or attaches (`g_Filter`, its first argument), or NULL. */
static const char *created_global(const struct cfg_call *call)
{
	if (call->nargs && call->args[0].kind == VALUE_PLACE && call->args[0].place.root_is_global &&
	    call->args[0].place.path && !call->args[0].place.deref)
		return call->args[0].place.path;
	for (size_t a = call->nargs; a-- > 0;)
		if (call->args[a].kind == VALUE_ADDRESS && call->args[a].place.root_is_global && call->args[a].place.path &&
		    !call->args[a].place.deref && call->args[a].pointee_type)
			return call->args[a].place.path;
	return NULL;
}

/* Reports `routine`, stored or registered at `at` (its `role`), when it
 * creates and never does the step. */
static void judge_function(const struct check *c, size_t u, size_t i, const char *routine, const char *role,
			   const struct cfg_loc *at, const char *note);

static void judge_routine(const struct check *c, const char *routine, const char *role, struct cfg_loc at,
			  const char *note)
{
	size_t u, i;
	if (program_resolve(c->prog, routine, c->entry->unit, &u, &i))
		judge_function(c, u, i, routine, role, &at, note);
}

static void judge_function(const struct check *c, size_t u, size_t i, const char *routine, const char *role,
			   const struct cfg_loc *at, const char *note)
{
	struct judged j = { .seen = STRVEC_INIT, .stepped = STRVEC_INIT };
	judge(c, u, i, 0, &j);
	strvec_clear(&j.seen);
	/* Steps only on other globals' devices (the control device's Flags) do
	 * not do it on the global device the creating call makes or attaches. */
	const char *device = j.create ? created_global(j.create) : NULL;
	bool elsewhere = j.done && j.done_elsewhere && device;
	for (size_t k = 0; elsewhere && k < j.stepped.len; k++) {
		size_t n = strlen(device);
		const char *t = j.stepped.items[k];
		elsewhere = !(!strncmp(t, device, n) && !strncmp(t + n, "->", 2));
	}
	strvec_clear(&j.stepped);
	if (!j.create || (j.done && !elsewhere) || j.hidden)
		return;
	char *line = kinds_line_number_text(j.create->loc.line);
	const char *vars[] = { "routine", routine, "call", j.create->callee, "call_line", line, "role", role, NULL };
	size_t before = c->out->len;
	eval_add_finding(c, j.create->loc, j.create_function, NULL, at, note, vars);
	free(line);
	/* How the routine reaches the creating call. */
	struct finding *f = c->out->len > before ? &c->out->items[c->out->len - 1] : NULL;
	for (size_t k = 0; f && k < j.nchain; k++) {
		const struct cfg_call *call = j.chain[k];
		f->related = alloc_resize(f->related, (f->nrelated + 1) * sizeof(*f->related));
		f->related[f->nrelated++] = (struct finding_step){ alloc_strdup(call->loc.file), call->loc.line,
			call->loc.column, alloc_printf("calls %s here", call->callee), STEP_EVENT };
	}
}

/* The stores of routines into the fields in `g` and the helpers it calls,
 * each function once; each routine stored is judged once. */
static void find_stores(const struct check *c, size_t unit, const struct cfg *g, unsigned depth,
			struct strvec *seen, struct strvec *judged)
{
	const struct clears_params *cp = c->compiled;
	if (!g || strvec_contains(seen, g->function))
		return;
	strvec_push(seen, g->function);
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if (stores_routine(cp, ev) && !strvec_contains(judged, ev->value.name)) {
				strvec_push(judged, ev->value.name);
				char *role = !strcmp(ev->target.field, "MajorFunction")
						     ? alloc_strdup("a dispatch routine")
						     : alloc_printf("the %s routine", ev->target.field);
				judge_routine(c, ev->value.name, role, ev->loc, "stored here");
				free(role);
			}
			const struct cfg_call *call = event_call(g, ev);
			const struct registration *reg = registration_of(cp, call);
			const char *registered = reg ? call->args[reg->arg - 1].name : NULL;
			if (registered && !strvec_contains(judged, registered)) {
				strvec_push(judged, registered);
				char *role = reg->role ? alloc_printf("the %s routine", reg->role)
						       : alloc_printf("the routine %s registers", call->callee);
				judge_routine(c, registered, role, ev->loc, "registered here");
				free(role);
			}
			size_t u, i;
			if (call && call->callee && !call->callee_in_system_header && depth < PROGRAM_HELPER_DEPTH &&
			    program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &i))
				find_stores(c, u, program_function(c->prog, u, i)->cfg, depth + 1, seen, judged);
		}
}

static void clears_entry(const struct check *c)
{
	const struct clears_params *cp = c->compiled;
	if (!kinds_program_calls(c, &cp->creates))
		return;
	struct strvec seen = STRVEC_INIT, judged = STRVEC_INIT;
	if (cp->entry)
		judge_function(c, c->entry->unit, (size_t)(c->fn - c->prog->units[c->entry->unit].functions),
			       c->fn->name, "the driver's entry point", NULL, NULL);
	find_stores(c, c->entry->unit, c->fn->cfg, 0, &seen, &judged);
	strvec_clear(&seen);
	strvec_clear(&judged);
}

static const struct kind_ops clears_ops = {
	.check_entry = clears_entry,
};

const struct kind kind_clears_flag = {
	.name = "clears-flag",
	.placeholders = (const char *const[]){ "routine", "call", "call_line", "role", NULL },
	.compile = clears_compile,
	.release = clears_release,
	.ops = &clears_ops,
};
