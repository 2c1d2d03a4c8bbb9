/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers the rule kinds share: matching calls against the names a rule
 * lists, walking DriverEntry's helpers, and the paths whose checking a call
 * without a visible body hides. */
#include "kinds/shared.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/problems.h"
#include "facts/entry.h"
#include "facts/pointers.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/map.h"
#include "base/strbuf.h"
#include "base/strvec.h"

bool kinds_call_named(const struct cfg_call *call, const char *name)
{
	return call && name && ((call->callee && !strcmp(call->callee, name)) ||
			(call->macro && !strcmp(call->macro, name)));
}

bool kinds_name_listed(const char *s, const cJSON *list)
{
	const cJSON *item;
	if (!s)
		return false;
	if (cJSON_IsString(list))
		return !strcmp(list->valuestring, s);
	cJSON_ArrayForEach(item, list)
		if (cJSON_IsString(item) && !strcmp(item->valuestring, s))
			return true;
	return false;
}

const struct cfg_value *kinds_last_store_into(const struct path *p, size_t at, const char *root, const char *field)
{
	const struct cfg_value *last = NULL;
	for (size_t i = 0; i < at; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_STORE && it->frame == p->items[at].frame && it->event->target.root &&
		    !strcmp(it->event->target.root, root) && it->event->target.field &&
		    !strcmp(it->event->target.field, field))
			last = &it->event->value;
	}
	return last;
}

bool kinds_event_is_store(const struct cfg_event *e)
{
	return e->kind == EVENT_STORE || e->kind == EVENT_ASSIGN;
}

/* A store into `field`; a loop store through a pointer walked over the
 * dispatch table counts as a store into MajorFunction. */
bool kinds_event_stores_field(const struct cfg_event *e, const char *field)
{
	if (!kinds_event_is_store(e) || !field)
		return false;
	if (e->fills_table && !strcmp(field, "MajorFunction"))
		return true;
	return e->target.field && !strcmp(e->target.field, field);
}

bool kinds_value_mentions(const struct cfg_value *v, const char *name)
{
	return name && ((v->text && strstr(v->text, name)) || (v->name && !strcmp(v->name, name)));
}

size_t kinds_arg_places(const struct cfg_call *call, int arg, const struct cfg_place **out, size_t max)
{
	if (!call || arg < 1 || (size_t)arg > call->nargs)
		return 0;
	const struct cfg_value *v = &call->args[arg - 1];
	size_t n = 0;
	for (size_t i = 0; i < (v->nalts ? v->nalts : 1) && n < max; i++) {
		const struct cfg_value *alt = v->nalts ? &v->alts[i] : v;
		if ((alt->kind == VALUE_ADDRESS || alt->kind == VALUE_PLACE) && alt->place.root)
			out[n++] = &alt->place;
	}
	return n;
}

const struct cfg_place *kinds_arg_place(const struct cfg_call *call, int arg)
{
	if (!call || arg < 1 || (size_t)arg > call->nargs)
		return NULL;
	const struct cfg_value *v = &call->args[arg - 1];
	return (v->kind == VALUE_ADDRESS || v->kind == VALUE_PLACE) && v->place.root ? &v->place : NULL;
}

void kinds_names_compile(struct strvec *out, const cJSON *list)
{
	const cJSON *item;
	if (cJSON_IsString(list))
		strvec_push(out, list->valuestring);
	cJSON_ArrayForEach(item, list)
		if (cJSON_IsString(item))
			strvec_push(out, item->valuestring);
}

bool kinds_call_listed(const struct cfg_call *call, const struct strvec *names)
{
	return call && ((call->callee && strvec_contains(names, call->callee)) ||
			(call->macro && strvec_contains(names, call->macro)));
}

bool kinds_program_calls(const struct check *c, const struct strvec *names)
{
	for (size_t u = 0; u < c->prog->nunits; u++)
		for (size_t f = 0; f < c->prog->units[u].nfunctions; f++) {
			const struct cfg *g = c->prog->units[u].functions[f].cfg;
			for (size_t k = 0; g && k < g->ncalls; k++)
				if (kinds_call_listed(&g->calls[k], names))
					return true;
		}
	return false;
}

