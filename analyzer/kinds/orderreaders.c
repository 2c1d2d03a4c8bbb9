/* SPDX-License-Identifier: Apache-2.0 */
/* What the globals' readers read, for an order rule that names no
 * registrations: every function whose address the driver's files take, or
 * the routines its "readers" registrations name. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "facts/reads.h"
#include "kinds/orderparams.h"
#include "kinds/places.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/strvec.h"

/* Calls a visitor on every event of every function of the driver's
 * directory (another driver in the same run registers its own). */
static void scan_dir(const struct check *c, void (*visit)(const struct check *c, size_t unit, const struct cfg *g,
							   const struct cfg_event *e, void *data),
		     void *data)
{
	const struct program *prog = c->prog;
	const char *dir = prog->units[c->entry->unit].dir;
	reads_note_dir(prog, dir);
	for (size_t u = 0; u < prog->nunits; u++) {
		const struct unit_facts *unit = &prog->units[u];
		if (strcmp(unit->dir, dir))
			continue;
		for (size_t i = 0; i < unit->nfunctions; i++) {
			const struct cfg *g = unit->functions[i].cfg;
			for (size_t b = 0; g && b < g->nblocks; b++)
				for (size_t e = 0; e < g->blocks[b].nevents; e++)
					visit(c, u, g, &g->blocks[b].events[e], data);
		}
	}
}

/* The routines stored in a `not_callbacks` field anywhere in the driver's
 * directory, or named there by a global's initializer. */
static void note_not_callback(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			      void *data)
{
	(void)unit;
	(void)g;
	const struct order_params *op = c->compiled;
	struct strvec *skip = data;
	if (kinds_event_is_store(e) && e->target.field && strvec_contains(&op->not_callbacks, e->target.field) &&
	    e->value.kind == VALUE_FUNCTION && e->value.name && !strvec_contains(skip, e->value.name))
		strvec_push(skip, e->value.name);
}

struct address_scan {
	struct function_queue *q;
	const struct strvec *skip;
};

static void note_address(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			 void *data)
{
	(void)c;
	struct address_scan *s = data;
	kinds_queue_add_value(s->q, &e->value, unit, s->skip);
	const struct cfg_call *call = event_call(g, e);
	for (size_t a = 0; call && a < call->nargs; a++)
		kinds_queue_add_value(s->q, &call->args[a], unit, s->skip);
}

/* With "readers": the functions the registrations DriverEntry makes name,
 * followed through globals' initializers (a FLT_REGISTRATION names its
 * operation table, which names the callbacks) and a local structure's
 * stores; a `not_callbacks` field is passed over. */
struct reader_scan {
	struct function_queue *q;
	struct strvec followed;    /* globals, and "@local" roots, already followed */
};

static void follow_value(const struct check *c, struct reader_scan *s, size_t unit, const struct cfg *g,
			 const struct cfg_value *v);

static void queue_function(size_t unit, size_t index, const char *name, void *data)
{
	(void)name;
	kinds_queue_add_at(data, unit, index);
}

static void follow_global(const struct check *c, struct reader_scan *s, size_t unit, const char *name)
{
	const struct order_params *op = c->compiled;
	kinds_initializer_functions(c->prog, unit, name, &op->not_callbacks, &s->followed, queue_function, s->q);
}

/* A local structure: what the function that passes it stores in it. */
static void follow_local(const struct check *c, struct reader_scan *s, size_t unit, const struct cfg *g,
			 const char *root)
{
	const struct order_params *op = c->compiled;
	char *key = alloc_printf("@%s", root);
	bool done = strvec_contains(&s->followed, key);
	if (!done)
		strvec_push(&s->followed, key);
	free(key);
	for (size_t b = 0; !done && g && b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if (kinds_event_is_store(ev) && ev->target.root && !ev->target.root_is_global &&
			    !strcmp(ev->target.root, root) &&
			    !(ev->target.field && strvec_contains(&op->not_callbacks, ev->target.field)))
				follow_value(c, s, unit, g, &ev->value);
		}
}

