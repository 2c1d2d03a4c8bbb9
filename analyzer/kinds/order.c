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

/* A registration whose routine may run as soon as it returns: the routine is
 * its argument `arg`, or, with `fields`, a function the path stored in one
 * of those fields before the call (OB_OPERATION_REGISTRATION's PreOperation). */
struct callback_arg {
	struct strvec calls;
	int arg;
	struct strvec fields;
};

/* The params, compiled once per rule. */
struct order_params {
	struct strvec first;       /* the calls that must come first (or after) */
	bool global_store;         /* "then": "global-store"; else the dispatch stores */
	bool after;                /* "mode": "after" */
	bool only_if_succeeded;
	/* "not_callbacks": fields whose routine runs only once DriverEntry has
	 * returned (an unload routine): it races with nothing DriverEntry does. */
	struct strvec not_callbacks;
	/* "callbacks": the routines each registration gives; without it, every
	 * function whose address the driver takes is a callback. */
	struct callback_arg *cbs;
	size_t ncbs;
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
	kinds_names_compile(&op->not_callbacks, cJSON_GetObjectItemCaseSensitive(params, "not_callbacks"));
	const cJSON *cb;
	cJSON_ArrayForEach(cb, cJSON_GetObjectItemCaseSensitive(params, "callbacks")) {
		op->cbs = alloc_resize(op->cbs, (op->ncbs + 1) * sizeof(*op->cbs));
		struct callback_arg *a = &op->cbs[op->ncbs++];
		memset(a, 0, sizeof(*a));
		kinds_names_compile(&a->calls, cJSON_GetObjectItemCaseSensitive(cb, "calls"));
		a->arg = kinds_param_int(cb, "arg", 0);
		kinds_names_compile(&a->fields, cJSON_GetObjectItemCaseSensitive(cb, "fields"));
	}
	return op;
}

static void order_release(void *compiled)
{
	struct order_params *op = compiled;
	strvec_clear(&op->first);
	strvec_clear(&op->not_callbacks);
	for (size_t i = 0; i < op->ncbs; i++) {
		strvec_clear(&op->cbs[i].calls);
		strvec_clear(&op->cbs[i].fields);
	}
	free(op->cbs);
	free(op);
}

/* ---- the places callbacks read ---- */

/* What a set of callbacks reads of the globals, and what they call: each
 * place as written, `->` as `.` (g_State->Files is "g_State.Files"), or the
 * variable alone when the place is not a plain path. A store races with a
 * read when one place contains the other: a store to g_State->DriverObject
 * races with a read of g_State, not with one of g_State->Files. One
 * allocation. */
struct callback_reads {
	size_t n;
	const char *places[];
};

static void add_place(struct strvec *places, const char *path)
{
	if (!path)
		return;
	struct strbuf b = STRBUF_INIT;
	bool plain = isalpha((unsigned char)*path) || *path == '_';
	for (const char *s = path; *s && plain; s++) {
		if (s[0] == '-' && s[1] == '>') {
			strbuf_addc(&b, '.');
			s++;
		} else if (isalnum((unsigned char)*s) || strchr("_.[]*", *s)) {
			strbuf_addc(&b, *s);
		} else if (*s != ' ') {
			plain = false;
		}
	}
	if (!plain) {
		size_t n = 0;
		while (path[n] && (isalnum((unsigned char)path[n]) || path[n] == '_'))
			n++;
		b.len = 0;
		strbuf_add(&b, path, n);
	}
	if (b.len && !strvec_contains(places, b.buf))
		strvec_push(places, b.buf);
	strbuf_release(&b);
}

static bool ident_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* Every path an expression's text names (`a.b->c[i]`, as "a.b.c[*]"), its
 * variable first: what a test or a computed value reads. */
