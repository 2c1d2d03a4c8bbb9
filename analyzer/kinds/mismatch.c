/* SPDX-License-Identifier: Apache-2.0 */
/* The release-mismatch kind: a release call given what only another kind of
 * acquisition ever put there (ObDereferenceObject given the handle
 * PsCreateSystemThread filled, ExFreePoolWithTag given a StorPortAllocatePool
 * buffer, PsSetCreateProcessNotifyRoutine(fn, TRUE) for a routine registered
 * with the Ex form), or pool freed with a tag other than the one every
 * allocation of it used. A declaration kind: the places of the driver's
 * functions are gathered once, each with the acquisitions that fill it; a
 * place something else may fill (a helper given its address, a value the
 * driver computes) is never judged, so a finding rests on every store into
 * the place the driver's code shows. */
#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"
#include "facts/reads.h"
#include "kinds/pairs.h"
#include "kinds/shared.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/strvec.h"

struct call_arg {
	struct strvec calls;
	int arg;                   /* 1-based */
};

struct mismatch_params {
	struct pair_list pairs;    /* DE006's, then the rule's own "families" */
	struct strvec judged;      /* "judged": the releases given the object they free */
	struct call_arg *objects;  /* "object_args": the argument a release is given the object as */
	size_t nobjects;
	struct call_arg *tags;     /* "tags": the pool tag argument of an allocation or a free */
	size_t ntags;
};

static struct call_arg *compile_call_args(const cJSON *list, size_t *n)
{
	struct call_arg *out = alloc_zeroed((size_t)cJSON_GetArraySize(list) + 1, sizeof(*out));
	const cJSON *it;
	cJSON_ArrayForEach(it, list) {
		kinds_names_compile(&out[*n].calls, cJSON_GetObjectItemCaseSensitive(it, "calls"));
		out[(*n)++].arg = kinds_param_int(it, "arg", 1);
	}
	return out;
}

static void *mismatch_compile(const cJSON *params, const struct rule_extras *extras)
{
	struct mismatch_params *mp = alloc_zeroed(1, sizeof(*mp));
	pairs_compile(&mp->pairs, extras->shared_pairs, false);
	pairs_compile(&mp->pairs, cJSON_GetObjectItemCaseSensitive(params, "families"), false);
	kinds_names_compile(&mp->judged, cJSON_GetObjectItemCaseSensitive(params, "judged"));
	mp->objects = compile_call_args(cJSON_GetObjectItemCaseSensitive(params, "object_args"), &mp->nobjects);
	mp->tags = compile_call_args(cJSON_GetObjectItemCaseSensitive(params, "tags"), &mp->ntags);
	return mp;
}

static void release_call_args(struct call_arg *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strvec_clear(&a[i].calls);
	free(a);
}

static void mismatch_release(void *compiled)
{
	struct mismatch_params *mp = compiled;
	pairs_release(&mp->pairs);
	strvec_clear(&mp->judged);
	release_call_args(mp->objects, mp->nobjects);
	release_call_args(mp->tags, mp->ntags);
	free(mp);
}

/* The argument (1-based) `call` is given the object or tag as, per `list`, or `fallback`. */
static int listed_arg(const struct call_arg *list, size_t n, const struct cfg_call *call, int fallback)
{
	for (size_t i = 0; i < n; i++)
		if (kinds_call_listed(call, &list[i].calls))
			return list[i].arg;
	return fallback;
}

/* One place of the driver, as every function names it: a global's path, a
 * member by the structure that declares it, a local by its function. */
struct place {
	unsigned char *families;   /* per pair: acquired into it (NULL: none) */
	bool other;                /* something else may have filled it */
	const struct cfg_call *acquired; /* the first acquisition, for the message */
	long long tag;             /* the tag every allocation into it used */
	bool tag_known, tag_mixed;
	struct strvec copies;      /* keys of the places copied into it */
};

struct places {
	struct strindex keys;
	struct place *items;
	size_t cap;
	size_t npairs;
};

static void add_family(struct places *ps, struct place *p, size_t k)
{
	if (!p->families)
		p->families = alloc_zeroed(ps->npairs, 1);
	p->families[k] = 1;
}

