/* SPDX-License-Identifier: Apache-2.0 */
/* Rule kinds about what a call is given or what outlives DriverEntry:
 * extension-size and escapes-without-copy. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "kinds/shared.h"
#include "base/problems.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/strvec.h"

/* The params of the kinds of this file, compiled once per rule; each kind
 * reads the members its schema has. */
struct argument_params {
	const char *call;
	int out_arg, size_arg;     /* 1-based; 0 when missing */
	int param;                 /* 0-based DriverEntry parameter (escapes-without-copy) */
	struct strvec fields;
	struct strvec string_inits, byte_copies; /* escapes-without-copy */
};

static void *argument_params_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct argument_params *ap = alloc_zeroed(1, sizeof(*ap));
	ap->call = kinds_param_string(params, "call");
	ap->out_arg = kinds_param_int(params, "out_arg", 0);
	ap->size_arg = kinds_param_int(params, "size_arg", 0);
	ap->param = kinds_param_int(params, "param", 2) - 1;
	kinds_names_compile(&ap->fields, cJSON_GetObjectItemCaseSensitive(params, "fields"));
	kinds_names_compile(&ap->string_inits, cJSON_GetObjectItemCaseSensitive(params, "string_inits"));
	kinds_names_compile(&ap->byte_copies, cJSON_GetObjectItemCaseSensitive(params, "byte_copies"));
	return ap;
}

static void argument_params_release(void *compiled)
{
	struct argument_params *ap = compiled;
	strvec_clear(&ap->fields);
	strvec_clear(&ap->string_inits);
	strvec_clear(&ap->byte_copies);
	free(ap);
}

/* extension-size */

static void size_visit(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
		       void *data)
{
	const struct argument_params *ap = c->compiled;
	const struct cfg_call *call = event_call(g, e);
	if (!call || !kinds_call_named(call, ap->call))
		return;
	int size_arg = ap->size_arg, out_arg = ap->out_arg;
	if (size_arg < 1 || out_arg < 1 || (size_t)size_arg > call->nargs || (size_t)out_arg > call->nargs)
		return;
	const struct cfg_value *size = &call->args[size_arg - 1];
	const struct cfg_value *out = &call->args[out_arg - 1];
	if (size->kind != VALUE_CONSTANT || out->kind != VALUE_ADDRESS || out->pointee_size <= 0 ||
	    size->number >= out->pointee_size)
		return;
	char *bytes = alloc_printf("%lld", size->number);
	char *type_size = alloc_printf("%lld", out->pointee_size);
	const char *vars[] = { "call", call->callee, "size", bytes, "var", out->place.root, "type",
			       out->pointee_type ? out->pointee_type : "?", "type_size", type_size, NULL };
	eval_add_finding(c, e->loc, g->function, NULL, NULL, NULL, vars);
	free(type_size);
	free(bytes);
	(void)data;
	(void)unit;
}

static void size_entry(const struct check *c)
{
	kinds_visit_events(c, size_visit, NULL);
}

static const struct kind_ops extension_size_ops = {
	.check_entry = size_entry,
};

const struct kind kind_extension_size = {
	.name = "extension-size",
	.placeholders = (const char *const[]){ "size", "var", "type", "type_size", "call", NULL },
	.compile = argument_params_compile,
	.release = argument_params_release,
	.ops = &extension_size_ops,
};

/* escapes-without-copy: what a function holds of RegistryPath, followed in
 * the order of its blocks from DriverEntry into the helpers it passes it to. */

enum held_as {
	HELD_NONE,
	HELD_POINTER,              /* RegistryPath itself: points to the caller's string */
	HELD_STRING,               /* a UNICODE_STRING whose Buffer is the caller's (*RegistryPath) */
	HELD_BUFFER,               /* the caller's characters (RegistryPath->Buffer) */
};

struct taint {
	char *name;                /* a local variable, or NULL for parameter `param` */
	int param;
	enum held_as as;
	char *origin;              /* how it came from RegistryPath, for messages */
};

struct escapes {
	const struct check *c;
	const struct argument_params *ap;
	struct taint *t;
	size_t n;
	struct strvec visited;     /* helpers entered, by "name/param/as/locals" */
	uint64_t local_params;     /* the helper's parameters (by bit) given the address of a
				    * caller's local: what is stored through them dies with it */
};

