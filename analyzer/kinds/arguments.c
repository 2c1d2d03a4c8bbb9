/* Rule kinds about what a call is given or what outlives DriverEntry:
 * checked-before-use, extension-size and escapes-without-copy. */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "kinds/shared.h"
#include "base/problems.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/util.h"

/* The params of the kinds of this file, compiled once per rule; each kind
 * reads the members its schema has. */
struct argument_params {
	const char *call;
	int out_arg, size_arg;     /* 1-based; 0 when missing */
	int param;                 /* 0-based DriverEntry parameter (escapes-without-copy) */
	struct strvec fields;
};

static void *argument_params_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct argument_params *ap = xcalloc(1, sizeof(*ap));
	ap->call = param_string(params, "call");
	ap->out_arg = param_int(params, "out_arg", 0);
	ap->size_arg = param_int(params, "size_arg", 0);
	ap->param = param_int(params, "param", 2) - 1;
	names_compile(&ap->fields, cJSON_GetObjectItemCaseSensitive(params, "fields"));
	return ap;
}

static void argument_params_release(void *compiled)
{
	struct argument_params *ap = compiled;
	strvec_clear(&ap->fields);
	free(ap);
}

/* checked-before-use */

static bool checked_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct argument_params *ap = c->compiled;
	const struct cfg_call *call = event_call(g, e);
	if (call) {
		if (call_named(call, ap->call))
			return true;
		for (size_t a = 0; a < call->nargs; a++)
			if (call->args[a].kind == VALUE_PLACE && (call->args[a].place.field || call->args[a].place.deref))
				return true;
		return false;
	}
	return event_is_store(e) && (e->target.field || e->target.deref ||
			       (e->value.kind == VALUE_PLACE && (e->value.place.field || e->value.place.deref)));
}

static bool uses_through(const struct cfg_place *place, const char *var)
{
	return place->root && !strcmp(place->root, var) && (place->field || place->deref);
}

static void checked_path(const struct check *c, const struct path *p)
{
	const struct argument_params *ap = c->compiled;
	const char *name = ap->call;
	int out_arg = ap->out_arg;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		if (!call || !call_named(call, name))
			continue;
		const struct cfg_place *out = call_arg_place(call, out_arg);
		if (!out)
			continue;
		for (size_t j = i + 1; j < p->len; j++) {
			const struct hist_item *later = &p->items[j];
			if (later->kind == HIST_REFINE && later->site == it->site)
				break; /* checked (either way: the failure branch is another path's business) */
			if (later->frame != it->frame || !later->event)
				continue;
			const struct cfg_event *e = later->event;
			bool used = false;
			const struct cfg_call *lc = event_call(later->g, e);
			if (lc) {
				if (call_named(lc, name))
					break;
				for (size_t a = 0; a < lc->nargs; a++)
					used |= lc->args[a].kind == VALUE_PLACE && uses_through(&lc->args[a].place, out->root);
			} else if (event_is_store(e)) {
				used = uses_through(&e->target, out->root) ||
				       (e->value.kind == VALUE_PLACE && uses_through(&e->value.place, out->root));
			}
			if (!used)
				continue;
			char *line = xasprintf("%u", it->event->loc.line);
			const char *vars[] = { "var", out->root, "call", name, "call_line", line, NULL };
			report(c, e->loc, later->g->function, p, &it->event->loc, "allocated here", vars);
			free(line);
			break;
		}
	}
}

/* What a later use can be reported against: the allocations not yet checked
 * (no branch on their status or pointer, no later allocation replacing them).
 * Paths that agree on those merge, however their stores differ. */
static void checked_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const struct argument_params *ap = c->compiled;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		if (!call || !call_named(call, ap->call) || !call_arg_place(call, ap->out_arg))
			continue;
		bool settled = false;
		for (size_t j = i + 1; j < p->len && !settled; j++) {
			const struct hist_item *later = &p->items[j];
			const struct cfg_call *lc = later->kind == HIST_CALL ? event_call(later->g, later->event) : NULL;
			settled = (later->kind == HIST_REFINE && later->site == it->site) ||
				  (lc && call_named(lc, ap->call));
		}
		if (!settled)
			key_int(key, (unsigned long long)it->site << 32 | it->frame);
	}
}

static const struct kind_ops checked_before_use_ops = {
	.relevant = checked_relevant,
	.check_path = checked_path,
	.summary = checked_summary,
};

const struct kind kind_checked_before_use = {
	.name = "checked-before-use",
	.placeholders = (const char *const[]){ "var", "call", "call_line", NULL },
	.compile = argument_params_compile,
	.release = argument_params_release,
	.ops = &checked_before_use_ops,
};

/* extension-size */

static void size_visit(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
		       void *data)
{
	const struct argument_params *ap = c->compiled;
	const struct cfg_call *call = event_call(g, e);
	if (!call || !call_named(call, ap->call))
		return;
	int size_arg = ap->size_arg, out_arg = ap->out_arg;
	if (size_arg < 1 || out_arg < 1 || (size_t)size_arg > call->nargs || (size_t)out_arg > call->nargs)
		return;
	const struct cfg_value *size = &call->args[size_arg - 1];
	const struct cfg_value *out = &call->args[out_arg - 1];
	if (size->kind != VALUE_CONSTANT || out->kind != VALUE_ADDRESS || out->pointee_size <= 0 ||
	    size->number >= out->pointee_size)
		return;
	char *bytes = xasprintf("%lld", size->number);
	char *type_size = xasprintf("%lld", out->pointee_size);
	const char *vars[] = { "call", call->callee, "size", bytes, "var", out->place.root, "type",
			       out->pointee_type ? out->pointee_type : "?", "type_size", type_size, NULL };
	report(c, e->loc, g->function, NULL, NULL, NULL, vars);
	free(type_size);
	free(bytes);
	(void)data;
	(void)unit;
}

static void size_entry(const struct check *c)
{
	kind_visit_events(c, size_visit, NULL);
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

/* escapes-without-copy: only DriverEntry's own body knows which parameter is which. */

static void escapes_entry(const struct check *c)
{
	const struct cfg *g = c->fn->cfg;
	const struct argument_params *ap = c->compiled;
	int param = ap->param;
	for (size_t b = 0; b < g->nblocks; b++) {
		for (size_t i = 0; i < g->blocks[b].nevents; i++) {
			const struct cfg_event *e = &g->blocks[b].events[i];
			if (!event_is_store(e) || e->value.kind != VALUE_PLACE)
				continue;
			const struct cfg_place *v = &e->value.place;
			if (!v->root_is_param || v->param_index != param)
				continue;
			bool pointer = !v->field && !v->deref;           /* RegistryPath */
			bool by_value = !v->field && v->deref;           /* *RegistryPath */
			bool buffer = v->field && strvec_contains(&ap->fields, v->field);
			if (!pointer && !by_value && !buffer)
				continue;
			const struct cfg_place *t = &e->target;
			bool outlives = t->root_is_global || t->deref || (t->path && strstr(t->path, "->"));
			if (!outlives)
				continue;
			const char *vars[] = { "what", v->path, "target", t->path, NULL };
			report(c, e->loc, g->function, NULL, NULL, NULL, vars);
		}
	}
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