/* Whether the place holds what one of the pairs `released` marks acquired. */
static bool held_by(const struct places *ps, const struct place *p, const unsigned char *released)
{
	for (size_t k = 0; p->families && k < ps->npairs; k++)
		if (p->families[k] && released[k])
			return true;
	return false;
}

static char *place_key(const struct cfg *g, const struct cfg_value *v)
{
	if (v->kind == VALUE_FUNCTION && v->name)
		return alloc_printf("R:%s", v->name);
	if (v->kind != VALUE_PLACE && v->kind != VALUE_ADDRESS)
		return NULL;
	const struct cfg_place *p = &v->place;
	const char *path = p->key ? p->key : p->path;
	if (!p->root || !path)
		return NULL;
	if (p->root_is_global) {
		char *key = alloc_printf("G:%s", path);
		for (char *a; (a = strstr(key, "->"));)
			memmove(a + 1, a + 2, strlen(a + 2) + 1), *a = '.';
		return key;
	}
	if (p->field && p->field_owner) /* (a slot of a member array: any slot) */
		return alloc_printf("F:%s::%s%s", p->field_owner, p->field, p->index ? "[*]" : "");
	if (!p->field && !p->deref && !p->index && !strcmp(path, p->root))
		return alloc_printf("L:%s:%s", g->function, p->root);
	return NULL;
}

static struct place *place_at(struct places *ps, const char *key)
{
	size_t k = (size_t)strindex_add(&ps->keys, key);
	if (k >= ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 64;
		while (cap <= k)
			cap *= 2;
		ps->items = alloc_resize(ps->items, cap * sizeof(*ps->items));
		memset(ps->items + ps->cap, 0, (cap - ps->cap) * sizeof(*ps->items));
		ps->cap = cap;
	}
	return &ps->items[k];
}

static void mark_other(struct places *ps, const struct cfg *g, const struct cfg_value *v)
{
	char *key = place_key(g, v);
	if (key)
		place_at(ps, key)->other = true;
	free(key);
}

static bool constant_tag(const struct cfg_call *call, int arg, long long *tag)
{
	if (arg < 1 || (size_t)arg > call->nargs || call->args[arg - 1].kind != VALUE_CONSTANT)
		return false;
	*tag = call->args[arg - 1].number;
	return true;
}

/* Records what `call` acquires into which place; true when it acquires. */
static bool note_acquisition(const struct mismatch_params *mp, struct places *ps, const struct cfg *g,
			     const struct cfg_call *call)
{
	bool any = false;
	for (size_t k = 0; k < mp->pairs.len; k++) {
		const struct cleanup_pair *pair = &mp->pairs.items[k];
		if (!pairs_call_acquires(pair, call))
			continue;
		/* What it acquires: its handle argument, or what it returns when that
		 * is the object (a pointer), not a status. */
		size_t at = pairs_handle_arg(pair, call);
		struct cfg_value result = { .kind = VALUE_PLACE, .place = call->result };
		const struct cfg_value *v = at ? (at <= call->nargs ? &call->args[at - 1] : NULL)
					       : pair->returns_object && call->result.root ? &result : NULL;
		char *key = v ? place_key(g, v) : NULL;
		if (!key)
			continue;
		struct place *p = place_at(ps, key);
		free(key);
		add_family(ps, p, k);
		if (!p->acquired)
			p->acquired = call;
		long long tag;
		int tag_arg = listed_arg(mp->tags, mp->ntags, call, 0);
		if (tag_arg && constant_tag(call, tag_arg, &tag)) {
			p->tag_mixed |= p->tag_known && p->tag != tag;
			p->tag = tag;
			p->tag_known = true;
		} else if (tag_arg) {
			p->tag_mixed = true;
		}
		any = true;
	}
	return any;
}

/* Whether `call` releases something of a pair (per pair, in `released`
 * when given). */
static bool releases(const struct mismatch_params *mp, const struct cfg_call *call, unsigned char *released)
{
	bool any = false;
	for (size_t k = 0; k < mp->pairs.len; k++) {
		bool r = pairs_call_releases(&mp->pairs.items[k], call);
		if (released)
			released[k] = r;
		any |= r;
	}
	return any;
}

/* Gathers the places of one function: what fills them, and what copies
 * one into another. */
