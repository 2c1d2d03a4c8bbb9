/* SPDX-License-Identifier: Apache-2.0 */
/* Building a function's control-flow graph and its events (cfg.h) from
 * libclang's AST. Statements become blocks; every leaf of a condition (split
 * at && || ?: ! and the comma operator) ends a block with a branch; each
 * expression becomes events in evaluation order. Approximations: && || ?:
 * outside conditions are one expression (every operand's events happen); an
 * exception may leave a try from its first block and from every block of its
 * body that calls something, always into the innermost try's handlers (an
 * __except filter is taken to accept); a __finally is lowered again on each
 * normal way out of its __try, not on the exceptional one; static locals'
 * initializers are not events (they run once, at load). */
#include "cfg/build.h"

#include <ctype.h>

#include "base/alloc.h"
#include "base/str.h"
#include "base/strvec.h"
#include "front/ddi.h"

/* ---- finishing ---- */

static void apply_exception_edges(struct builder *b)
{
	for (size_t i = 0; i < b->nexc; i++) {
		struct cfg_block *blk = &b->g->blocks[b->exc[i].from];
		bool seen = false;
		for (size_t k = blk->nsucc - blk->nexcept; k < blk->nsucc; k++)
			seen |= blk->succ[k] == b->exc[i].to;
		if (seen)
			continue;
		cfg_edge_add(b, b->exc[i].from, b->exc[i].to);
		b->g->blocks[b->exc[i].from].nexcept++;
	}
}

static void block_release(struct cfg_block *blk)
{
	for (size_t i = 0; i < blk->nevents; i++) {
		cfg_place_release(&blk->events[i].target);
		cfg_value_release(&blk->events[i].value);
	}
	free(blk->events);
	free(blk->cond.var);
	free(blk->cond.var2);
	free(blk->cond.text);
	strvec_clear(&blk->cond.names);
	if (blk->cases)
		for (size_t i = 0; i + blk->nexcept < blk->nsucc; i++)
			free(blk->cases[i]);
	free(blk->cases);
	free(blk->case_values);
	free(blk->case_known);
	free(blk->succ);
}

/* The live block control reaching `b` goes on to: `b`, or where the removed
 * blocks it passes through lead (each removal points at a block live at the
 * time, so the chain ends); the chain is shortened as it is walked. */
static int live_target(int *onto, const bool *dead, int b)
{
	int end = b;
	while (dead[end])
		end = onto[end];
	while (dead[b]) {
		int next = onto[b];
		onto[b] = end;
		b = next;
	}
	return end;
}

/* Removes empty blocks that only pass control on (joins of nested ifs, the
 * end of a loop followed by the end of another), keeping the entry, the
 * exit, goto labels and the jumps the text wrote (`if (!p) goto Exit;`,
 * cfg_block.jumps); then numbers the blocks again. In one pass: a
 * successor is read through the removals before it (an else-if chain of
 * 8,000 makes as many joins, each redirected once, not one scan of every
 * block per join). */