static void add_text_places(struct strvec *places, const char *text)
{
	struct strbuf b = STRBUF_INIT;
	for (const char *s = text; s && *s;) {
		if (!ident_char(*s) || isdigit((unsigned char)*s) ||
		    (s > text && (ident_char(s[-1]) || s[-1] == '.' || (s[-1] == '>' && s > text + 1 && s[-2] == '-')))) {
			s++;
			continue;
		}
		b.len = 0;
		for (;;) {
			size_t n = 0;
			while (ident_char(s[n]))
				n++;
			strbuf_add(&b, s, n);
			s += n;
			while (*s == '[') {
				const char *e = strchr(s, ']');
				if (!e)
					break;
				bool constant = e > s + 1;
				for (const char *d = s + 1; d < e; d++)
					constant &= isdigit((unsigned char)*d) != 0;
				if (constant)
					strbuf_add(&b, s, (size_t)(e - s + 1));
				else
					strbuf_adds(&b, "[*]");
				s = e + 1;
			}
			size_t skip = *s == '.' ? 1 : (s[0] == '-' && s[1] == '>') ? 2 : 0;
			if (!skip || !ident_char(s[skip]) || isdigit((unsigned char)s[skip]))
				break;
			strbuf_addc(&b, '.');
			s += skip;
		}
		if (*s != '(' && !strvec_contains(places, b.buf))
			strvec_push(places, b.buf);
	}
	strbuf_release(&b);
}

static void note_global(struct strvec *places, const struct cfg_value *v)
{
	if ((v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) && v->place.root_is_global && v->place.root)
		add_place(places, v->place.key ? v->place.key : v->place.path);
	else if (v->kind == VALUE_UNKNOWN || v->kind == VALUE_CALL)
		add_text_places(places, v->text);
	for (size_t k = 0; k < v->nalts; k++)
		note_global(places, &v->alts[k]);
}

/* What a test reads: the paths its text names, and each variable the parser
 * saw it read (inside a macro's body too) that the text does not show, whole. */
static void note_condition(struct strvec *places, const struct cfg_cond *cond)
{
	struct strvec found = STRVEC_INIT;
	add_text_places(&found, cond->text);
	add_text_places(&found, cond->var);
	add_text_places(&found, cond->var2);
	for (size_t k = 0; k < found.len; k++)
		if (!strvec_contains(places, found.items[k]))
			strvec_push(places, found.items[k]);
	for (size_t n = 0; n < cond->names.len; n++) {
		const char *name = cond->names.items[n];
		size_t len = strlen(name);
		bool shown = false;
		for (size_t k = 0; k < found.len && !shown; k++)
			shown = !strncmp(found.items[k], name, len) && strchr(".[", found.items[k][len]);
		if (!shown && !strvec_contains(places, name))
			strvec_push(places, name);
	}
	strvec_clear(&found);
}

/* Whether place `a` contains `b` or `b` contains `a`, component by
 * component; a subscript [*] (not a constant) is any element. */
static bool places_overlap(const char *a, const char *b)
{
	for (;;) {
		if (!*a || !*b)
			return true;
		if (*a == '[' || *b == '[') {
			const char *ea = strchr(a, ']'), *eb = strchr(b, ']');
			if (*a != '[' || *b != '[' || !ea || !eb)
				return true; /* an array against a member: not told apart */
			bool any = !strncmp(a, "[*]", 3) || !strncmp(b, "[*]", 3);
			if (!any && (ea - a != eb - b || strncmp(a, b, (size_t)(ea - a))))
				return false;
			a = ea + 1;
			b = eb + 1;
		} else {
			size_t na = strcspn(a, ".["), nb = strcspn(b, ".[");
			if (na != nb || strncmp(a, b, na))
				return false;
			a += na;
			b += nb;
		}
		a += *a == '.';
		b += *b == '.';
	}
}

struct function_queue {
	const struct program *prog;
	size_t *base;              /* per unit: the number of the first function */
	bool *seen;
	size_t *items;             /* unit, index pairs */
	size_t len, cap;
};