char *kinds_names_joined(const struct strvec *names, const char *sep)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < names->len; i++) {
		if (i)
			strbuf_adds(&sb, sep);
		strbuf_adds(&sb, names->items[i]);
	}
	return strbuf_detach(&sb);
}

int kinds_param_int(const cJSON *params, const char *key, int fallback)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, key);
	return cJSON_IsNumber(v) ? v->valueint : fallback;
}

const char *kinds_param_string(const cJSON *params, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

struct event_walk {
	const struct check *check;
	event_visitor *visit;
	void *data;
};

static void visit_function(struct call_walk *w, size_t unit, size_t index)
{
	const struct event_walk *ew = w->data;
	const struct cfg *g = program_function(w->prog, unit, index)->cfg;
	for (size_t b = 0; g && b < g->nblocks; b++) {
		for (size_t i = 0; i < g->blocks[b].nevents; i++) {
			const struct cfg_event *e = &g->blocks[b].events[i];
			ew->visit(ew->check, unit, g, e, ew->data);
			const struct cfg_call *call = event_call(g, e);
			if (call && call->callee && !call->callee_in_system_header) {
				char *qualified = call->scope ? alloc_printf("%s::%s", call->scope, call->callee) : NULL;
				call_walk_follow(w, qualified ? qualified : call->callee, unit);
				free(qualified);
			}
		}
	}
}

void kinds_visit_events(const struct check *c, event_visitor *visit, void *data)
{
	struct event_walk ew = { c, visit, data };
	call_walk_run(c->prog, c->entry->unit, c->entry->index, visit_function, &ew);
}

static bool passes(const struct cfg_call *call, const char *var)
{
	for (size_t a = 0; call && a < call->nargs; a++) {
		const struct cfg_value *v = &call->args[a];
		if ((v->kind == VALUE_ADDRESS || v->kind == VALUE_PLACE) && v->place.root &&
		    !strcmp(v->place.root, var))
			return true;
	}
	return false;
}

static bool passes_outside(const struct cfg_call *call)
{
	for (size_t a = 0; a < call->nargs; a++) {
		const struct cfg_value *v = &call->args[a];
		if ((v->kind == VALUE_ADDRESS || v->kind == VALUE_PLACE) &&
		    (v->place.root_is_param || v->place.root_is_global))
			return true;
	}
	return false;
}

/* The unit whose function `g` is, by a search memoized per graph. */
bool kinds_graph_unit(const struct check *c, const struct cfg *g, size_t *unit)
{
	void **slot = ptrmap_slot(c->memo, g);
	if (!*slot) {
		size_t *found = alloc_zeroed(1, sizeof(*found));
		*found = SIZE_MAX;
		for (size_t u = 0; u < c->prog->nunits && *found == SIZE_MAX; u++)
			for (size_t i = 0; i < c->prog->units[u].nfunctions; i++)
				if (c->prog->units[u].functions[i].cfg == g) {
					*found = u;
					break;
				}
		*slot = found;
	}
	*unit = *(const size_t *)*slot;
	return *unit != SIZE_MAX;
}

enum pointer_target kinds_pointer_target(const struct check *c, size_t from, const struct cfg *g,
					 const struct cfg_call *call, const struct pointer_targets **targets)
{
	struct pointed {
		enum pointer_target target;
		struct pointer_targets to;
	};
	static const struct pointer_targets none;
	*targets = &none;
	if (call->callee || !call->pointer.root)
		return POINTER_UNKNOWN;
	void **slot = ptrmap_slot(c->memo, &call->pointer);
	if (!*slot) {
		struct pointed *p = alloc_zeroed(1, sizeof(*p));
		p->target = pointer_target(c->prog, c->entry->unit, from, g, call, &p->to);
		*slot = p;
	}
	const struct pointed *p = *slot;
	*targets = &p->to;
	return p->target;
}

bool kinds_targets_visible(const struct check *c, const struct pointer_targets *t)
{
	for (size_t k = 0; k < t->n; k++)
		if (!program_function(c->prog, t->unit[k], t->index[k])->cfg)
			return false;
	return t->n > 0;
}

bool kinds_call_is_kernel_routine(const struct check *c, const struct cfg *g, const struct cfg_call *call)
{
	size_t from;
	const struct pointer_targets *t;
	return call->imported ||
	       (kinds_graph_unit(c, g, &from) && kinds_pointer_target(c, from, g, call, &t) == POINTER_KERNEL);
}

bool kinds_span_hidden_by_opaque(const struct check *c, const struct path *p, size_t from, size_t to,
				 const char *var)
{
	if (c->strict)
		return false;
	for (size_t i = from; i < to && i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_OPAQUE)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		if (var && !passes(call, var))
			continue;
		/* A routine of the kernel the driver declares itself reaches only
		 * what it is given: DriverEntry's parameters or a global. */
		if (!var && kinds_call_is_kernel_routine(c, it->g, call) && !passes_outside(call))
			continue;
		kinds_note_stepped_back(c, it);
		return true;
	}
	return false;
}