static void merge_empty_blocks(struct cfg *g)
{
	size_t before = g->nblocks;
	bool *dead = alloc_zeroed(g->nblocks, sizeof(*dead));
	int *onto = alloc_zeroed(g->nblocks, sizeof(*onto)); /* where a removed block passed control */
	for (size_t i = 0; i < g->nblocks; i++) {
		struct cfg_block *blk = &g->blocks[i];
		if (blk->nsucc == 1)
			blk->succ[0] = live_target(onto, dead, blk->succ[0]);
		if ((int)i == g->entry || (int)i == g->exit || blk->nevents || blk->cond.kind != COND_NONE ||
		    blk->nsucc != 1 || blk->nexcept || blk->succ[0] == (int)i || blk->jumps ||
		    str_starts_with(blk->label, "label "))
			continue;
		dead[i] = true;
		onto[i] = blk->succ[0];
	}
	for (size_t i = 0; i < g->nblocks; i++)
		for (size_t s = 0; !dead[i] && s < g->blocks[i].nsucc; s++)
			g->blocks[i].succ[s] = live_target(onto, dead, g->blocks[i].succ[s]);
	int *renumber = alloc_zeroed(g->nblocks, sizeof(*renumber));
	size_t n = 0;
	for (size_t i = 0; i < g->nblocks; i++) {
		if (dead[i]) {
			block_release(&g->blocks[i]);
			renumber[i] = -1;
			continue;
		}
		renumber[i] = (int)n;
		g->blocks[n] = g->blocks[i];
		g->blocks[n].id = (unsigned)n;
		n++;
	}
	g->nblocks = n;
	for (size_t i = 0; i < n; i++)
		for (size_t s = 0; s < g->blocks[i].nsucc; s++)
			g->blocks[i].succ[s] = renumber[g->blocks[i].succ[s]];
	g->entry = renumber[g->entry];
	g->exit = renumber[g->exit];
	for (size_t i = 0; i < n; i++)
		for (size_t e = 0; e < g->blocks[i].nevents; e++) {
			struct cfg_event *ev = &g->blocks[i].events[e];
			int at = ev->each_arg ? ev->each_loop : -1;
			for (size_t hops = 0; at >= 0 && renumber[at] < 0 && hops < before; hops++)
				at = onto[at];
			if (at >= 0)
				ev->each_loop = renumber[at];
		}
	free(onto);
	free(renumber);
	free(dead);
}

static CXCursor function_body(CXCursor fn)
{
	CXCursor body = clang_getNullCursor();
	struct cursor_vec k;
	cursor_vec_children(fn, &k);
	for (size_t i = 0; i < k.len; i++)
		if (k.items[i].kind == CXCursor_CompoundStmt || k.items[i].kind == CXCursor_CXXTryStmt)
			body = k.items[i];
	cursor_vec_release(&k);
	return body;
}

static void describe_function(struct builder *b, CXCursor fn)
{
	struct cfg *g = b->g;
	g->function = cursor_spelling(fn);
	CXFile f = NULL;
	clang_getFileLocation(clang_getCursorLocation(fn), &f, &g->loc.line, &g->loc.column, NULL);
	g->file = f ? cfg_file_path(f) : alloc_strdup("");
	g->loc.file = g->file;
	int n = clang_Cursor_getNumArguments(fn);
	if (n > 0) {
		g->params = alloc_zeroed((size_t)n, sizeof(*g->params));
		g->nparams = (size_t)n;
	}
	for (int i = 0; i < n; i++) {
		CXCursor p = clang_Cursor_getArgument(fn, (unsigned)i);
		CXType t = clang_getCursorType(p);
		g->params[i].name = cursor_spelling(p);
		g->params[i].type = cfg_type_spelling(t);
		g->params[i].canonical_type = cfg_type_spelling(clang_getCanonicalType(t));
	}
	CXType r = clang_getResultType(clang_getCursorType(fn));
	g->return_type = cfg_type_spelling(r);
	g->canonical_return_type = cfg_type_spelling(clang_getCanonicalType(r));
}

/* The call that block `at` ends with, or -1. */
static int last_call(const struct cfg *g, int at)
{
	if (at < 0 || !g->blocks[at].nevents)
		return -1;
	const struct cfg_event *e = &g->blocks[at].events[g->blocks[at].nevents - 1];
	return e->kind == EVENT_CALL ? e->call : -1;
}

struct cfg *cfg_build(CXTranslationUnit tu, CXCursor fn)
{
	struct cfg *g = alloc_zeroed(1, sizeof(*g));
	struct builder b = { .tu = tu, .fn = fn, .g = g, .cur = -1 };
	b.exit = (struct target)TARGET("exit");
	describe_function(&b, fn);