static void follow_value(const struct check *c, struct reader_scan *s, size_t unit, const struct cfg *g,
			 const struct cfg_value *v)
{
	if (v->kind == VALUE_FUNCTION && v->name)
		kinds_queue_add(s->q, v->name, unit);
	else if ((v->kind == VALUE_ADDRESS || v->kind == VALUE_PLACE) && v->place.root && v->place.root_is_global)
		follow_global(c, s, unit, v->place.root);
	else if ((v->kind == VALUE_ADDRESS || v->kind == VALUE_PLACE) && v->place.root && !v->place.root_is_param)
		follow_local(c, s, unit, g, v->place.root);
	for (size_t k = 0; k < v->nalts; k++)
		follow_value(c, s, unit, g, &v->alts[k]);
}

static void note_reader(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e, void *data)
{
	const struct order_params *op = c->compiled;
	const struct cfg_call *call = event_call(g, e);
	for (size_t k = 0; call && k < op->nreaders; k++) {
		if (!kinds_call_listed(call, &op->readers[k].calls))
			continue;
		for (size_t a = 0; a < op->readers[k].nargs; a++)
			if (op->readers[k].args[a] >= 1 && (size_t)op->readers[k].args[a] <= call->nargs)
				follow_value(c, data, unit, g, &call->args[op->readers[k].args[a] - 1]);
	}
}

static struct callback_reads *readers_reads(const struct check *c)
{
	struct function_queue q;
	kinds_queue_init(&q, c->prog);
	/* DriverEntry is no callback, whatever names it. */
	q.seen[q.base[c->entry->unit] + c->entry->index] = true;
	struct reader_scan s = { &q, STRVEC_INIT };
	kinds_visit_events(c, note_reader, &s);
	struct callback_reads *r = kinds_reads_gather(&q);
	strvec_clear(&s.followed);
	kinds_queue_release(&q);
	return r;
}

/* Without "callbacks": what every function whose address the driver's files
 * take (stored, passed, or named in a global's initializer, as
 * FLT_REGISTRATION's operation table names them) reads, and what it calls,
 * but for the `not_callbacks` routines (reached from another callback, they
 * count). */
const struct callback_reads *kinds_order_all_reads(const struct check *c)
{
	static const char key;
	void **slot = ptrmap_slot(c->memo, &key);
	if (*slot)
		return *slot;
	const struct order_params *op = c->compiled;
	if (op->nreaders) {
		struct callback_reads *rr = readers_reads(c);
		/* Taken again: the work may have grown the memo. */
		*ptrmap_slot(c->memo, &key) = rr;
		return rr;
	}
	const struct program *prog = c->prog;
	const char *dir = prog->units[c->entry->unit].dir;
	struct strvec skip = STRVEC_INIT;
	if (op->not_callbacks.len) {
		scan_dir(c, note_not_callback, &skip);
		for (size_t u = 0; u < prog->nunits; u++)
			for (size_t k = 0; !strcmp(prog->units[u].dir, dir) && k < prog->units[u].nglobals; k++)
				for (size_t f = 0; f < op->not_callbacks.len; f++) {
					const char *v = decls_field_initializer(&prog->units[u].globals[k],
										op->not_callbacks.items[f]);
					if (v && !strvec_contains(&skip, v))
						strvec_push(&skip, v);
				}
	}
	struct function_queue q;
	kinds_queue_init(&q, prog);
	/* DriverEntry is no callback, whatever takes its address. */
	q.seen[q.base[c->entry->unit] + c->entry->index] = true;
	struct address_scan as = { &q, &skip };
	scan_dir(c, note_address, &as);
	for (size_t u = 0; u < prog->nunits; u++) {
		const struct unit_facts *unit = &prog->units[u];
		if (strcmp(unit->dir, dir))
			continue;
		for (size_t k = 0; k < unit->nglobals; k++)
			for (size_t v = 0; v < unit->globals[k].values.len; v++) {
				const char *text = unit->globals[k].values.items[v];
				for (const char *p = text; *p;) {
					size_t n = 0;
					while (isalnum((unsigned char)p[n]) || p[n] == '_')
						n++;
					if (n && !isdigit((unsigned char)p[0])) {
						char *name = alloc_strndup(p, n);
						if (!strvec_contains(&skip, name))
							kinds_queue_add(&q, name, u);
						free(name);
					}
					p += n ? n : 1;
				}
			}
	}
	struct callback_reads *r = kinds_reads_gather(&q);
	kinds_queue_release(&q);
	strvec_clear(&skip);
	*ptrmap_slot(c->memo, &key) = r;
	return r;
}