void kinds_call_described(const struct check *c, const struct cfg_call *call, char *buf, size_t size)
{
	const char *file = call->loc.file;
	bool here = !file || !c->unit || !c->unit->path || !strcmp(file, c->unit->path);
	const char *base = file ? strrchr(file, '/') : NULL;
	char at[160];
	if (here)
		snprintf(at, sizeof(at), "line %u", call->loc.line);
	else
		snprintf(at, sizeof(at), "%s:%u", base ? base + 1 : file, call->loc.line);
	if (call->callee)
		snprintf(buf, size, "%s (%s)", call->callee, at);
	else if (call->pointer.path)
		snprintf(buf, size, "the call through %s (%s)", call->pointer.path, at);
	else
		snprintf(buf, size, "a call (%s)", at);
}

void kinds_note_stepped_back(const struct check *c, const struct hist_item *opaque)
{
	const struct cfg_call *call = event_call(opaque->g, opaque->event);
	char named[320];
	if (call)
		kinds_call_described(c, call, named, sizeof(named));
	else
		snprintf(named, sizeof(named), "a call (line %u)", opaque->event->loc.line);
	problems_add(c->notes, PROBLEM_NOTE, c->entry->file, c->entry->line, c->entry->column,
		     "%s: %s not checked on a path through %s, whose body is not visible; "
		     "--strict assumes it does nothing",
		     c->entry->function, c->rule->id, named);
}

/* Adds `root` to `roots` once. */
/* The variables opaque calls were passed between two events, as a set of
 * name hashes: the summary is made at every block of every path, so it
 * compares numbers, not strings. */
struct root_set {
	uint64_t *items;
	size_t len, cap;
};

static void add_root(struct root_set *roots, uint64_t h)
{
	if (!h)
		return;
	for (size_t i = 0; i < roots->len; i++)
		if (roots->items[i] == h)
			return;
	GROW(roots->items, roots->cap, roots->len + 1);
	roots->items[roots->len++] = h;
}