static void queue_init(struct function_queue *q, const struct program *prog)
{
	memset(q, 0, sizeof(*q));
	q->prog = prog;
	q->base = alloc_zeroed(prog->nunits + 1, sizeof(size_t));
	size_t total = 0;
	for (size_t u = 0; u < prog->nunits; u++) {
		q->base[u] = total;
		total += prog->units[u].nfunctions;
	}
	q->seen = alloc_zeroed(total + 1, sizeof(bool));
}

static void queue_release(struct function_queue *q)
{
	free(q->items);
	free(q->seen);
	free(q->base);
}

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

/* The functions a value names by address, as callbacks, except those in
 * `skip` (NULL: none). */
static void enqueue_function(struct function_queue *q, const struct cfg_value *v, size_t unit,
			     const struct strvec *skip)
{
	if (v->kind == VALUE_FUNCTION && v->name && !(skip && strvec_contains(skip, v->name)))
		enqueue(q, v->name, unit);
	for (size_t k = 0; k < v->nalts; k++)
		enqueue_function(q, &v->alts[k], unit, skip);
}

/* The strings of `v` in one allocation (a memo's value is freed whole). */
static struct callback_reads *packed(const struct strvec *v)
{
	size_t bytes = sizeof(struct callback_reads) + v->len * sizeof(char *);
	for (size_t k = 0; k < v->len; k++)
		bytes += strlen(v->items[k]) + 1;
	struct callback_reads *r = alloc_zeroed(1, bytes);
	char *at = (char *)&r->places[v->len];
	for (size_t k = 0; k < v->len; k++) {
		size_t n = strlen(v->items[k]) + 1;
		memcpy(at, v->items[k], n);
		r->places[k] = at;
		at += n;
	}
	r->n = v->len;
	return r;
}

/* What the queued functions, and all they call, read: sorted. */
static struct callback_reads *gather_reads(struct function_queue *q)
{
	struct strvec places = STRVEC_INIT;
	for (size_t k = 0; k < q->len; k += 2) {
		size_t u = q->items[k], i = q->items[k + 1];
		const struct function_facts *f = program_function(q->prog, u, i);
		const struct cfg *g = f->cfg;
		for (size_t b = 0; g && b < g->nblocks; b++) {
			note_condition(&places, &g->blocks[b].cond);
			for (size_t e = 0; e < g->blocks[b].nevents; e++) {
				const struct cfg_event *ev = &g->blocks[b].events[e];
				note_global(&places, &ev->value);
				const struct cfg_call *call = event_call(g, ev);
				for (size_t a = 0; call && a < call->nargs; a++)
					note_global(&places, &call->args[a]);
			}
		}
		for (size_t j = 0; j < f->callees.len; j++)
			enqueue(q, f->callees.items[j], u);
	}
	strvec_sort(&places);
	struct callback_reads *r = packed(&places);
	strvec_clear(&places);
	return r;
}

static bool reads_place(const struct callback_reads *r, const char *place)
{
	for (size_t k = 0; place && k < r->n; k++)
		if (places_overlap(r->places[k], place))
			return true;
	return false;
}

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
	enqueue_function(s->q, &e->value, unit, s->skip);
	const struct cfg_call *call = event_call(g, e);
	for (size_t a = 0; call && a < call->nargs; a++)
		enqueue_function(s->q, &call->args[a], unit, s->skip);
}

/* Without "callbacks": what every function whose address the driver's files
 * take (stored, passed, or named in a global's initializer, as
 * FLT_REGISTRATION's operation table names them) reads, and what it calls,
 * but for the `not_callbacks` routines (reached from another callback, they
 * count). */
static const struct callback_reads *all_callback_reads(const struct check *c)
{
	static const char key;
	void **slot = ptrmap_slot(c->memo, &key);
	if (*slot)
		return *slot;
	const struct order_params *op = c->compiled;
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
	queue_init(&q, prog);
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
							enqueue(&q, name, u);
						free(name);
					}
					p += n ? n : 1;
				}
			}
	}
	struct callback_reads *r = gather_reads(&q);
	queue_release(&q);
	strvec_clear(&skip);
	*slot = r;
	return r;
}