static void scan_function(const struct mismatch_params *mp, struct places *ps, const struct cfg *g)
{
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			const struct cfg_call *call = event_call(g, ev);
			if (call) {
				bool acquires = note_acquisition(mp, ps, g, call);
				bool releasing = releases(mp, call, NULL);
				/* An address given to anything else may be filled there. */
				for (size_t a = 0; a < call->nargs && !acquires && !releasing; a++)
					if (call->args[a].kind == VALUE_ADDRESS &&
					    (!call->callee_in_system_header || a >= 32 || (call->written_args >> a & 1)))
						mark_other(ps, g, &call->args[a]);
				if (!acquires && call->result.root) {
					struct cfg_value result = { .kind = VALUE_PLACE, .place = call->result };
					mark_other(ps, g, &result);
				}
				continue;
			}
			if (ev->kind != EVENT_ASSIGN && ev->kind != EVENT_STORE)
				continue;
			struct cfg_value target = { .kind = VALUE_PLACE, .place = ev->target };
			const struct cfg_value *v = &ev->value;
			if (v->kind == VALUE_NULL || (v->kind == VALUE_CONSTANT && v->number == 0 && !v->nalts))
				continue;
			if (v->kind == VALUE_CALL)
				continue; /* the call's result place says it */
			char *to = place_key(g, &target);
			if (!to)
				continue;
			struct place *p = place_at(ps, to);
			char *from = v->kind == VALUE_PLACE && !ev->compound ? place_key(g, v) : NULL;
			if (from)
				strvec_push(&p->copies, from);
			else
				p->other = true;
			free(from);
			free(to);
		}
}

/* A place copied from others holds what they hold. */
static void follow_copies(struct places *ps)
{
	for (int pass = 0; pass < 4; pass++)
		for (size_t k = 0; k < (size_t)ps->keys.len; k++) {
			struct place *p = &ps->items[k];
			for (size_t i = 0; i < p->copies.len; i++) {
				int j = strindex_find(&ps->keys, p->copies.items[i]);
				if (j < 0) {
					p->other = true;
					continue;
				}
				const struct place *q = &ps->items[j];
				for (size_t f = 0; q->families && f < ps->npairs; f++)
					if (q->families[f])
						add_family(ps, p, f);
				p->other |= q->other;
				if (q->acquired && !p->acquired)
					p->acquired = q->acquired;
				if (q->tag_known) {
					p->tag_mixed |= q->tag_mixed || (p->tag_known && p->tag != q->tag);
					p->tag = q->tag;
					p->tag_known = true;
				}
			}
		}
}

