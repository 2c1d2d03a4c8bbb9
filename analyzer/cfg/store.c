/* SPDX-License-Identifier: Apache-2.0 */
/* Graphs are written field by field in declaration order; a change to
 * struct cfg must change both halves here and the cache's format number
 * (run/resultcache.c). Locations and labels borrow from the graph's string
 * pool, so they are written as strings and interned again on reading. */
#include "cfg/store.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "cfg/build.h"

static void put_loc(struct strbuf *out, const struct cfg_loc *l)
{
	bytes_put_str(out, l->file);
	bytes_put_num(out, l->line);
	bytes_put_num(out, l->column);
}

static void get_loc(struct bytes_in *in, struct cfg *g, struct cfg_loc *l)
{
	char *file = bytes_str(in);
	l->file = file ? cfg_file_intern(g, file) : NULL;
	free(file);
	l->line = (unsigned)bytes_num(in);
	l->column = (unsigned)bytes_num(in);
}

static void put_place(struct strbuf *out, const struct cfg_place *p)
{
	bytes_put_str(out, p->root);
	bytes_put_str(out, p->path);
	bytes_put_str(out, p->key);
	bytes_put_str(out, p->field);
	bytes_put_str(out, p->field_owner);
	bytes_put_str(out, p->index);
	bytes_put_signed(out, p->index_value);
	bytes_put_num(out, (unsigned)p->index_constant | (unsigned)p->deref << 1 |
				   (unsigned)p->root_is_global << 2 | (unsigned)p->root_is_param << 3 |
				   (unsigned)p->root_is_this << 4 | (unsigned)p->escapes << 5);
	bytes_put_signed(out, p->param_index);
}

static void get_place(struct bytes_in *in, struct cfg_place *p)
{
	p->root = bytes_str(in);
	p->path = bytes_str(in);
	p->key = bytes_str(in);
	p->field = bytes_str(in);
	p->field_owner = bytes_str(in);
	p->index = bytes_str(in);
	p->index_value = bytes_signed(in);
	unsigned long long bits = bytes_num(in);
	p->index_constant = bits & 1;
	p->deref = bits >> 1 & 1;
	p->root_is_global = bits >> 2 & 1;
	p->root_is_param = bits >> 3 & 1;
	p->root_is_this = bits >> 4 & 1;
	p->escapes = bits >> 5 & 1;
	p->param_index = (int)bytes_signed(in);
}

static void put_value(struct strbuf *out, const struct cfg_value *v)
{
	bytes_put_num(out, v->kind);
	bytes_put_signed(out, v->number);
	put_place(out, &v->place);
	bytes_put_str(out, v->name);
	bytes_put_signed(out, v->call);
	bytes_put_str(out, v->text);
	bytes_put_signed(out, v->pointee_size);
	bytes_put_str(out, v->pointee_type);
	bytes_put_str(out, v->place_type);
	bytes_put_signed(out, v->array_length);
	bytes_put_num(out, v->nalts);
	for (size_t i = 0; i < v->nalts; i++)
		put_value(out, &v->alts[i]);
	bytes_put_num(out, v->chooser != NULL);
	if (v->chooser)
		put_value(out, v->chooser);
	bytes_put_str(out, v->success_of);
}

/* Nesting is bounded by what the builder made; a hostile entry cannot recurse
 * deeper than its own bytes allow, and `depth` stops it well before the stack. */
static void get_value(struct bytes_in *in, struct cfg_value *v, int depth)
{
	if (depth > 64)
		in->failed = true;
	if (in->failed)
		return;
	v->kind = (enum cfg_value_kind)bytes_num(in);
	if (v->kind > VALUE_STRING)
		in->failed = true;
	v->number = bytes_signed(in);
	get_place(in, &v->place);
	v->name = bytes_str(in);
	v->call = (int)bytes_signed(in);
	v->text = bytes_str(in);
	v->pointee_size = bytes_signed(in);
	v->pointee_type = bytes_str(in);
	v->place_type = bytes_str(in);
	v->array_length = bytes_signed(in);
	/* What the builder always fills in, the evaluator relies on. */
	if ((v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) && !v->place.path)
		in->failed = true;
	if (v->kind == VALUE_FUNCTION && !v->name)
		in->failed = true;
	size_t n = bytes_count(in);
	if (n) {
		v->alts = alloc_zeroed(n, sizeof(*v->alts));
		v->nalts = n;
		for (size_t i = 0; i < n; i++)
			get_value(in, &v->alts[i], depth + 1);
	}
	if (bytes_bool(in) && !in->failed) {
		v->chooser = alloc_zeroed(1, sizeof(*v->chooser));
		get_value(in, v->chooser, depth + 1);
	}
	v->success_of = bytes_str(in);
}