/* What one callback, and what it calls, reads (memoized by its facts). */
static const struct callback_reads *function_reads(const struct check *c, const char *name, size_t from)
{
	size_t u, i;
	if (!program_resolve(c->prog, name, from, &u, &i))
		return NULL;
	const struct function_facts *f = program_function(c->prog, u, i);
	void **slot = ptrmap_slot(c->memo, f);
	if (*slot)
		return *slot;
	struct function_queue q;
	queue_init(&q, c->prog);
	q.seen[q.base[c->entry->unit] + c->entry->index] = true;
	enqueue(&q, name, from);
	struct callback_reads *r = gather_reads(&q);
	queue_release(&q);
	*slot = r;
	return r;
}

static const struct callback_arg *callback_of(const struct order_params *op, const struct cfg_call *call)
{
	for (size_t k = 0; call && k < op->ncbs; k++)
		if (kinds_call_listed(call, &op->cbs[k].calls))
			return &op->cbs[k];
	return NULL;
}

static void add_function_name(struct strvec *names, const struct cfg_value *v)
{
	if (v->kind == VALUE_FUNCTION && v->name && !strvec_contains(names, v->name))
		strvec_push(names, v->name);
	for (size_t k = 0; k < v->nalts; k++)
		add_function_name(names, &v->alts[k]);
}

/* With "callbacks": every routine the driver's directory gives to a
 * registration (its argument, or a store to one of its fields): which
 * stores a path keeps. */
static void note_registered(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			    void *data)
{
	(void)unit;
	const struct order_params *op = c->compiled;
	struct strvec *names = data;
	const struct cfg_call *call = event_call(g, e);
	const struct callback_arg *a = callback_of(op, call);
	if (a && !a->fields.len && a->arg >= 1 && (size_t)a->arg <= call->nargs)
		add_function_name(names, &call->args[a->arg - 1]);
	for (size_t k = 0; k < op->ncbs && kinds_event_is_store(e) && e->target.field; k++)
		if (strvec_contains(&op->cbs[k].fields, e->target.field))
			add_function_name(names, &e->value);
}

static const struct callback_reads *registered_routines(const struct check *c)
{
	static const char key;
	void **slot = ptrmap_slot(c->memo, &key);
	if (*slot)
		return *slot;
	struct strvec names = STRVEC_INIT;
	scan_dir(c, note_registered, &names);
	struct callback_reads *r = packed(&names);
	strvec_clear(&names);
	*slot = r;
	return r;
}

/* Whether any callback the rule knows of reads the place a store writes. */
static bool read_by_callbacks(const struct check *c, const struct cfg_place *target)
{
	const struct order_params *op = c->compiled;
	const char *place = target->key ? target->key : target->path;
	struct strvec norm = STRVEC_INIT;
	add_place(&norm, place);
	bool found = false;
	if (norm.len && !op->ncbs) {
		found = reads_place(all_callback_reads(c), norm.items[0]);
	} else if (norm.len) {
		const struct callback_reads *names = registered_routines(c);
		for (size_t k = 0; k < names->n && !found; k++) {
			const struct callback_reads *r = function_reads(c, names->places[k], c->entry->unit);
			found = r && reads_place(r, norm.items[0]);
		}
	}
	strvec_clear(&norm);
	return found;
}

/* With "callbacks": whether the routines registration `reg` gives read the
 * place `target`; the routines are its argument or, with fields, the
 * functions the path stored in them before it. */
