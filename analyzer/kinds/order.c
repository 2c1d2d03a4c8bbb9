/* SPDX-License-Identifier: Apache-2.0 */
/* The order kind: the listed calls must come before the driver's entry points
 * (or, with "then": "global-store", a global its callbacks read) are stored. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "kinds/shared.h"
#include "facts/entry.h"
#include "base/problems.h"
#include "facts/program.h"
#include "facts/reads.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/strbuf.h"
#include "base/strvec.h"

/* order */

static const char *const dispatch_fields[] = { "MajorFunction", "DriverUnload", "AddDevice", "DriverStartIo" };

static bool is_dispatch_store(const struct cfg_event *e)
{
	for (size_t i = 0; i < sizeof(dispatch_fields) / sizeof(*dispatch_fields); i++)
		if (e->target.field && !strcmp(e->target.field, dispatch_fields[i]))
			return true;
	return false;
}

/* The params, compiled once per rule. */
struct order_params {
	struct strvec first;       /* the calls that must come first (or after) */
	bool global_store;         /* "then": "global-store"; else the dispatch stores */
	bool after;                /* "mode": "after" */
	bool only_if_succeeded;
};

static void *order_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct order_params *op = alloc_zeroed(1, sizeof(*op));
	kinds_names_compile(&op->first, cJSON_GetObjectItemCaseSensitive(params, "first"));
	const char *then = kinds_param_string(params, "then");
	op->global_store = then && !strcmp(then, "global-store");
	const char *mode = kinds_param_string(params, "mode");
	op->after = mode && !strcmp(mode, "after");
	op->only_if_succeeded = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "only_if_succeeded"));
	return op;
}

static void order_release(void *compiled)
{
	struct order_params *op = compiled;
	strvec_clear(&op->first);
	free(op);
}

/* The globals the driver's callbacks can read, by variable name, sorted: a
 * store to another global after filtering started races with nothing. The
 * callbacks are the functions whose address the driver's files take (stored,
 * passed, or named in a global's initializer, as FLT_REGISTRATION's
 * operation table names them), and what they call. One allocation. */
struct callback_reads {
	size_t n;
	const char *names[];
};

static void add_root(struct strvec *roots, const char *path)
{
	size_t n = 0;
	while (path[n] && (isalnum((unsigned char)path[n]) || path[n] == '_'))
		n++;
	char *root = alloc_strndup(path, n);
	if (n && !strvec_contains(roots, root))
		strvec_push(roots, root);
	free(root);
}

static void note_global(struct strvec *roots, const struct cfg_value *v)
{
	if ((v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) && v->place.root_is_global && v->place.root)
		add_root(roots, v->place.root);
}

struct function_queue {
	const struct program *prog;
	size_t *base;              /* per unit: the number of the first function */
	bool *seen;
	size_t *items;             /* unit, index pairs */
	size_t len, cap;
};

static void enqueue(struct function_queue *q, const char *name, size_t from)
{
	size_t u, i;
	if (!program_resolve(q->prog, name, from, &u, &i) || q->seen[q->base[u] + i])
		return;
	q->seen[q->base[u] + i] = true;
	GROW(q->items, q->cap, q->len + 2);
	q->items[q->len++] = u;
	q->items[q->len++] = i;
}

/* The functions a value names by address, as callbacks. */
static void enqueue_function(struct function_queue *q, const struct cfg_value *v, size_t unit)
{
	if (v->kind == VALUE_FUNCTION && v->name)
		enqueue(q, v->name, unit);
}

static const struct callback_reads *callback_reads(const struct check *c)
{
	static const char key;
	void **slot = ptrmap_slot(c->memo, &key);
	if (*slot)
		return *slot;
	const struct program *prog = c->prog;
	/* The driver's own callbacks: what its directory's files take the address
	 * of (another driver in the same run registers its own). */
	const char *dir = prog->units[c->entry->unit].dir;
	reads_note_dir(prog, dir);
	struct function_queue q = { prog, alloc_zeroed(prog->nunits + 1, sizeof(size_t)), NULL, NULL, 0, 0 };
	size_t total = 0;
	for (size_t u = 0; u < prog->nunits; u++) {
		q.base[u] = total;
		total += prog->units[u].nfunctions;
	}
	q.seen = alloc_zeroed(total + 1, sizeof(bool));
	/* DriverEntry is no callback, whatever takes its address. */
	q.seen[q.base[c->entry->unit] + c->entry->index] = true;
	for (size_t u = 0; u < prog->nunits; u++) {
		const struct unit_facts *unit = &prog->units[u];
		if (strcmp(unit->dir, dir))
			continue;
		for (size_t i = 0; i < unit->nfunctions; i++) {
			const struct cfg *g = unit->functions[i].cfg;
			for (size_t b = 0; g && b < g->nblocks; b++)
				for (size_t e = 0; e < g->blocks[b].nevents; e++) {
					const struct cfg_event *ev = &g->blocks[b].events[e];
					enqueue_function(&q, &ev->value, u);
					const struct cfg_call *call = event_call(g, ev);
					for (size_t a = 0; call && a < call->nargs; a++)
						enqueue_function(&q, &call->args[a], u);
				}
		}
		for (size_t k = 0; k < unit->nglobals; k++)
			for (size_t v = 0; v < unit->globals[k].values.len; v++) {
				const char *text = unit->globals[k].values.items[v];
				for (const char *p = text; *p;) {
					size_t n = 0;
					while (isalnum((unsigned char)p[n]) || p[n] == '_')
						n++;
					if (n && !isdigit((unsigned char)p[0])) {
						char *name = alloc_strndup(p, n);
						enqueue(&q, name, u);
						free(name);
					}
					p += n ? n : 1;
				}
			}
	}
	struct strvec roots = STRVEC_INIT;
	for (size_t k = 0; k < q.len; k += 2) {
		size_t u = q.items[k], i = q.items[k + 1];
		const struct function_facts *f = program_function(prog, u, i);
		const struct cfg *g = f->cfg;
		for (size_t b = 0; g && b < g->nblocks; b++) {
			if (g->blocks[b].cond.var)
				add_root(&roots, g->blocks[b].cond.var);
			for (size_t e = 0; e < g->blocks[b].nevents; e++) {
				const struct cfg_event *ev = &g->blocks[b].events[e];
				note_global(&roots, &ev->value);
				const struct cfg_call *call = event_call(g, ev);
				for (size_t a = 0; call && a < call->nargs; a++)
					note_global(&roots, &call->args[a]);
			}
		}
		for (size_t j = 0; j < f->callees.len; j++)
			enqueue(&q, f->callees.items[j], u);
	}
	strvec_sort(&roots);
	size_t bytes = sizeof(struct callback_reads) + roots.len * sizeof(char *);
	for (size_t k = 0; k < roots.len; k++)
		bytes += strlen(roots.items[k]) + 1;
	struct callback_reads *r = alloc_zeroed(1, bytes);
	char *at = (char *)&r->names[roots.len];
	for (size_t k = 0; k < roots.len; k++) {
		size_t n = strlen(roots.items[k]) + 1;
		memcpy(at, roots.items[k], n);
		r->names[k] = at;
		at += n;
	}
	r->n = roots.len;
	strvec_clear(&roots);
	free(q.items);
	free(q.seen);
	free(q.base);
	*slot = r;
	return r;
}