	CXCursor body = function_body(fn);
	CXCursor trys[MAX_TRY_NESTING];
	if (!clang_Cursor_isNull(body)) {
		cfg_labels_scan(&b, body, trys, 0);
		/* The range ends just past the brace. */
		clang_getFileLocation(clang_getRangeEnd(clang_getCursorExtent(body)), NULL, &g->end.line,
				      &g->end.column, NULL);
		g->end.column = g->end.column > 1 ? g->end.column - 1 : 1;
		g->end.file = g->file;
	}
	if (!clang_Cursor_isNull(body) && body.kind == CXCursor_CompoundStmt) {
		cursor_vec_children(body, &b.tops);
		for (size_t i = 0; i < b.tops.len; i++)
			while (b.tops.items[i].kind == CXCursor_LabelStmt) {
				struct cursor_vec named;
				cursor_vec_children(b.tops.items[i], &named);
				b.tops.items[i] = named.len ? named.items[named.len - 1] : clang_getNullCursor();
				cursor_vec_release(&named);
			}
	}
	g->entry = b.cur = cfg_block_new(&b, "entry");
	if (!clang_Cursor_isNull(body)) {
		cfg_aliases_find(&b, body);
		cfg_lower_initializers(&b);
		cfg_lower_stmt(&b, body);
	}
	g->fall_off_call = last_call(g, b.cur);
	cfg_jump_via_finally(&b, &b.exit, 0);
	for (size_t i = 0; i < b.nlabels; i++) {
		/* gotos to a label that does not exist (the code has errors) */
		struct label *l = b.labels[i];
		if (l->t.block < 0 && l->t.npending) {
			b.cur = -1;
			cfg_target_place(&b, &l->t, true);
			cfg_jump_via_finally(&b, &b.exit, 0);
		}
	}
	b.cur = -1;
	cfg_target_place(&b, &b.exit, true);
	g->exit = b.exit.block;
	apply_exception_edges(&b);
	cfg_counted_loops_mark(&b);
	merge_empty_blocks(g);
	for (size_t i = 0; i < b.ncounted; i++)
		free(b.counted[i].counter);
	free(b.counted);

	for (size_t i = 0; i < b.nlabels; i++) {
		cfg_target_release(&b.labels[i]->t);
		free(b.labels[i]->name);
		free(b.labels[i]);
	}
	free(b.labels);
	cursor_vec_release(&b.tops);
	for (size_t i = 0; i < b.nframes; i++)
		free(b.frames[i].sources);
	free(b.frames);
	free(b.exc);
	free(b.call_cursors);
	strvec_clear(&b.table_pointers);
	strvec_clear(&b.table_refs);
	free(b.table_ref_ranges);
	strvec_clear(&b.byte_aliases);
	strvec_clear(&b.alias_names);
	strvec_clear(&b.alias_targets);
	strvec_clear(&b.escaped);
	free(b.loops);
	free(b.scopes);
	free(b.rows);
	free(b.counters);
	free(b.scanned);
	cfg_target_release(&b.exit);
	return g;
}

bool cfg_call_unknown_macro(const struct cfg_call *call)
{
	if (!call->undeclared || !call->callee)
		return false;
	bool letter = false;
	for (const char *p = call->callee; *p; p++) {
		if (islower((unsigned char)*p))
			return false;
		letter |= isupper((unsigned char)*p) != 0;
	}
	return letter;
}

void cfg_free(struct cfg *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->nblocks; i++)
		block_release(&g->blocks[i]);
	free(g->blocks);
	for (size_t i = 0; i < g->ncalls; i++) {
		struct cfg_call *k = &g->calls[i];
		free(k->callee);
		free(k->scope);
		free(k->macro);
		for (size_t a = 0; a < k->nargs; a++)
			cfg_value_release(&k->args[a]);
		free(k->args);
		cfg_place_release(&k->result);
		cfg_place_release(&k->object);
		cfg_place_release(&k->pointer);
		free(k->text);
	}
	free(g->calls);
	for (size_t i = 0; i < g->nparams; i++) {
		free(g->params[i].name);
		free(g->params[i].type);
		free(g->params[i].canonical_type);
	}
	free(g->params);
	free(g->function);
	free(g->file);
	free(g->return_type);
	free(g->canonical_return_type);
	for (size_t i = 0; i < g->nquiet; i++)
		free(g->quiet[i].name);
	free(g->quiet);
	strvec_clear(&g->files);
	strvec_clear(&g->internals);
	free(g);
}

bool cfg_is_exchange(const char *callee)
{
	if (!callee)
		return false;
	const char *name = callee + strspn(callee, "_"), *rest = name + 19;
	return !strncmp(name, "InterlockedExchange", 19) &&
	       (!*rest || !strcmp(rest, "Pointer") || strspn(rest, "0123456789") == strlen(rest));
}