static int compare_hashes(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static void flush_roots(struct root_set *roots, struct strbuf *key)
{
	if (!roots->len)
		return;
	qsort(roots->items, roots->len, sizeof(*roots->items), compare_hashes);
	key_int(key, roots->len | 1ULL << 63); /* a set's size, apart from any event's key */
	for (size_t i = 0; i < roots->len; i++)
		key_int(key, roots->items[i]);
	roots->len = 0;
}

/* Per argument of an opaque call, the hash of the variable it passes (0 for
 * none), worked out once per call: summaries replay the same calls at every
 * history node of every path. Keyed by the argument array, apart from the
 * calls other kinds key their memos by. */
static const uint64_t *passed_roots(const struct check *c, const struct cfg_call *call)
{
	void **slot = ptrmap_slot(c->memo, call->args);
	if (!*slot) {
		uint64_t *h = alloc_zeroed(call->nargs + 1, sizeof(*h));
		for (size_t a = 0; a < call->nargs; a++) {
			const struct cfg_value *v = &call->args[a];
			if ((v->kind == VALUE_ADDRESS || v->kind == VALUE_PLACE) && v->place.root) {
				h[a] = hash_bytes(v->place.root, strlen(v->place.root), 0);
				h[a] += !h[a];
			}
		}
		*slot = h;
	}
	return *slot;
}

void kinds_ordered_events_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	/* Between two of those events, opaque calls count only by the variables
	 * they are passed (kinds_span_hidden_by_opaque asks no more). */
	struct root_set roots = { 0 };
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_OPAQUE) {
			const struct cfg_call *call = event_call(it->g, it->event);
			const uint64_t *passed = call && call->nargs ? passed_roots(c, call) : NULL;
			for (size_t a = 0; passed && a < call->nargs; a++)
				add_root(&roots, passed[a]);
		} else if (it->kind == HIST_CALL || it->kind == HIST_STORE || it->kind == HIST_ZERO) {
			flush_roots(&roots, key);
			key_int(key, (unsigned long long)it->kind << 32 | it->frame);
			key_ptr(key, it->event);
		}
	}
	flush_roots(&roots, key);
	free(roots.items);
}

void kinds_ordered_outcomes_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	kinds_ordered_events_summary(c, p, key);
	struct revealed r;
	revealed_of_path(&r, p);
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].kind == HIST_CALL)
			key_int(key, (unsigned long long)(unsigned)p->items[i].site << 8 | revealed_outcome(&r, p->items[i].site));
	revealed_release(&r);
}

bool kinds_path_hidden_by_opaque(const struct check *c, const struct path *p)
{
	return kinds_span_hidden_by_opaque(c, p, 0, p->len, NULL);
}

void revealed_init(struct revealed *r, const struct path *p)
{
	int max = -1;
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].site > max)
			max = p->items[i].site;
	r->nsites = (size_t)(max + 1);
	r->known = alloc_zeroed(r->nsites + 1, sizeof(*r->known));
}

void revealed_learn(struct revealed *r, const struct hist_item *it)
{
	if (it->kind == HIST_REFINE && it->site >= 0)
		r->known[it->site] = it->outcome;
}

void revealed_of_path(struct revealed *r, const struct path *p)
{
	revealed_init(r, p);
	for (size_t i = 0; i < p->len; i++)
		revealed_learn(r, &p->items[i]);
}

enum outcome revealed_outcome(const struct revealed *r, int site)
{
	return site >= 0 && (size_t)site < r->nsites ? r->known[site] : OUTCOME_UNKNOWN;
}

void revealed_release(struct revealed *r)
{
	free(r->known);
}

bool revealed_runs_lost(const struct path *p)
{
	struct revealed last;
	revealed_init(&last, p);
	bool lost = false;
	for (size_t i = 0; i < p->len && !lost; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->site < 0)
			continue;
		if (it->kind == HIST_CALL)
			last.known[it->site] = OUTCOME_UNKNOWN;
		else if (it->kind == HIST_REFINE && last.known[it->site] && last.known[it->site] != it->outcome)
			lost = true;
		else if (it->kind == HIST_REFINE)
			last.known[it->site] = it->outcome;
	}
	revealed_release(&last);
	return lost;
}

enum outcome *revealed_runs(const struct path *p)
{
	struct revealed pending;
	revealed_init(&pending, p);
	enum outcome *runs = alloc_zeroed(p->len + 1, sizeof(*runs));
	for (size_t i = p->len; i-- > 0;) {
		const struct hist_item *it = &p->items[i];
		if (it->site < 0)
			continue;
		if (it->kind == HIST_REFINE) {
			pending.known[it->site] = it->outcome;
		} else if (it->kind == HIST_CALL) {
			runs[i] = pending.known[it->site];
			pending.known[it->site] = OUTCOME_UNKNOWN;
		}
	}
	revealed_release(&pending);
	return runs;
}