static int compare_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool read_by_callbacks(const struct check *c, const char *root)
{
	const struct callback_reads *r = callback_reads(c);
	return root && bsearch(&root, r->names, r->n, sizeof(*r->names), compare_name);
}

static bool order_then(const struct check *c, const struct cfg_event *e)
{
	const struct order_params *op = c->compiled;
	if (!kinds_event_is_store(e))
		return false;
	if (op->global_store)
		return e->target.root_is_global && read_by_callbacks(c, e->target.root);
	return is_dispatch_store(e);
}

static bool order_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct order_params *op = c->compiled;
	return (e->kind == EVENT_CALL && kinds_call_listed(event_call(g, e), &op->first)) || order_then(c, e);
}

static void order_path(const struct check *c, const struct path *p)
{
	const struct order_params *op = c->compiled;
	bool after = op->after, only_if_succeeded = op->only_if_succeeded;
	struct revealed r;
	revealed_init(&r, p);
	const struct hist_item *first = NULL;
	const struct hist_item **pending = alloc_zeroed(p->len + 1, sizeof(*pending));
	size_t npending = 0;
	struct strvec reported = STRVEC_INIT;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		revealed_learn(&r, it);
		if (it->kind == HIST_CALL) {
			if (!first)
				first = it;
			if (!after) {
				for (size_t k = 0; k < npending; k++) {
					char *line = kinds_line_number_text(it->event->loc.line);
					const char *name = event_call(it->g, it->event)->callee;
					const char *vars[] = { "target", pending[k]->event->target.path, "call", name,
							       "call_line", line, NULL };
					eval_add_finding(c, pending[k]->event->loc, pending[k]->g->function, p, &it->event->loc,
					       "called here", vars);
					free(line);
				}
				npending = 0;
			}
			continue;
		}
		if (it->kind != HIST_STORE || !order_then(c, it->event))
			continue;
		if (!after) {
			if (!first)
				pending[npending++] = it;
			continue;
		}
		if (!first || (only_if_succeeded && revealed_outcome(&r, first->site) == OUTCOME_FAILURE))
			continue;
		/* One finding per object: the first of its stores on the path. */
		const char *root = it->event->target.root;
		if (op->global_store && root) {
			if (strvec_contains(&reported, root))
				continue;
			strvec_push(&reported, root);
		}
		char *line = kinds_line_number_text(first->event->loc.line);
		const char *vars[] = { "target", it->event->target.path, "call",
				       event_call(first->g, first->event)->callee, "call_line", line, NULL };
		eval_add_finding(c, it->event->loc, it->g->function, p, &first->event->loc, "called here", vars);
		free(line);
	}
	free(pending);
	strvec_clear(&reported);
	revealed_release(&r);
}

static void order_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	struct revealed r;
	revealed_init(&r, p);
	const struct hist_item *first = NULL;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		revealed_learn(&r, it);
		if (it->kind == HIST_CALL && !first)
			first = it;
		else if (it->kind == HIST_STORE && !first && order_then(c, it->event))
			key_ptr(key, it->event); /* pending, for mode before */
	}
	if (first)
		key_int(key, (unsigned long long)first->site << 8 | revealed_outcome(&r, first->site));
	revealed_release(&r);
}

static const struct kind_ops order_ops = {
	.relevant = order_relevant,
	.check_path = order_path,
	.summary = order_summary,
};

const struct kind kind_order = {
	.name = "order",
	.placeholders = (const char *const[]){ "target", "call", "call_line", NULL },
	.compile = order_compile,
	.release = order_release,
	.ops = &order_ops,
};