static struct taint *taint_find(struct escapes *x, size_t from, const struct cfg_place *p)
{
	for (size_t i = x->n; i-- > from;) {
		struct taint *t = &x->t[i];
		if (t->name ? (!p->root_is_param && !p->root_is_global && !strcmp(t->name, p->root))
			    : (p->root_is_param && p->param_index == t->param))
			return t;
	}
	return NULL;
}

/* What the value `v` holds of RegistryPath, and how it got it (`*origin`). */
static enum held_as value_held(struct escapes *x, size_t from, const struct cfg_value *v, const char **origin)
{
	/* `&RegistryPath->Buffer[i]`: a pointer into the caller's characters. */
	bool element = v->kind == VALUE_ADDRESS && v->place.index;
	if ((v->kind != VALUE_PLACE && !element) || !v->place.root)
		return HELD_NONE;
	const struct cfg_place *p = &v->place;
	struct taint *t = taint_find(x, from, p);
	if (!t || t->as == HELD_NONE)
		return HELD_NONE;
	*origin = t->origin; /* NULL: DriverEntry's own parameter */
	bool plain = !p->field && !p->deref;
	bool buffer = p->field && strvec_contains(&x->ap->fields, p->field);
	if (element)
		return (t->as == HELD_BUFFER && plain) || (t->as == HELD_POINTER && buffer) ||
				       (t->as == HELD_STRING && buffer && !p->deref)
			       ? HELD_BUFFER : HELD_NONE;
	switch (t->as) {
	case HELD_POINTER:
		return plain ? HELD_POINTER : !p->field && p->deref ? HELD_STRING : buffer ? HELD_BUFFER : HELD_NONE;
	case HELD_STRING:
		return plain ? HELD_STRING : buffer && !p->deref ? HELD_BUFFER : HELD_NONE;
	default:
		return plain ? HELD_BUFFER : HELD_NONE;
	}
}

static void taint_set(struct escapes *x, size_t from, const struct cfg_place *p, enum held_as as,
		      const char *origin)
{
	struct taint *t = taint_find(x, from, p);
	if (!t) {
		if (as == HELD_NONE)
			return;
		x->t = alloc_resize(x->t, (x->n + 1) * sizeof(*x->t));
		t = &x->t[x->n++];
		*t = (struct taint){ p->root_is_param ? NULL : alloc_strdup(p->root), p->param_index, HELD_NONE, NULL };
	}
	t->as = as;
	free(t->origin);
	t->origin = as != HELD_NONE && origin ? alloc_strdup(origin) : NULL;
}

/* The text a value held of RegistryPath came from: `tmp (from *RegistryPath)`,
 * `Chars (from RegistryPath->Buffer, by RtlInitUnicodeString)`. */
static char *held_text(const char *path, const char *origin, const char *by)
{
	if (origin && by)
		return alloc_printf("%s (from %s, by %s)", path, origin, by);
	if (origin || by)
		return alloc_printf("%s (%s %s)", path, origin ? "from" : "by", origin ? origin : by);
	return alloc_strdup(path);
}

static bool outlives(const struct cfg_place *t)
{
	return t->root_is_global || t->deref || (t->path && strstr(t->path, "->"));
}

/* Whether `t` is reached through a parameter given a caller's local
 * (`Registration->RegistryPath` of a helper given `&reg`, a local of
 * DriverEntry that HidRegisterMinidriver reads and copies). */
static bool in_caller_local(const struct escapes *x, const struct cfg_place *t)
{
	return t->root_is_param && t->param_index >= 0 && t->param_index < 64 && (x->local_params >> t->param_index & 1);
}

/* The parameters of a helper `call` gives a local's address, or a parameter
 * of its own that was given one. */
static uint64_t local_args(const struct escapes *x, const struct cfg_call *call)
{
	uint64_t mask = 0;
	for (size_t k = 0; k < call->nargs && k < 64; k++) {
		const struct cfg_value *v = &call->args[k];
		const struct cfg_place *p = &v->place;
		bool local = v->kind == VALUE_ADDRESS && p->root && !p->root_is_global && !p->root_is_param &&
			     !p->root_is_this && !p->deref && !p->escapes;
		bool passed_on = v->kind == VALUE_PLACE && !p->field && !p->deref && in_caller_local(x, p);
		if (local || passed_on)
			mask |= 1ULL << k;
	}
	return mask;
}

static void escape_report(struct escapes *x, const struct cfg *g, struct cfg_loc loc, const char *what,
			  const char *target)
{
	const char *vars[] = { "what", what, "target", target, NULL };
	eval_add_finding(x->c, loc, g->function, NULL, NULL, NULL, vars);
}

