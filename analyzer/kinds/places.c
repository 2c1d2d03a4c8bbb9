/* SPDX-License-Identifier: Apache-2.0 */
/* What a set of callbacks reads of the globals, place by place, for the
 * order kind: the places their events and tests name, what they call
 * followed; and when a store and a read are of the same place. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eval/history.h"
#include "facts/classify.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/places.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/str.h"
#include "base/map.h"
#include "base/strbuf.h"
#include "base/strvec.h"


static bool ident_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* The length of the name `s` starts with, a class's static member's
 * qualified one (`Log::s_Head`) whole. */
static size_t name_length(const char *s)
{
	size_t n = 0;
	for (;;) {
		while (ident_char(s[n]))
			n++;
		if (n && s[n] == ':' && s[n + 1] == ':' && ident_char(s[n + 2]) && !isdigit((unsigned char)s[n + 2]))
			n += 2;
		else
			return n;
	}
}

void kinds_place_add(struct strvec *places, const char *path)
{
	if (!path)
		return;
	struct strbuf b = STRBUF_INIT;
	bool plain = isalpha((unsigned char)*path) || *path == '_';
	for (const char *s = path; *s && plain; s++) {
		if (s[0] == '-' && s[1] == '>') {
			strbuf_addc(&b, '.');
			s++;
		} else if (s[0] == ':' && s[1] == ':') {
			strbuf_add(&b, s, 2);
			s++;
		} else if (isalnum((unsigned char)*s) || strchr("_.[]*", *s)) {
			strbuf_addc(&b, *s);
		} else if (*s != ' ') {
			plain = false;
		}
	}
	if (!plain) {
		size_t n = name_length(path);
		b.len = 0;
		strbuf_add(&b, path, n);
	}
	if (b.len && !strvec_contains(places, b.buf))
		strvec_push(places, b.buf);
	strbuf_release(&b);
}

/* Every path an expression's text names (`a.b->c[i]`, as "a.b.c[*]"), its
 * variable first: what a test or a computed value reads. */