bool cfg_is_compare_exchange(const char *callee)
{
	if (!callee)
		return false;
	const char *name = callee + strspn(callee, "_"), *rest = name + 26;
	return !strncmp(name, "InterlockedCompareExchange", 26) &&
	       (!*rest || !strcmp(rest, "Pointer") || strspn(rest, "0123456789") == strlen(rest));
}

const struct cfg_call *cfg_named_call(const struct cfg *g, const char *name)
{
	char *end;
	long call = name && name[0] == '@' ? strtol(name + 1, &end, 10) : -1;
	return call >= 0 && !*end && (size_t)call < g->ncalls ? &g->calls[call] : NULL;
}

const struct cfg_place *cfg_compare_exchanged(const struct cfg_call *c)
{
	bool constants = c->nargs == 3 && (c->args[1].kind == VALUE_CONSTANT || c->args[1].kind == VALUE_NULL) &&
			 (c->args[2].kind == VALUE_CONSTANT || c->args[2].kind == VALUE_NULL);
	if (!constants || c->args[0].kind != VALUE_ADDRESS || !c->args[0].place.root ||
	    !cfg_is_compare_exchange(c->callee))
		return NULL;
	return &c->args[0].place;
}

enum cfg_bit_op cfg_bit_op(const char *callee)
{
	static const struct {
		const char *name;
		enum cfg_bit_op op;
	} ops[] = {
		{ "bittest", BIT_TEST },
		{ "bittestandset", BIT_SET },
		{ "bittestandreset", BIT_RESET },
		{ "interlockedbittestandset", BIT_SET },
		{ "interlockedbittestandreset", BIT_RESET },
	};
	if (!callee)
		return BIT_NONE;
	const char *name = callee + strspn(callee, "_");
	size_t n = strlen(name);
	if (n > 2 && !strcmp(name + n - 2, "64"))
		n -= 2;
	for (size_t k = 0; k < sizeof(ops) / sizeof(*ops); k++)
		if (strlen(ops[k].name) == n && !strncasecmp(name, ops[k].name, n))
			return ops[k].op;
	return BIT_NONE;
}

bool cfg_owns(const struct cfg *g, const char *name)
{
	size_t n = strcspn(name, ".-[");
	for (size_t i = 0; i < g->internals.len; i++)
		if (!strncmp(g->internals.items[i], name, n) && !g->internals.items[i][n])
			return true;
	return false;
}

bool cfg_call_store_modeled(const struct cfg_call *c)
{
	enum cfg_bit_op bit = cfg_bit_op(c->callee);
	if (c->nargs != 2 || c->args[0].kind != VALUE_ADDRESS)
		return false;
	if (bit == BIT_NONE)
		return cfg_is_exchange(c->callee);
	return bit == BIT_TEST ||
	       (c->args[1].kind == VALUE_CONSTANT && c->args[1].number >= 0 && c->args[1].number <= 62);
}

bool cfg_call_zeroes(const struct cfg_call *c)
{
	int fill = ddi_zeroing_fill(c->macro);
	if (fill == -2)
		fill = ddi_zeroing_fill(c->callee);
	return fill != -2 && c->nargs &&
	       (fill < 0 || ((size_t)fill < c->nargs && c->args[fill].kind == VALUE_CONSTANT && c->args[fill].number == 0));
}

bool cfg_is_decrement(const char *callee)
{
	if (!callee)
		return false;
	const char *name = callee + strspn(callee, "_"), *rest = name + 20;
	if (strncmp(name, "InterlockedDecrement", 20))
		return false;
	rest += strspn(rest, "0123456789");
	return !*rest || !strcmp(rest, "Acquire") || !strcmp(rest, "Release") || !strcmp(rest, "NoFence") ||
	       !strcmp(rest, "Acquire64") || !strcmp(rest, "Release64") || !strcmp(rest, "NoFence64");
}

bool cfg_arg_formatted(const struct cfg_call *call, size_t arg)
{
	for (size_t k = 0; k < arg && k < call->nargs; k++) {
		const struct cfg_value *v = &call->args[k];
		if (v->kind == VALUE_STRING && v->name && strchr(v->name, '%'))
			return true;
	}
	return false;
}