static bool registration_reads(const struct check *c, const struct path *p, size_t at, const struct cfg_place *target)
{
	const struct order_params *op = c->compiled;
	const struct hist_item *reg = &p->items[at];
	const struct cfg_call *call = event_call(reg->g, reg->event);
	const struct callback_arg *a = callback_of(op, call);
	if (!a)
		return false;
	struct strvec names = STRVEC_INIT;
	if (!a->fields.len && a->arg >= 1 && (size_t)a->arg <= call->nargs)
		add_function_name(&names, &call->args[a->arg - 1]);
	for (size_t i = 0; i < at && a->fields.len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_STORE && it->event->target.field &&
		    strvec_contains(&a->fields, it->event->target.field))
			add_function_name(&names, &it->event->value);
	}
	struct strvec norm = STRVEC_INIT;
	add_place(&norm, target->key ? target->key : target->path);
	bool found = false;
	size_t unit = 0;
	if (!kinds_graph_unit(c, reg->g, &unit))
		unit = c->entry->unit;
	for (size_t k = 0; k < names.len && norm.len && !found; k++) {
		const struct callback_reads *r = function_reads(c, names.items[k], unit);
		found = r && reads_place(r, norm.items[0]);
	}
	strvec_clear(&norm);
	strvec_clear(&names);
	return found;
}

static bool order_then(const struct check *c, const struct cfg_event *e)
{
	const struct order_params *op = c->compiled;
	if (!kinds_event_is_store(e))
		return false;
	if (op->global_store)
		return e->target.root_is_global && read_by_callbacks(c, &e->target);
	return is_dispatch_store(e);
}

/* A store to a field a registration reads its routine from. */
static bool callback_field_store(const struct order_params *op, const struct cfg_event *e)
{
	for (size_t k = 0; k < op->ncbs && kinds_event_is_store(e) && e->target.field; k++)
		if (strvec_contains(&op->cbs[k].fields, e->target.field))
			return true;
	return false;
}

static bool order_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct order_params *op = c->compiled;
	return (e->kind == EVENT_CALL && kinds_call_listed(event_call(g, e), &op->first)) || order_then(c, e) ||
	       callback_field_store(op, e);
}

static void report_after(const struct check *c, const struct path *p, const struct hist_item *it,
			 const struct hist_item *call)
{
	char *line = kinds_line_number_text(call->event->loc.line);
	const char *vars[] = { "target", it->event->target.path, "call", event_call(call->g, call->event)->callee,
			       "call_line", line, NULL };
	eval_add_finding(c, it->event->loc, it->g->function, p, &call->event->loc, "called here", vars);
	free(line);
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
	/* Mode after: the listed calls made so far, by index on the path. */
	size_t *calls = alloc_zeroed(p->len + 1, sizeof(*calls));
	size_t ncalls = 0;
	struct strvec reported = STRVEC_INIT;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		revealed_learn(&r, it);
		if (it->kind == HIST_CALL) {
			if (!first)
				first = it;
			calls[ncalls++] = i;
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
		/* One finding per object: the first of its stores on the path. */
		const char *root = it->event->target.root;
		if (op->global_store && root && strvec_contains(&reported, root))
			continue;
		/* The first call made before the store (and not known to have
		 * failed) whose routines read what it writes. */
		const struct hist_item *by = NULL;
		for (size_t k = 0; k < ncalls && !by; k++) {
			const struct hist_item *call = &p->items[calls[k]];
			if (only_if_succeeded && revealed_outcome(&r, call->site) == OUTCOME_FAILURE)
				continue;
			if (!op->ncbs || registration_reads(c, p, calls[k], &it->event->target))
				by = call;
		}
		if (!by)
			continue;
		if (op->global_store && root)
			strvec_push(&reported, root);
		report_after(c, p, it, by);
	}
	free(pending);
	free(calls);
	strvec_clear(&reported);
	revealed_release(&r);
}

static void order_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const struct order_params *op = c->compiled;
	struct revealed r;
	revealed_init(&r, p);
	bool first = false;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		revealed_learn(&r, it);
		if (it->kind == HIST_CALL)
			first = true;
		else if (it->kind == HIST_STORE && !first && order_then(c, it->event))
			key_ptr(key, it->event); /* pending, for mode before */
		else if (it->kind == HIST_STORE && callback_field_store(op, it->event))
			key_ptr(key, it->event); /* a routine a later registration gives */
	}
	/* Every listed call made, and what is known of its outcome. */
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].kind == HIST_CALL)
			key_int(key, (unsigned long long)p->items[i].site << 8 | revealed_outcome(&r, p->items[i].site));
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