char *kinds_line_number_text(unsigned line)
{
	return alloc_printf("%u", line);
}

/* The blocks reachable from `from` (exception edges left out). */
void kinds_reach(const struct cfg *g, int from, unsigned char *mark, int *stack)
{
	size_t top = 0;
	if (from < 0 || mark[from])
		return;
	mark[from] = 1;
	stack[top++] = from;
	while (top) {
		const struct cfg_block *b = &g->blocks[stack[--top]];
		for (size_t s = 0; s < b->nsucc - b->nexcept; s++) {
			int n = b->succ[s];
			if (n >= 0 && !mark[n]) {
				mark[n] = 1;
				stack[top++] = n;
			}
		}
	}
}

/* The parameter of `g` a switch block tests, as its position, or -1. */
static int switched_param(const struct cfg *g, const struct cfg_block *blk)
{
	for (size_t i = 0; blk->cond.kind == COND_SWITCH && blk->cond.var && i < g->nparams; i++)
		if (g->params[i].name && !strcmp(g->params[i].name, blk->cond.var))
			return (int)i;
	return -1;
}

int kinds_switch_selected(const struct cfg *g, const struct cfg_block *blk, const struct cfg_call *via)
{
	int param = switched_param(g, blk);
	if (param < 0 || (size_t)param >= via->nargs || via->args[param].kind != VALUE_CONSTANT)
		return -1;
	size_t ncases = blk->nsucc - blk->nexcept; /* the last is the default */
	for (size_t s = 0; s + 1 < ncases; s++)
		if (blk->case_known && blk->case_known[s] && blk->case_values[s] == via->args[param].number)
			return (int)s;
	return ncases ? (int)ncases - 1 : -1;
}

bool kinds_switch_on_recorded(const struct cfg *g, const struct cfg_block *blk, const struct cfg_call *via)
{
	int param = via ? switched_param(g, blk) : -1;
	if (param < 0 || (size_t)param >= via->nargs || via->args[param].kind != VALUE_PLACE)
		return false;
	const struct cfg_place *p = &via->args[param].place;
	return p->root && !p->index && p->field && (p->root_is_global || p->root_is_param || p->root_is_this);
}

bool kinds_switch_selects(const struct cfg *g, const struct cfg_call *via)
{
	for (size_t b = 0; g && b < g->nblocks; b++)
		if (kinds_switch_selected(g, &g->blocks[b], via) >= 0)
			return true;
	return false;
}

void kinds_function_names(struct strvec *names, const struct cfg_value *v)
{
	if (v->kind == VALUE_FUNCTION && v->name && !strvec_contains(names, v->name))
		strvec_push(names, v->name);
	for (size_t k = 0; k < v->nalts; k++)
		kinds_function_names(names, &v->alts[k]);
}

void kinds_initializer_functions(const struct program *prog, size_t unit, const char *name, const struct strvec *skip,
				 struct strvec *followed, initializer_visit *found, void *data)
{
	size_t home = unit;
	const struct global_facts *gl = program_global(prog, unit, name);
	if (strvec_contains(followed, name) || !gl || !program_global_home(prog, unit, name, &home))
		return;
	strvec_push(followed, name);
	for (size_t k = 0; k < gl->values.len; k++) {
		if (k < gl->fields.len && skip && strvec_contains(skip, gl->fields.items[k]))
			continue;
		for (const char *p = gl->values.items[k]; *p;) {
			size_t n = 0;
			while (isalnum((unsigned char)p[n]) || p[n] == '_')
				n++;
			if (n && !isdigit((unsigned char)p[0])) {
				char *id = alloc_strndup(p, n);
				size_t fu, fi;
				if (program_resolve(prog, id, home, &fu, &fi))
					found(fu, fi, id, data);
				else
					kinds_initializer_functions(prog, home, id, skip, followed, found, data);
				free(id);
			}
			p += n ? n : 1;
		}
	}
}