/* The place a pointer argument designates: `&g` is g, `p` is *p. */
static bool pointed_place(const struct cfg_value *v, struct cfg_place *out)
{
	if (v->kind == VALUE_ADDRESS && v->place.root) {
		*out = v->place;
		return true;
	}
	if (v->kind == VALUE_PLACE && v->place.root && !v->place.field) {
		*out = v->place;
		out->deref = true;
		return true;
	}
	return false;
}

/* Whether block `b` of `g`, from event `from` on, clears `path` (stores
 * NULL or a constant into it). */
static bool stores_into(const struct cfg *g, size_t b, size_t from, const char *path)
{
	for (size_t i = from; i < g->blocks[b].nevents; i++) {
		const struct cfg_event *e = &g->blocks[b].events[i];
		if (kinds_event_is_store(e) && !e->compound && e->target.path && !strcmp(e->target.path, path) &&
		    (e->value.kind == VALUE_NULL || e->value.kind == VALUE_CONSTANT))
			return true;
	}
	return false;
}

/* Whether every way from event `at` of block `b` to the function's end
 * clears the global `path` again (`g.RegistryPath = NULL;` before
 * DriverEntry returns: kept only while DriverEntry runs). */
static bool overwritten_before_end(const struct cfg *g, size_t b, size_t at, const char *path)
{
	if (stores_into(g, b, at + 1, path))
		return true;
	unsigned char *mark = alloc_zeroed(g->nblocks + 1, 1);
	int *stack = alloc_zeroed(g->nblocks + 1, sizeof(*stack));
	size_t top = 0;
	bool escapes = false;
	for (size_t s = 0; s < g->blocks[b].nsucc; s++)
		if (g->blocks[b].succ[s] >= 0 && !mark[g->blocks[b].succ[s]]) {
			mark[g->blocks[b].succ[s]] = 1;
			stack[top++] = g->blocks[b].succ[s];
		}
	while (top && !escapes) {
		int k = stack[--top];
		if (stores_into(g, (size_t)k, 0, path))
			continue;
		escapes = k == g->exit;
		for (size_t s = 0; s < g->blocks[k].nsucc; s++) {
			int n = g->blocks[k].succ[s];
			if (n >= 0 && !mark[n]) {
				mark[n] = 1;
				stack[top++] = n;
			}
		}
	}
	free(stack);
	free(mark);
	return !escapes;
}

static void escapes_in(struct escapes *x, const struct cfg *g, unsigned depth);

/* A call: string initializations and byte copies (the rule's string_inits
 * and byte_copies) that keep the caller's characters, and helpers that are
 * passed what we follow. */