static void add_text_places(struct strvec *places, const char *text)
{
	struct strbuf b = STRBUF_INIT;
	for (const char *s = text; s && *s;) {
		if (!ident_char(*s) || isdigit((unsigned char)*s) ||
		    (s > text && (ident_char(s[-1]) || s[-1] == '.' || (s[-1] == '>' && s > text + 1 && s[-2] == '-') ||
				  (s[-1] == ':' && s > text + 1 && s[-2] == ':')))) {
			s++;
			continue;
		}
		b.len = 0;
		for (;;) {
			size_t n = name_length(s);
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
		kinds_place_add(places, v->place.key ? v->place.key : v->place.path);
	else if (v->kind == VALUE_UNKNOWN || v->kind == VALUE_CALL)
		add_text_places(places, v->text);
	for (size_t k = 0; k < v->nalts; k++)
		note_global(places, &v->alts[k]);
}

/* What a test reads: the paths its text names, and each variable the parser
 * saw it read (inside a macro's body too) that the text does not show, whole. */
static void note_condition(struct strvec *places, const struct cfg_cond *cond)
{
	struct strvec found = STRVEC_INIT, addressed = STRVEC_INIT;
	add_text_places(&found, cond->text);
	add_text_places(&found, cond->var);
	add_text_places(&found, cond->var2);
	/* A comparison with a variable's address (`ctx != &g_State`, also
	 * through a cast: `ctx != (NDIS_HANDLE)&g_State`) reads the pointer, not
	 * what the variable holds. A call in the test is an event of its own,
	 * whose arguments are read there. */
	if (cond->kind == COND_ADDRESS)
		add_text_places(&addressed, cond->var2);
	for (const char *amp = cond->text && (strstr(cond->text, "==") || strstr(cond->text, "!=")) ? strchr(cond->text, '&')
												     : NULL;
	     amp; amp = strchr(amp + 1, '&')) {
		size_t n = amp[1] == '&' ? 0 : name_length(amp + 1);
		if (amp > cond->text && amp[-1] == '&')
			n = 0; /* `&&` */
		if (n && !(amp[1 + n] && strchr(".-[", amp[1 + n]))) {
			char *name = alloc_strndup(amp + 1, n);
			strvec_push(&addressed, name);
			free(name);
		}
	}
	for (size_t k = 0; k < found.len; k++)
		if (!strvec_contains(places, found.items[k]) && !strvec_contains(&addressed, found.items[k]))
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
	strvec_clear(&addressed);
}

/* A test that checks a place's state rather than using what it holds: for
 * NULL or zero, or against a constant (`if (g.State != Active) return`).
 * A routine that makes it expects to find the place not set yet. */
static bool state_test(const struct cfg_cond *cond)
{
	return cond->kind == COND_NONNULL || (cond->kind == COND_COMPARE && cond->var && !cond->var2);
}

/* Whether place `a` contains `b` or `b` contains `a`, component by
 * component; a subscript [*] (not a constant) is any element. With `reach`,
 * `a` must reach into `b`: be `b` or within it, not only hold it (the
 * value of g_Ext, a pointer, is not g_Ext->Handle). */
static bool overlap_as(const char *a, const char *b, bool reach)
{
	for (;;) {
		if (!*a || !*b)
			return !reach || !*b;
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

static bool places_overlap(const char *a, const char *b)
{
	return overlap_as(a, b, false);
}


void kinds_queue_init(struct function_queue *q, const struct program *prog)
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

void kinds_queue_release(struct function_queue *q)
{
	free(q->items);
	free(q->seen);
	free(q->base);
}

void kinds_queue_add(struct function_queue *q, const char *name, size_t from)
{
	size_t u, i;
	if (program_resolve(q->prog, name, from, &u, &i))
		kinds_queue_add_at(q, u, i);
}

void kinds_queue_add_at(struct function_queue *q, size_t u, size_t i)
{
	if (q->seen[q->base[u] + i])
		return;
	q->seen[q->base[u] + i] = true;
	GROW(q->items, q->cap, q->len + 2);
	q->items[q->len++] = u;
	q->items[q->len++] = i;
}

/* The functions a value names by address, as callbacks, except those in
 * `skip` (NULL: none). */
void kinds_queue_add_value(struct function_queue *q, const struct cfg_value *v, size_t unit,
			     const struct strvec *skip)
{
	if (v->kind == VALUE_FUNCTION && v->name && !(skip && strvec_contains(skip, v->name)))
		kinds_queue_add(q, v->name, unit);
	for (size_t k = 0; k < v->nalts; k++)
		kinds_queue_add_value(q, &v->alts[k], unit, skip);
}

/* The strings of `v`, then of `w` (may be NULL), in one allocation (a
 * memo's value is freed whole). */
struct callback_reads *kinds_reads_pack(const struct strvec *v, const struct strvec *w)
{
	size_t nw = w ? w->len : 0;
	size_t bytes = sizeof(struct callback_reads) + (v->len + nw) * sizeof(char *);
	for (size_t k = 0; k < v->len + nw; k++)
		bytes += strlen(k < v->len ? v->items[k] : w->items[k - v->len]) + 1;
	struct callback_reads *r = alloc_zeroed(1, bytes);
	char *at = (char *)&r->places[v->len + nw];
	for (size_t k = 0; k < v->len + nw; k++) {
		const char *str = k < v->len ? v->items[k] : w->items[k - v->len];
		size_t n = strlen(str) + 1;
		memcpy(at, str, n);
		r->places[k] = at;
		at += n;
	}
	r->n = v->len;
	r->ntested = nw;
	return r;
}

/* `root->a.b` (a member reached through pointer `root`): `prefix` + "a.b";
 * nothing for any other path. */
static void note_below(struct strvec *places, const char *prefix, const char *path, const char *root)
{
	size_t n = root ? strlen(root) : 0;
	if (!path || !n || strncmp(path, root, n) || path[n] != '-' || path[n + 1] != '>' || !path[n + 2])
		return;
	char *whole = alloc_printf("%s%s", prefix, path + n + 2);
	kinds_place_add(places, whole);
	free(whole);
}

static void note_member(struct strvec *places, const char *prefix, const char *path)
{
	note_below(places, prefix, path, "this");
}

static void note_member_value(struct strvec *places, const char *prefix, const struct cfg_value *v)
{
	if ((v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) && v->place.root_is_this)
		note_member(places, prefix, v->place.path);
	for (size_t k = 0; k < v->nalts; k++)
		note_member_value(places, prefix, &v->alts[k]);
}

/* What a method called on a global object reads of the object's members
 * (g_Table.Drop() taking this->m_Lock reads g_Table.m_Lock), and what the
 * methods it calls on `this` read; `prefix` is the object ("g_Table.").
 * `seen` holds each method and object followed. */
static void note_members(const struct program *prog, struct strvec *places, struct strvec *tested,
			 struct strvec *seen, size_t u, size_t i, const char *prefix)
{
	char *key = alloc_printf("%zu:%zu:%s", u, i, prefix);
	bool again = strvec_contains(seen, key) || seen->len > 256;
	if (!again)
		strvec_push(seen, key);
	free(key);
	const struct cfg *g = program_function(prog, u, i)->cfg;
	for (size_t b = 0; !again && g && b < g->nblocks; b++) {
		const struct cfg_cond *cond = &g->blocks[b].cond;
		note_member(places, prefix, cond->var);
		note_member(places, prefix, cond->var2);
		if (state_test(cond))
			note_member(tested, prefix, cond->var);
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			note_member_value(places, prefix, &ev->value);
			const struct cfg_call *call = event_call(g, ev);
			for (size_t a = 0; call && a < call->nargs; a++)
				note_member_value(places, prefix, &call->args[a]);
			size_t cu, ci;
			if (!call || !call->object.root_is_this || !call->object.path || !call->callee ||
			    !program_resolve_scoped(prog, call->callee, call->scope, u, &cu, &ci))
				continue;
			const char *rest = str_starts_with(call->object.path, "this->") ? call->object.path + 6 : "";
			char *inner = *rest ? alloc_printf("%s%s.", prefix, rest) : alloc_strdup(prefix);
			note_members(prog, places, tested, seen, cu, ci, inner);
			free(inner);
		}
	}
}

/* Context reads: what a routine reads through the context pointer its
 * registration gives it (parameter `param`, 0-based, and the locals copied
 * from it: `self = (Filter *)Context`), each place as `prefix` + its path
 * below the pointer; the methods called on it and the helpers it is
 * passed to, followed. */
struct context_walk {
	const struct program *prog;
	struct strvec *places, *tested, *seen;
	const char *prefix;
};

static bool bound_root(const struct cfg_place *p, int param, const struct strvec *aliases)
{
	if (!p->root)
		return false;
	if (p->root_is_param)
		return p->param_index == param;
	return !p->root_is_global && !p->root_is_this && strvec_contains(aliases, p->root);
}

static void note_bound_path(const struct context_walk *w, struct strvec *into, const char *path, const char *root)
{
	note_below(into, w->prefix, path, root);
}

static void note_bound_value(const struct context_walk *w, const struct cfg_value *v, int param,
			     const struct strvec *aliases)
{
	if ((v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) && bound_root(&v->place, param, aliases))
		note_bound_path(w, w->places, v->place.path, v->place.root);
	for (size_t k = 0; k < v->nalts; k++)
		note_bound_value(w, &v->alts[k], param, aliases);
}

static void context_reads_in(const struct context_walk *w, size_t u, size_t i, int param, int depth)
{
	char *key = alloc_printf("%zu:%zu:%d:%s", u, i, param, w->prefix);
	bool again = strvec_contains(w->seen, key) || w->seen->len > 256;
	if (!again)
		strvec_push(w->seen, key);
	free(key);
	const struct cfg *g = program_function(w->prog, u, i)->cfg;
	if (again || !g || param < 0 || (size_t)param >= g->nparams)
		return;
	struct strvec aliases = STRVEC_INIT;
	strvec_push(&aliases, g->params[param].name ? g->params[param].name : "");
	for (int pass = 0; pass < 2; pass++)
		for (size_t b = 0; b < g->nblocks; b++)
			for (size_t e = 0; e < g->blocks[b].nevents; e++) {
				const struct cfg_event *ev = &g->blocks[b].events[e];
				const struct cfg_place *from = &ev->value.place;
				if (ev->kind == EVENT_ASSIGN && ev->target.root && ev->value.kind == VALUE_PLACE &&
				    bound_root(from, param, &aliases) && from->path && !strcmp(from->path, from->root) &&
				    !strvec_contains(&aliases, ev->target.root))
					strvec_push(&aliases, ev->target.root);
			}
	for (size_t b = 0; b < g->nblocks; b++) {
		const struct cfg_cond *cond = &g->blocks[b].cond;
		for (size_t k = 0; k < aliases.len; k++) {
			note_bound_path(w, w->places, cond->var, aliases.items[k]);
			note_bound_path(w, w->places, cond->var2, aliases.items[k]);
			if (state_test(cond))
				note_bound_path(w, w->tested, cond->var, aliases.items[k]);
		}
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			note_bound_value(w, &ev->value, param, &aliases);
			const struct cfg_call *call = event_call(g, ev);
			for (size_t a = 0; call && a < call->nargs; a++)
				note_bound_value(w, &call->args[a], param, &aliases);
			size_t cu, ci;
			if (!call || !call->callee || call->callee_in_system_header ||
			    !program_resolve_scoped(w->prog, call->callee, call->scope, u, &cu, &ci))
				continue;
			/* A method called on the object: its members, as note_members reads them. */
			if (call->object.root && bound_root(&call->object, param, &aliases)) {
				const char *path = call->object.path ? call->object.path : "";
				size_t n = strlen(call->object.root);
				const char *rest = strstr(path, "->") && !strncmp(path, call->object.root, n) ? path + n + 2 : "";
				char *inner = *rest ? alloc_printf("%s%s.", w->prefix, rest) : alloc_strdup(w->prefix);
				note_members(w->prog, w->places, w->tested, w->seen, cu, ci, inner);
				free(inner);
				continue;
			}
			/* A helper given the pointer: its parameter is bound too; given
			 * a member's address (`&ctx->Ring`), bound below that member. */
			for (size_t a = 0; depth < 3 && a < call->nargs; a++) {
				const struct cfg_value *v = &call->args[a];
				if (v->kind == VALUE_PLACE && bound_root(&v->place, param, &aliases) && v->place.path &&
				    !strcmp(v->place.path, v->place.root))
					context_reads_in(w, cu, ci, (int)a, depth + 1);
				size_t n = v->place.root ? strlen(v->place.root) : 0;
				const char *rest = v->place.path ? v->place.path + n : "";
				if (v->kind == VALUE_ADDRESS && bound_root(&v->place, param, &aliases) && n &&
				    !strncmp(rest, "->", 2) && rest[2] && !rest[2 + strcspn(rest + 2, "-[*>(")]) {
					char *inner = alloc_printf("%s%s.", w->prefix, rest + 2);
					struct context_walk below = *w;
					below.prefix = inner;
					context_reads_in(&below, cu, ci, (int)a, depth + 1);
					free(inner);
				}
			}
		}
	}
	strvec_clear(&aliases);
}

const struct callback_reads *kinds_context_reads(const struct check *c, const char *name, size_t from, int param,
						 const char *prefix)
{
	size_t u, i;
	if (!program_resolve(c->prog, name, from, &u, &i))
		return NULL;
	char *key = alloc_printf("context:%zu:%zu:%d:%s", u, i, param, prefix);
	/* Keyed by the key's hash, made odd: no object the memo keys is at an odd address. */
	void **slot = ptrmap_slot(c->memo, (const void *)(uintptr_t)(hash_string(key, 0) | 1));
	free(key);
	if (*slot)
		return *slot;
	struct strvec places = STRVEC_INIT, tested = STRVEC_INIT, seen = STRVEC_INIT;
	struct context_walk w = { c->prog, &places, &tested, &seen, prefix };
	context_reads_in(&w, u, i, param, 0);
	strvec_sort(&places);
	struct callback_reads *r = kinds_reads_pack(&places, &tested);
	strvec_clear(&places);
	strvec_clear(&tested);
	strvec_clear(&seen);
	*slot = r;
	return r;
}

/* The methods the queued function calls on a global object, and what
 * they read of it (note_members). */
static void note_objects(const struct program *prog, struct strvec *places, struct strvec *tested,
			 struct strvec *seen, size_t u, const struct cfg *g)
{
	for (size_t k = 0; g && k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		size_t cu, ci;
		if (!call->object.root || !call->object.root_is_global || !call->object.path || !call->callee ||
		    !program_resolve_scoped(prog, call->callee, call->scope, u, &cu, &ci))
			continue;
		char *prefix = alloc_printf("%s%s", call->object.path, call->object_arrow ? "->" : ".");
		note_members(prog, places, tested, seen, cu, ci, prefix);
		free(prefix);
	}
}

/* What the queued functions, and all they call, read: sorted. */
struct callback_reads *kinds_reads_gather(struct function_queue *q)
{
	struct strvec places = STRVEC_INIT, tested = STRVEC_INIT, objects = STRVEC_INIT;
	for (size_t k = 0; k < q->len; k += 2) {
		size_t u = q->items[k], i = q->items[k + 1];
		const struct function_facts *f = program_function(q->prog, u, i);
		const struct cfg *g = f->cfg;
		note_objects(q->prog, &places, &tested, &objects, u, g);
		for (size_t b = 0; g && b < g->nblocks; b++) {
			note_condition(&places, &g->blocks[b].cond);
			if (state_test(&g->blocks[b].cond))
				add_text_places(&tested, g->blocks[b].cond.var);
			for (size_t e = 0; e < g->blocks[b].nevents; e++) {
				const struct cfg_event *ev = &g->blocks[b].events[e];
				/* A global's value only copied into a place (a pointer
				 * stored for later) is read itself, not what it holds:
				 * noted as "=path". */
				const struct cfg_value *v = &ev->value;
				if ((ev->kind == EVENT_STORE || ev->kind == EVENT_ASSIGN) && v->kind == VALUE_PLACE &&
				    v->place.root_is_global && v->place.root && !v->nalts) {
					struct strvec one = STRVEC_INIT;
					kinds_place_add(&one, v->place.key ? v->place.key : v->place.path);
					char *copied = one.len ? alloc_printf("=%s", one.items[0]) : NULL;
					if (copied && !strvec_contains(&places, copied))
						strvec_push(&places, copied);
					free(copied);
					strvec_clear(&one);
				} else {
					note_global(&places, v);
				}
				/* A store through a global pointer (`g_Ring[i] = x`,
				 * `g.Ring[i] = x`, `g_Ctx->Count = 0`) reads the pointer:
				 * the path up to its first `[` or `->`. */
				if ((ev->kind == EVENT_STORE || ev->kind == EVENT_ASSIGN) && ev->target.deref &&
				    ev->target.root_is_global && ev->target.path) {
					const char *t = ev->target.path, *arrow = strstr(t, "->");
					size_t n = strcspn(t, "[");
					if (arrow && (size_t)(arrow - t) < n)
						n = (size_t)(arrow - t);
					char *pointer = alloc_strndup(t, n);
					kinds_place_add(&places, pointer);
					free(pointer);
				}
				const struct cfg_call *call = event_call(g, ev);
				/* A state an exchange swaps (`InterlockedExchange(&g.State, S)`)
				 * is written, not relied on: the routine expects any value. */
				if (call && call->callee && cfg_is_exchange(call->callee) && call->nargs &&
				    call->args[0].kind == VALUE_ADDRESS && call->args[0].place.root_is_global)
					kinds_place_add(&tested, call->args[0].place.key ? call->args[0].place.key
											 : call->args[0].place.path);
				for (size_t a = 0; call && a < call->nargs; a++) {
					note_global(&places, &call->args[a]);
					/* A routine it hands on (a work item's, a DPC's)
					 * runs on its behalf: what that one reads counts. */
					if (call->args[a].kind == VALUE_FUNCTION && call->args[a].name)
						kinds_queue_add(q, call->args[a].name, u);
				}
			}
		}
		for (size_t j = 0; j < f->callees.len; j++)
			kinds_queue_add(q, f->callees.items[j], u);
	}
	strvec_clear(&objects);
	strvec_sort(&places);
	struct callback_reads *r = kinds_reads_pack(&places, &tested);
	strvec_clear(&places);
	strvec_clear(&tested);
	return r;
}

bool kinds_reads_place(const struct callback_reads *r, const char *place)
{
	for (size_t k = 0; place && k < r->n; k++)
		if (r->places[k][0] == '=' ? overlap_as(r->places[k] + 1, place, true)
					   : places_overlap(r->places[k], place))
			return true;
	return false;
}

bool kinds_reads_member(const struct callback_reads *r, const char *member)
{
	for (size_t k = 0; member && k < r->n; k++)
		for (const char *dot = r->places[k][0] == '=' ? NULL : strchr(r->places[k], '.'); dot;
		     dot = strchr(dot + 1, '.'))
			if (places_overlap(dot + 1, member))
				return true;
	return false;
}

bool kinds_reads_tests(const struct callback_reads *r, const char *place)
{
	for (size_t k = r->n; place && k < r->n + r->ntested; k++)
		if (!strcmp(r->places[k], place))
			return true;
	return false;
}

const struct callback_reads *kinds_routine_reads(const struct check *c, const char *name, size_t from)
{
	size_t u, i;
	if (!program_resolve(c->prog, name, from, &u, &i))
		return NULL;
	const struct function_facts *f = program_function(c->prog, u, i);
	void **slot = ptrmap_slot(c->memo, f);
	if (*slot)
		return *slot;
	struct function_queue q;
	kinds_queue_init(&q, c->prog);
	q.seen[q.base[c->entry->unit] + c->entry->index] = true;
	kinds_queue_add(&q, name, from);
	struct callback_reads *r = kinds_reads_gather(&q);
	kinds_queue_release(&q);
	*ptrmap_slot(c->memo, f) = r;
	return r;
}