static void put_event(struct strbuf *out, const struct cfg_event *e)
{
	bytes_put_num(out, e->kind);
	put_loc(out, &e->loc);
	put_place(out, &e->target);
	put_value(out, &e->value);
	bytes_put_signed(out, e->call);
	bytes_put_num(out, (unsigned)e->in_loop | (unsigned)e->fills_table << 1 | (unsigned)e->compound << 2 |
				   (unsigned)e->each_every << 3 | (unsigned)e->new_failed << 4);
	bytes_put_signed(out, e->fill_first);
	bytes_put_signed(out, e->fill_last);
	bytes_put_signed(out, e->each_first);
	bytes_put_signed(out, e->each_last);
	bytes_put_signed(out, e->each_arg);
	bytes_put_signed(out, e->each_loop);
	bytes_put_str(out, e->op);
}

static void get_event(struct bytes_in *in, struct cfg *g, struct cfg_event *e)
{
	e->kind = (enum cfg_event_kind)bytes_num(in);
	if (e->kind > EVENT_RETURN)
		in->failed = true;
	get_loc(in, g, &e->loc);
	get_place(in, &e->target);
	get_value(in, &e->value, 0);
	e->call = (int)bytes_signed(in);
	unsigned long long bits = bytes_num(in);
	e->in_loop = bits & 1;
	e->fills_table = bits >> 1 & 1;
	e->compound = bits >> 2 & 1;
	e->each_every = bits >> 3 & 1;
	e->new_failed = bits >> 4 & 1;
	e->fill_first = bytes_signed(in);
	e->fill_last = bytes_signed(in);
	e->each_first = bytes_signed(in);
	e->each_last = bytes_signed(in);
	e->each_arg = (int)bytes_signed(in);
	e->each_loop = (int)bytes_signed(in);
	if (e->each_arg && (e->each_loop < 0 || e->each_loop >= (long long)g->nblocks))
		in->failed = true;
	char *op = bytes_str(in);
	if (op && strlen(op) < sizeof(e->op))
		strcpy(e->op, op);
	else if (op)
		in->failed = true;
	free(op);
}

static void put_call(struct strbuf *out, const struct cfg_call *k)
{
	bytes_put_str(out, k->callee);
	bytes_put_str(out, k->macro);
	bytes_put_num(out, (unsigned)k->callee_in_system_header | (unsigned)k->noreturn << 1 |
				   (unsigned)k->object_arrow << 2 | (unsigned)k->result_used << 3 |
				   (unsigned)k->undeclared << 4 | (unsigned)k->imported << 5 |
				   (unsigned)k->cast_to_void << 6 | (unsigned)k->pointer_of_kit << 7);
	bytes_put_str(out, k->scope);
	bytes_put_num(out, k->nargs);
	for (size_t i = 0; i < k->nargs; i++)
		put_value(out, &k->args[i]);
	put_place(out, &k->result);
	put_place(out, &k->object);
	put_place(out, &k->pointer);
	bytes_put_num(out, k->written_args);
	put_loc(out, &k->loc);
	bytes_put_str(out, k->text);
}

static void get_call(struct bytes_in *in, struct cfg *g, struct cfg_call *k)
{
	k->callee = bytes_str(in);
	k->macro = bytes_str(in);
	unsigned long long bits = bytes_num(in);
	k->callee_in_system_header = bits & 1;
	k->noreturn = bits >> 1 & 1;
	k->object_arrow = bits >> 2 & 1;
	k->result_used = bits >> 3 & 1;
	k->cast_to_void = bits >> 6 & 1;
	k->pointer_of_kit = bits >> 7 & 1;
	k->undeclared = bits >> 4 & 1;
	k->imported = bits >> 5 & 1;
	k->scope = bytes_str(in);
	size_t n = bytes_count(in);
	if (n) {
		k->args = alloc_zeroed(n, sizeof(*k->args));
		k->nargs = n;
		for (size_t i = 0; i < n; i++)
			get_value(in, &k->args[i], 0);
	}
	get_place(in, &k->result);
	get_place(in, &k->object);
	get_place(in, &k->pointer);
	k->written_args = (unsigned)bytes_num(in);
	get_loc(in, g, &k->loc);
	k->text = bytes_str(in);
}