static char *tag_text(long long tag)
{
	char s[5];
	for (int i = 0; i < 4; i++) {
		int ch = (int)(tag >> (8 * i) & 0xff);
		s[i] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	s[4] = 0;
	return alloc_printf("'%s'", s);
}

static void report(const struct check *c, const struct cfg *g, const struct cfg_call *release, const struct place *p,
		   const char *why)
{
	char *line = kinds_line_number_text(p->acquired->loc.line);
	/* The name the driver wrote (ObDereferenceObject, not the ObfDereferenceObject it expands to). */
	const struct mismatch_params *mp = c->compiled;
	const char *name = release->macro && strvec_contains(&mp->judged, release->macro) ? release->macro : release->callee;
	const char *vars[] = { "release", name, "acquire", p->acquired->callee, "acquire_line", line,
			       "why", why, NULL };
	eval_add_finding(c, release->loc, g->function, NULL, &p->acquired->loc, "acquired here", vars);
	free(line);
}

/* Judges each release of one function against what its object holds. */
static void judge_function(const struct check *c, struct places *ps, const struct cfg *g)
{
	const struct mismatch_params *mp = c->compiled;
	unsigned char *released = alloc_zeroed(ps->npairs + 1, 1);
	for (size_t k = 0; k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		if (!kinds_call_listed(call, &mp->judged) || !releases(mp, call, released))
			continue;
		int arg = listed_arg(mp->objects, mp->nobjects, call, 1);
		char *key = arg >= 1 && (size_t)arg <= call->nargs ? place_key(g, &call->args[arg - 1]) : NULL;
		int at = key ? strindex_find(&ps->keys, key) : -1;
		free(key);
		if (at < 0)
			continue;
		const struct place *p = &ps->items[at];
		if (p->other || !p->families || !p->acquired)
			continue;
		if (!held_by(ps, p, released)) {
			char *names = NULL;
			for (size_t f = 0; f < mp->pairs.len && !names; f++)
				if (p->families[f])
					names = mp->pairs.items[f].release.len
							? kinds_names_joined(&mp->pairs.items[f].release, " or ")
							: NULL;
			char *why = names ? alloc_printf("what it acquired is released with %s", names)
					  : alloc_strdup("the driver holds no reference of its own to release there: the "
							 "system, or the object it belongs to, frees it");
			report(c, g, call, p, why);
			free(why);
			free(names);
			continue;
		}
		long long tag;
		int tag_arg = listed_arg(mp->tags, mp->ntags, call, 0);
		if (tag_arg && p->tag_known && !p->tag_mixed && constant_tag(call, tag_arg, &tag) && tag != p->tag) {
			char *a = tag_text(p->tag), *b = tag_text(tag);
			char *why = alloc_printf("it was allocated with the tag %s and is freed with %s", a, b);
			report(c, g, call, p, why);
			free(why);
			free(a);
			free(b);
		}
	}
	free(released);
}

/* The functions of the entry's driver: those of DriverEntry's file, and
 * what they call or name as routines, as calls resolve (so the evaluation
 * cache knows every file read). */
struct reach {
	size_t *unit, *index;
	size_t len, cap;
	struct strvec seen;
};

static void reach_add(const struct program *prog, struct reach *r, size_t u, size_t i)
{
	char *key = alloc_printf("%zu:%zu", u, i);
	if (!strvec_contains(&r->seen, key) && r->len < 4096) {
		strvec_push(&r->seen, key);
		GROW(r->unit, r->cap, r->len + 1);
		r->index = alloc_resize(r->index, r->cap * sizeof(*r->index));
		r->unit[r->len] = u;
		r->index[r->len++] = i;
		reads_note_unit(prog, u);
	}
	free(key);
}

static void reach_names(const struct program *prog, struct reach *r, size_t from, const struct strvec *names)
{
	for (size_t k = 0; k < names->len; k++) {
		size_t u, i;
		if (program_resolve(prog, names->items[k], from, &u, &i))
			reach_add(prog, r, u, i);
	}
}

static void mismatch_entry(const struct check *c)
{
	const struct mismatch_params *mp = c->compiled;
	const struct program *prog = c->prog;
	size_t entry = c->entry->unit;
	struct reach r = { 0 };
	for (size_t i = 0; i < prog->units[entry].nfunctions; i++)
		reach_add(prog, &r, entry, i);
	for (size_t k = 0; k < r.len; k++) {
		const struct function_facts *fn = program_function(prog, r.unit[k], r.index[k]);
		reach_names(prog, &r, r.unit[k], &fn->callees);
		reach_names(prog, &r, r.unit[k], &fn->referenced);
	}
	struct places ps = { STRINDEX_INIT, NULL, 0, mp->pairs.len };
	for (size_t k = 0; k < r.len; k++)
		if (program_function(prog, r.unit[k], r.index[k])->cfg)
			scan_function(mp, &ps, program_function(prog, r.unit[k], r.index[k])->cfg);
	follow_copies(&ps);
	for (size_t k = 0; k < r.len; k++)
		if (program_function(prog, r.unit[k], r.index[k])->cfg)
			judge_function(c, &ps, program_function(prog, r.unit[k], r.index[k])->cfg);
	for (size_t k = 0; k < ps.cap; k++) {
		strvec_clear(&ps.items[k].copies);
		free(ps.items[k].families);
	}
	free(ps.items);
	strindex_clear(&ps.keys);
	free(r.unit);
	free(r.index);
	strvec_clear(&r.seen);
}

static const struct kind_ops mismatch_ops = {
	.check_entry = mismatch_entry,
};

const struct kind kind_release_mismatch = {
	.name = "release-mismatch",
	.placeholders = (const char *const[]){ "release", "acquire", "acquire_line", "why", NULL },
	.compile = mismatch_compile,
	.release = mismatch_release,
	.ops = &mismatch_ops,
};