static void escapes_call(struct escapes *x, size_t from, const struct cfg *g, const struct cfg_call *call,
			 unsigned depth)
{
	const char *origin = NULL;
	enum held_as dest_as = HELD_NONE;
	bool init = kinds_call_listed(call, &x->ap->string_inits);
	bool copy = kinds_call_listed(call, &x->ap->byte_copies);
	if (init && call->nargs == 2 && value_held(x, from, &call->args[1], &origin) == HELD_BUFFER)
		dest_as = HELD_STRING;
	if (copy && call->nargs == 3) {
		/* Copying the UNICODE_STRING (not its characters) copies the pointer to them. */
		struct cfg_value whole = call->args[1];
		if (whole.kind == VALUE_ADDRESS)
			whole.kind = VALUE_PLACE; /* &tmp: the bytes of tmp */
		else if (whole.kind == VALUE_PLACE)
			whole.place.deref = !whole.place.field; /* p: the bytes of *p */
		if (value_held(x, from, &whole, &origin) == HELD_STRING)
			dest_as = HELD_STRING;
	}
	struct cfg_place dest;
	if ((init || copy) && call->nargs >= 2 && pointed_place(&call->args[0], &dest)) {
		/* What was copied, as written: `*RegistryPath` for the bytes a pointer points to. */
		const struct cfg_value *v = &call->args[1];
		char *src = init || v->kind == VALUE_ADDRESS ? alloc_strdup(v->place.path ? v->place.path : "?")
							      : alloc_printf("*%s", v->place.path ? v->place.path : "?");
		const char *by = call->macro ? call->macro : call->callee;
		if (dest_as != HELD_NONE && outlives(&dest) && !in_caller_local(x, &dest)) {
			char *what = held_text(src, origin, by);
			escape_report(x, g, call->loc, what, dest.path ? dest.path : dest.root);
			free(what);
		} else if (!dest.root_is_global && !dest.deref && !dest.field) {
			taint_set(x, from, &dest, dest_as, origin ? origin : src);
		}
		free(src);
		return;
	}
	if (depth >= 8 || !call->callee)
		return;
	/* A helper given RegistryPath (or what holds it) as argument a. */
	for (size_t a = 0; a < call->nargs; a++) {
		enum held_as as = value_held(x, from, &call->args[a], &origin);
		if (as == HELD_NONE)
			continue;
		size_t unit, index;
		if (!program_resolve_scoped(x->c->prog, call->callee, call->scope, x->c->entry->unit, &unit, &index))
			continue;
		const struct function_facts *f = program_function(x->c->prog, unit, index);
		uint64_t locals = local_args(x, call);
		char *key = alloc_printf("%s/%zu/%d/%llx", call->callee, a, (int)as, (unsigned long long)locals);
		bool seen = strvec_contains(&x->visited, key);
		if (!seen)
			strvec_push(&x->visited, key);
		free(key);
		if (seen || !f->cfg)
			continue;
		size_t mark = x->n;
		struct cfg_place param = { .root = (char *)"", .root_is_param = true, .param_index = (int)a };
		char *o = alloc_strdup(origin ? origin : call->args[a].place.path);
		taint_set(x, mark, &param, as, o);
		free(o);
		uint64_t saved = x->local_params;
		x->local_params = locals;
		escapes_in(x, f->cfg, depth + 1);
		x->local_params = saved;
		for (size_t i = mark; i < x->n; i++) {
			free(x->t[i].name);
			free(x->t[i].origin);
		}
		x->n = mark;
	}
}

static void escapes_in(struct escapes *x, const struct cfg *g, unsigned depth)
{
	size_t from = x->n ? x->n - 1 : 0; /* this function's taints: its parameter's and later */
	for (size_t b = 0; b < g->nblocks; b++) {
		for (size_t i = 0; i < g->blocks[b].nevents; i++) {
			const struct cfg_event *e = &g->blocks[b].events[i];
			if (e->kind == EVENT_CALL) {
				escapes_call(x, from, g, &g->calls[e->call], depth);
				continue;
			}
			if (!kinds_event_is_store(e))
				continue;
			const char *origin = NULL;
			enum held_as as = value_held(x, from, &e->value, &origin);
			const struct cfg_place *t = &e->target;
			const char *path = e->value.place.path;
			if (as != HELD_NONE && outlives(t) && !in_caller_local(x, t) &&
			    !(depth == 0 && t->root_is_global && t->path && overwritten_before_end(g, b, i, t->path))) {
				char *what = held_text(path, origin, NULL);
				escape_report(x, g, e->loc, what, t->path);
				free(what);
			} else if (t->root && !t->root_is_global && !t->deref && !t->field) {
				taint_set(x, from, t, as, origin ? origin : path);
			} else if (t->root && !t->root_is_global && !t->deref && t->field &&
				   strvec_contains(&x->ap->fields, t->field)) {
				/* local.Buffer = ...: the local now holds the caller's characters, or its own. */
				struct cfg_place whole = *t;
				whole.field = NULL;
				taint_set(x, from, &whole, as == HELD_BUFFER ? HELD_STRING : HELD_NONE,
					  origin ? origin : path);
			}
		}
	}
}

static void escapes_entry(const struct check *c)
{
	const struct argument_params *ap = c->compiled;
	struct escapes x = { c, ap, NULL, 0, STRVEC_INIT, 0 };
	struct cfg_place param = { .root = (char *)"", .root_is_param = true, .param_index = ap->param };
	taint_set(&x, 0, &param, HELD_POINTER, NULL);
	escapes_in(&x, c->fn->cfg, 0);
	for (size_t i = 0; i < x.n; i++) {
		free(x.t[i].name);
		free(x.t[i].origin);
	}
	free(x.t);
	strvec_clear(&x.visited);
}

static const struct kind_ops escapes_without_copy_ops = {
	.check_entry = escapes_entry,
};

const struct kind kind_escapes_without_copy = {
	.name = "escapes-without-copy",
	.placeholders = (const char *const[]){ "what", "target", NULL },
	.compile = argument_params_compile,
	.release = argument_params_release,
	.ops = &escapes_without_copy_ops,
};