static void put_block(struct strbuf *out, const struct cfg_block *b)
{
	bytes_put_num(out, b->id);
	bytes_put_str(out, b->label);
	bytes_put_num(out, b->nevents);
	for (size_t i = 0; i < b->nevents; i++)
		put_event(out, &b->events[i]);
	const struct cfg_cond *c = &b->cond;
	bytes_put_num(out, c->kind);
	bytes_put_str(out, c->var);
	bytes_put_str(out, c->text);
	bytes_put_strvec(out, &c->names);
	put_loc(out, &c->loc);
	bytes_put_num(out, c->failure_only);
	bytes_put_num(out, c->equals_success);
	bytes_put_num(out, c->one_failure);
	bytes_put_num(out, c->var_global);
	bytes_put_num(out, c->var_pointer);
	bytes_put_str(out, c->op);
	bytes_put_str(out, c->var2);
	bytes_put_signed(out, c->value);
	bytes_put_signed(out, c->value2);
	bytes_put_signed(out, c->adjust);
	bytes_put_signed(out, c->adjust2);
	bytes_put_num(out, b->nsucc);
	for (size_t i = 0; i < b->nsucc; i++)
		bytes_put_signed(out, b->succ[i]);
	bytes_put_num(out, b->nexcept);
	bytes_put_num(out, b->cases != NULL);
	for (size_t i = 0; b->cases && i + b->nexcept < b->nsucc; i++)
		bytes_put_str(out, b->cases[i]);
	bytes_put_num(out, b->case_known != NULL);
	for (size_t i = 0; b->case_known && i + b->nexcept < b->nsucc; i++) {
		bytes_put_num(out, b->case_known[i]);
		bytes_put_signed(out, b->case_values[i]);
	}
	bytes_put_num(out, b->jumps);
	if (b->jumps)
		put_loc(out, &b->jump_loc);
}

/* Successors must name blocks of the graph: the evaluator indexes by them. */
static void get_block(struct bytes_in *in, struct cfg *g, struct cfg_block *b, size_t nblocks)
{
	b->id = (unsigned)bytes_num(in);
	char *label = bytes_str(in);
	b->label = label ? cfg_file_intern(g, label) : NULL;
	if (!label)
		in->failed = true;
	free(label);
	size_t n = bytes_count(in);
	if (n) {
		b->events = alloc_zeroed(n, sizeof(*b->events));
		b->nevents = b->cap = n;
		for (size_t i = 0; i < n && !in->failed; i++)
			get_event(in, g, &b->events[i]);
	}
	struct cfg_cond *c = &b->cond;
	c->kind = (enum cfg_cond_kind)bytes_num(in);
	if (c->kind > COND_BITS)
		in->failed = true;
	c->var = bytes_str(in);
	c->text = bytes_str(in);
	bytes_strvec(in, &c->names);
	get_loc(in, g, &c->loc);
	c->failure_only = bytes_bool(in);
	c->equals_success = bytes_bool(in);
	c->one_failure = bytes_bool(in);
	c->var_global = bytes_bool(in);
	c->var_pointer = bytes_bool(in);
	char *op = bytes_str(in);
	if (op && strlen(op) < sizeof(c->op))
		strcpy(c->op, op);
	else if (c->kind == COND_COMPARE || c->kind == COND_ADDRESS || c->kind == COND_BITS)
		in->failed = true;
	free(op);
	c->var2 = bytes_str(in);
	c->value = bytes_signed(in);
	c->value2 = bytes_signed(in);
	c->adjust = bytes_signed(in);
	c->adjust2 = bytes_signed(in);
	if ((c->kind == COND_SUCCESS || c->kind == COND_NONNULL || c->kind == COND_ADDRESS || c->kind == COND_BITS) &&
	    !c->var)
		in->failed = true;
	n = bytes_count(in);
	if (n) {
		b->succ = alloc_zeroed(n, sizeof(*b->succ));
		b->nsucc = b->succ_cap = n;
		for (size_t i = 0; i < n; i++) {
			long long s = bytes_signed(in);
			if (s < 0 || (size_t)s >= nblocks)
				in->failed = true;
			b->succ[i] = in->failed ? 0 : (int)s;
		}
	}
	b->nexcept = (size_t)bytes_num(in);
	if (b->nexcept > b->nsucc) {
		in->failed = true;
		b->nexcept = 0;
	}
	if (bytes_bool(in) && !in->failed) {
		b->cases = alloc_zeroed(b->nsucc - b->nexcept + 1, sizeof(*b->cases));
		for (size_t i = 0; i + b->nexcept < b->nsucc; i++) {
			b->cases[i] = bytes_str(in);
			if (!b->cases[i])
				b->cases[i] = alloc_strdup("");
		}
	}
	if (bytes_bool(in) && !in->failed) {
		b->case_values = alloc_zeroed(b->nsucc - b->nexcept + 1, sizeof(*b->case_values));
		b->case_known = alloc_zeroed(b->nsucc - b->nexcept + 1, sizeof(*b->case_known));
		for (size_t i = 0; i + b->nexcept < b->nsucc; i++) {
			b->case_known[i] = bytes_bool(in);
			b->case_values[i] = bytes_signed(in);
		}
	}
	b->jumps = bytes_bool(in);
	if (b->jumps)
		get_loc(in, g, &b->jump_loc);
}

static bool calls_exist(const struct cfg_value *v, size_t ncalls)
{
	if (v->kind == VALUE_CALL && (v->call < 0 || (size_t)v->call >= ncalls))
		return false;
	for (size_t i = 0; i < v->nalts; i++)
		if (!calls_exist(&v->alts[i], ncalls))
			return false;
	return !v->chooser || calls_exist(v->chooser, ncalls);
}

void cfg_write(struct strbuf *out, const struct cfg *g)
{
	bytes_put_str(out, g->file);
	bytes_put_str(out, g->function);
	put_loc(out, &g->loc);
	put_loc(out, &g->end);
	bytes_put_num(out, g->nparams);
	for (size_t i = 0; i < g->nparams; i++) {
		bytes_put_str(out, g->params[i].name);
		bytes_put_str(out, g->params[i].type);
		bytes_put_str(out, g->params[i].canonical_type);
	}
	bytes_put_str(out, g->return_type);
	bytes_put_str(out, g->canonical_return_type);
	bytes_put_num(out, g->ncalls);
	for (size_t i = 0; i < g->ncalls; i++)
		put_call(out, &g->calls[i]);
	bytes_put_signed(out, g->fall_off_call);
	bytes_put_num(out, g->nblocks);
	bytes_put_signed(out, g->entry);
	bytes_put_signed(out, g->exit);
	for (size_t i = 0; i < g->nblocks; i++)
		put_block(out, &g->blocks[i]);
	bytes_put_num(out, g->nquiet);
	for (size_t i = 0; i < g->nquiet; i++) {
		put_loc(out, &g->quiet[i].loc);
		bytes_put_str(out, g->quiet[i].name);
	}
	bytes_put_strvec(out, &g->internals);
}

struct cfg *cfg_read(struct bytes_in *in)
{
	struct cfg *g = alloc_zeroed(1, sizeof(*g));
	g->file = bytes_str(in);
	g->function = bytes_str(in);
	if (!g->file || !g->function)
		in->failed = true;
	get_loc(in, g, &g->loc);
	get_loc(in, g, &g->end);
	size_t n = bytes_count(in);
	if (n) {
		g->params = alloc_zeroed(n, sizeof(*g->params));
		g->nparams = n;
		for (size_t i = 0; i < n; i++) {
			g->params[i].name = bytes_str(in);
			g->params[i].type = bytes_str(in);
			g->params[i].canonical_type = bytes_str(in);
		}
	}
	g->return_type = bytes_str(in);
	g->canonical_return_type = bytes_str(in);
	n = bytes_count(in);
	if (n) {
		g->calls = alloc_zeroed(n, sizeof(*g->calls));
		g->ncalls = g->calls_cap = n;
		for (size_t i = 0; i < n && !in->failed; i++)
			get_call(in, g, &g->calls[i]);
	}
	g->fall_off_call = (int)bytes_signed(in);
	if (g->fall_off_call < -1 || g->fall_off_call >= (int)g->ncalls)
		in->failed = true;
	n = bytes_count(in);
	g->entry = (int)bytes_signed(in);
	g->exit = (int)bytes_signed(in);
	if (n == 0 || g->entry < 0 || (size_t)g->entry >= n || g->exit < 0 || (size_t)g->exit >= n)
		in->failed = true;
	if (!in->failed) {
		g->blocks = alloc_zeroed(n, sizeof(*g->blocks));
		g->nblocks = g->cap = n;
		for (size_t i = 0; i < n && !in->failed; i++)
			get_block(in, g, &g->blocks[i], n);
	}
	n = in->failed ? 0 : bytes_count(in);
	if (n) {
		g->quiet = alloc_zeroed(n, sizeof(*g->quiet));
		g->nquiet = n;
		for (size_t i = 0; i < n && !in->failed; i++) {
			get_loc(in, g, &g->quiet[i].loc);
			g->quiet[i].name = bytes_str(in);
			if (!g->quiet[i].name)
				in->failed = true;
		}
	}
	if (!in->failed)
		bytes_strvec(in, &g->internals);
	/* Calls named by events and values must exist too. */
	for (size_t b = 0; !in->failed && b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if ((ev->kind == EVENT_CALL && (ev->call < 0 || (size_t)ev->call >= g->ncalls)) ||
			    !calls_exist(&ev->value, g->ncalls))
				in->failed = true;
		}
	for (size_t k = 0; !in->failed && k < g->ncalls; k++)
		for (size_t a = 0; a < g->calls[k].nargs; a++)
			if (!calls_exist(&g->calls[k].args[a], g->ncalls))
				in->failed = true;
	if (in->failed) {
		cfg_free(g);
		return NULL;
	}
	return g;
}
