/* SPDX-License-Identifier: Apache-2.0 */
/* Lowering statements to blocks: compound, if, switch, loops, goto and
 * labels, return, SEH and C++ try. */
#include "cfg/build.h"

#include "base/alloc.h"

static enum CXChildVisitResult lower_child(CXCursor c, CXCursor parent, CXClientData data)
{
	cfg_lower_stmt(data, c);
	return CXChildVisit_Continue;
}

/* Whether the declaration `decl` is spelled noreturn in a way libclang keeps
 * out of the function's type: C11 _Noreturn, C++ [[noreturn]] (which lies
 * just before the declaration's extent, hence the look back). System headers
 * (the header model, mingw-w64, a WDK) spell it as an attribute, which the
 * type shows; and a location by offset in one read from the precompiled
 * prelude makes libclang load every source entry of the prelude, which was
 * most of a file's time. */
#define NORETURN_LOOKBACK 48
static bool spelled_noreturn(CXTranslationUnit tu, CXCursor decl)
{
	if (clang_Cursor_isNull(decl) || clang_getCursorKind(decl) != CXCursor_FunctionDecl ||
	    clang_Location_isInSystemHeader(clang_getCursorLocation(decl)))
		return false;
	CXFile file;
	unsigned start, name;
	clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(decl)), &file, NULL, NULL, &start);
	clang_getFileLocation(clang_getCursorLocation(decl), NULL, NULL, NULL, &name);
	if (!file || name < start)
		return false;
	unsigned from = start > NORETURN_LOOKBACK ? start - NORETURN_LOOKBACK : 0;
	CXSourceRange range = clang_getRange(clang_getLocationForOffset(tu, file, from),
					     clang_getLocationForOffset(tu, file, name));
	CXToken *tokens = NULL;
	unsigned n = 0;
	clang_tokenize(tu, range, &tokens, &n);
	bool yes = false;
	for (unsigned i = 0; i < n; i++) {
		char *t = cxstring_take(clang_getTokenSpelling(tu, tokens[i]));
		if (!strcmp(t, ";") || !strcmp(t, "}") || !strcmp(t, "{"))
			yes = false; /* the end of an earlier declaration: start again */
		else if (!strcmp(t, "_Noreturn") || !strcmp(t, "noreturn"))
			yes = true;
		free(t);
	}
	clang_disposeTokens(tu, tokens, n);
	return yes;
}

/* Whether statement `e` is the kit's assertion that the path cannot run:
 * ASSERT(FALSE), NT_ASSERT(0), ASSERTMSG("...", FALSE), ASSERT(!"..."),
 * MSVC's __assume(0). */
static bool asserts_unreachable(struct builder *b, CXCursor e)
{
	static const char *const names[] = { "ASSERT", "NT_ASSERT", "ASSERTMSG", "NT_ASSERTMSG",
					     "NT_ASSERTMSGW", "__assume" };
	struct cursor_tokens t;
	cursor_tokens_of_span(b->tu, cursor_span_of(e), &t);
	bool named = false;
	for (size_t i = 0; t.len >= 4 && i < sizeof(names) / sizeof(*names); i++)
		named |= !strcmp(t.items[0].text, names[i]);
	bool yes = false;
	if (named && cfg_token_is(&t, 1, "(") && cfg_closing_bracket(&t, 1) == t.len - 1) {
		size_t from = 2, to = t.len - 1;
		int depth = 0;
		for (size_t i = 2; i < to; i++) { /* the MSG forms test their last argument */
			depth += cfg_token_is(&t, i, "(") - cfg_token_is(&t, i, ")");
			if (depth == 0 && cfg_token_is(&t, i, ","))
				from = i + 1;
		}
		if (to == from + 1)
			yes = cfg_token_is(&t, from, "0") || cfg_token_is(&t, from, "FALSE") ||
			      cfg_token_is(&t, from, "false");
		else if (to == from + 2 && cfg_token_is(&t, from, "!"))
			yes = t.items[from + 1].kind == CXToken_Literal && t.items[from + 1].text[0] == '"';
	}
	cursor_tokens_release(&t);
	return yes;
}

/* An expression statement: a call's result is unused unless assigned. */
static void lower_expr_stmt(struct builder *b, CXCursor e)
{
	CXCursor s = cursor_strip(e);
	char assign_op[4];
	CXCursor lhs, rhs;
	if (cursor_unknown_assignment(s, assign_op, &lhs, &rhs) || cfg_enum_operator(s, assign_op) ||
	    cursor_implicit_assignment(s, &lhs, &rhs)) {
		cfg_lower_expr(b, s);
		return;
	}
	if (s.kind == CXCursor_CallExpr && cfg_is_noop_intrinsic(s))
		return;
	/* `rollback();` of a lambda held in a local: its body, in place. */
	if (s.kind == CXCursor_CallExpr && cfg_lambda_call_inline(b, s))
		return;
	if (s.kind == CXCursor_CallExpr) {
		int index = cfg_call_record(b, s);
		b->g->calls[index].result_used = false;
		b->g->calls[index].cast_to_void = clang_getCursorType(e).kind == CXType_Void &&
						  cfg_strip_implicit(e).kind == CXCursor_CStyleCastExpr;
		if (!b->g->calls[index].noreturn && spelled_noreturn(b->tu, clang_getCursorReferenced(s)))
			b->g->calls[index].noreturn = true;
		if (b->g->calls[index].noreturn)
			b->cur = -1; /* KeBugCheckEx: the path ends here, it neither returns nor falls off */
		return;
	}
	if (s.kind == CXCursor_BinaryOperator) {
		struct cursor_list kids = cursor_children(s);
		char *op = kids.n == 2 ? cursor_binary_operator(b->tu, s) : NULL;
		bool comma = cfg_op_is(op, ",");
		free(op);
		if (comma) {
			lower_expr_stmt(b, kids.items[0]);
			lower_expr_stmt(b, kids.items[1]);
			return;
		}
	}
	if (s.kind == CXCursor_CXXThrowExpr) {
		cfg_lower_expr(b, s);
		cfg_block_ensure(b);
		if (cfg_frame_innermost(b, FRAME_HANDLERS, FRAME_HANDLERS) >= 0) {
			cfg_note_may_throw(b);
			b->cur = -1;
		} else {
			cfg_jump_via_finally(b, &b->exit, 0);
		}
		return;
	}
	cfg_lower_expr(b, e);
}

static void lower_loop_body(struct builder *b, CXCursor body, struct target *brk, struct target *cont)
{
	struct frame f = { .kind = FRAME_LOOP, .brk = brk, .cont = cont };
	cfg_frame_push(b, &f);
	cfg_lower_stmt(b, body);
	b->nframes--;
}

static void lower_while(struct builder *b, CXCursor s)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	if (k.len < 2 || cfg_lower_table_walk_while(b, k.items[k.len - 2], k.items[k.len - 1])) {
		cursor_vec_release(&k);
		return;
	}
	cfg_block_start(b, "while.cond");
	struct target cond = { b->cur, "while.cond", NULL, 0, 0 };
	struct target body = TARGET("while.body"), end = TARGET("while.end");
	b->loop_depth++;
	cfg_lower_cond(b, k.items[k.len - 2], &body, &end);
	cfg_target_place(b, &body, false);
	lower_loop_body(b, k.items[k.len - 1], &end, &cond);
	cfg_goto_target(b, &cond);
	b->loop_depth--;
	cfg_target_place(b, &end, false);
	cfg_target_release(&body);
	cfg_target_release(&end);
	cursor_vec_release(&k);
}

static void lower_do(struct builder *b, CXCursor s)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	if (k.len < 2) {
		cursor_vec_release(&k);
		return;
	}
	cfg_block_start(b, "do.body");
	struct target body = { b->cur, "do.body", NULL, 0, 0 };
	struct target cond = TARGET("do.cond"), end = TARGET("do.end");
	b->loop_depth++;
	lower_loop_body(b, k.items[0], &end, &cond);
	cfg_target_place(b, &cond, false);
	if (b->cur >= 0)
		cfg_lower_cond(b, k.items[1], &body, &end);
	b->loop_depth--;
	cfg_target_place(b, &end, false);
	cfg_target_release(&cond);
	cfg_target_release(&end);
	cursor_vec_release(&k);
}

/* Which of a for statement's children are init, cond, inc and body: libclang
 * skips absent ones, so they are told apart by where the semicolons are. */
static void for_parts(struct builder *b, CXCursor s, const struct cursor_vec *k, CXCursor parts[4])
{
	for (int i = 0; i < 4; i++)
		parts[i] = clang_getNullCursor();
	struct cursor_tokens t;
	cursor_tokens_of_span(b->tu, cursor_span_of(s), &t);
	unsigned bounds[3];
	int nb = 0;
	if (cfg_token_is(&t, 1, "(")) {
		size_t close = cfg_closing_bracket(&t, 1);
		int depth = 0;
		for (size_t i = 2; i < close && nb < 2; i++) {
			const char *x = t.items[i].text;
			if (!strcmp(x, "(") || !strcmp(x, "[") || !strcmp(x, "{"))
				depth++;
			else if (!strcmp(x, ")") || !strcmp(x, "]") || !strcmp(x, "}"))
				depth--;
			else if (depth == 0 && !strcmp(x, ";"))
				bounds[nb++] = t.items[i].begin;
		}
		if (close < t.len && nb == 2)
			bounds[nb++] = t.items[close].begin;
	}
	cursor_tokens_release(&t);
	if (nb != 3) {
		/* a loop made by a macro: assume every part is there */
		for (size_t i = 0; i < k->len && i < 4; i++)
			parts[k->len >= 4 ? i : 3 - (k->len - 1 - i)] = k->items[i];
		return;
	}
	for (size_t i = 0; i < k->len; i++) {
		struct cursor_span sp = cursor_span_of(k->items[i]);
		int part = 3;
		if (sp.ok && sp.begin < bounds[0])
			part = 0;
		else if (sp.ok && sp.begin < bounds[1])
			part = 1;
		else if (sp.ok && sp.begin < bounds[2])
			part = 2;
		parts[part] = k->items[i];
	}
}

static void lower_for(struct builder *b, CXCursor s)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	CXCursor parts[4];
	for_parts(b, s, &k, parts);
	cursor_vec_release(&k);
	if (cfg_lower_table_walk_for(b, parts[0], parts[1], parts[2], parts[3]))
		return;
	if (!clang_Cursor_isNull(parts[0]))
		cfg_lower_stmt(b, parts[0]);
	struct target body = TARGET("for.body"), inc = TARGET("for.inc"), end = TARGET("for.end");
	struct loop_range range;
	if (cfg_loop_range(b, parts[0], parts[1], &range)) {
		cfg_block_ensure(b);
		cfg_goto_target(b, &body);
	}
	GROW(b->loops, b->loops_cap, b->nloops + 1);
	b->loops[b->nloops++] = range;
	cfg_block_start(b, "for.cond");
	struct target cond = { b->cur, "for.cond", NULL, 0, 0 };
	bool has_inc = !clang_Cursor_isNull(parts[2]);
	b->loop_depth++;
	if (!clang_Cursor_isNull(parts[1]))
		cfg_lower_cond(b, parts[1], &body, &end);
	else
		cfg_goto_target(b, &body);
	int from = (int)b->g->nblocks;
	cfg_target_place(b, &body, false);
	int body_block = b->cur;
	if (!clang_Cursor_isNull(parts[3]))
		lower_loop_body(b, parts[3], &end, has_inc ? &inc : &cond);
	int to = (int)b->g->nblocks;
	if (has_inc) {
		cfg_target_place(b, &inc, false);
		if (b->cur >= 0)
			lower_expr_stmt(b, parts[2]);
	}
	int latch = has_inc ? inc.block : cond.block;
	if (range.valid && body_block >= 0 && latch >= 0 && !clang_Cursor_isNull(parts[3])) {
		GROW(b->counted, b->counted_cap, b->ncounted + 1);
		b->counted[b->ncounted++] = (struct counted_loop){ alloc_strdup(range.counter), range.first, range.last,
								   body_block, latch, from, to,
								   cfg_body_jumps(parts[3]) };
	}
	cfg_goto_target(b, &cond);
	b->loop_depth--;
	free(b->loops[--b->nloops].counter);
	cfg_target_place(b, &end, false);
	cfg_target_release(&body);
	cfg_target_release(&inc);
	cfg_target_release(&end);
}

/* for (auto &slot : range) body: once per row of a constant table (tables.c);
 * else any number of times, which no condition tells, and a reference bound to
 * MajorFunction's slots makes a store into it one into every slot (events.c). */
static void lower_range_for(struct builder *b, CXCursor s)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	if (k.len < 2) {
		cursor_vec_release(&k);
		return;
	}
	CXCursor var = k.items[0], range = k.items[k.len - 2], body = k.items[k.len - 1];
	cursor_vec_release(&k);
	cfg_block_ensure(b);
	cfg_lower_expr(b, range);
	if (cfg_lower_table_for(b, var, range, body))
		return;
	if (clang_getCursorKind(var) == CXCursor_VarDecl && cursor_mentions_major_function(range))
		cfg_note_table_ref(b, var, range);
	CXType type = clang_getCanonicalType(clang_getCursorType(range));
	if (type.kind == CXType_ConstantArray && clang_getArraySize(type) > 0) {
		/* An array of fixed size (MajorFunction): the body runs at least once. */
		cfg_block_start(b, "for.range.body");
		struct target again = { b->cur, "for.range.body", NULL, 0, 0 };
		struct target cond = TARGET("for.range.cond"), end = TARGET("for.range.end");
		b->loop_depth++;
		lower_loop_body(b, body, &end, &cond);
		cfg_target_place(b, &cond, false);
		if (b->cur >= 0) {
			int test = b->cur;
			struct cfg_cond *c = &b->g->blocks[test].cond;
			memset(c, 0, sizeof(*c));
			c->kind = COND_OTHER;
			c->text = cfg_cursor_text(b, range);
			c->loc = cfg_loc_of(b, range);
			cfg_edge_to_target(b, test, &again);
			cfg_edge_to_target(b, test, &end);
			b->cur = -1;
		}
		b->loop_depth--;
		cfg_target_place(b, &end, false);
		cfg_target_release(&cond);
		cfg_target_release(&end);
		return;
	}
	struct target next = TARGET("for.range.body"), end = TARGET("for.range.end");
	cfg_block_start(b, "for.range.cond");
	int test = b->cur;
	struct target cond = { test, "for.range.cond", NULL, 0, 0 };
	struct cfg_cond *c = &b->g->blocks[test].cond;
	memset(c, 0, sizeof(*c));
	c->kind = COND_OTHER;
	c->text = cfg_cursor_text(b, range);
	c->loc = cfg_loc_of(b, range);
	cfg_edge_to_target(b, test, &next);
	cfg_edge_to_target(b, test, &end);
	b->cur = -1;
	b->loop_depth++;
	cfg_target_place(b, &next, false);
	lower_loop_body(b, body, &end, &cond);
	cfg_goto_target(b, &cond);
	b->loop_depth--;
	cfg_target_place(b, &end, false);
	cfg_target_release(&next);
	cfg_target_release(&end);
}

static void lower_switch(struct builder *b, CXCursor s)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	if (k.len < 2) {
		cursor_vec_release(&k);
		return;
	}
	CXCursor cond = k.items[k.len - 2], body = k.items[k.len - 1];
	cursor_vec_release(&k);
	cfg_block_ensure(b);
	cfg_lower_expr(b, cond);
	int sw = b->cur;
	struct cfg_cond *c = &b->g->blocks[sw].cond;
	c->kind = COND_SWITCH;
	c->text = cfg_cursor_text(b, cond);
	c->loc = cfg_loc_of(b, cond);
	if (cfg_is_place_expr(b, cursor_strip(cond))) {
		/* The place as stores name it: a device object's (cfg/aliases.c),
		 * a member of `this` by its full name (m_Stage is this->m_Stage). */
		struct cfg_place p;
		cfg_place_build(b, cursor_strip(cond), &p);
		const char *name = p.key ? p.key : p.path;
		c->var = name ? alloc_strdup(name) : cfg_cursor_text(b, cursor_strip(cond));
		c->var_global = p.root_is_global && !p.deref;
		cfg_place_release(&p);
	}
	b->cur = -1;

	struct switch_ctx ctx = { .block = sw, .default_block = -1 };
	struct target end = TARGET("switch.end");
	struct frame f = { .kind = FRAME_SWITCH, .brk = &end, .sw = &ctx };
	cfg_frame_push(b, &f);
	cfg_lower_stmt(b, body);
	b->nframes--;
	cfg_goto_target(b, &end);

	struct cfg_block *blk = &b->g->blocks[sw];
	blk->cases = alloc_zeroed(ctx.n + 1, sizeof(*blk->cases));
	blk->case_values = alloc_zeroed(ctx.n + 1, sizeof(*blk->case_values));
	blk->case_known = alloc_zeroed(ctx.n + 1, sizeof(*blk->case_known));
	for (size_t i = 0; i < ctx.n; i++) {
		cfg_edge_add(b, sw, ctx.blocks[i]);
		b->g->blocks[sw].cases[i] = ctx.texts[i];
		b->g->blocks[sw].case_values[i] = ctx.values[i];
		b->g->blocks[sw].case_known[i] = ctx.known[i];
	}
	if (ctx.default_block >= 0)
		cfg_edge_add(b, sw, ctx.default_block);
	else
		cfg_edge_to_target(b, sw, &end);
	b->g->blocks[sw].cases[ctx.n] = alloc_strdup("default");
	free(ctx.blocks);
	free(ctx.texts);
	free(ctx.values);
	free(ctx.known);
	cfg_target_place(b, &end, false);
	cfg_target_release(&end);
}

static void lower_case(struct builder *b, CXCursor s, bool is_default)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	int i = cfg_frame_innermost(b, FRAME_SWITCH, FRAME_SWITCH);
	if (i >= 0 && k.len >= 1) {
		struct switch_ctx *ctx = b->frames[i].sw;
		cfg_block_start(b, is_default ? "switch.default" : "switch.case");
		if (is_default) {
			ctx->default_block = b->cur;
		} else {
			GROW(ctx->blocks, ctx->cap, ctx->n + 1);
			ctx->texts = alloc_resize(ctx->texts, ctx->cap * sizeof(*ctx->texts));
			ctx->values = alloc_resize(ctx->values, ctx->cap * sizeof(*ctx->values));
			ctx->known = alloc_resize(ctx->known, ctx->cap * sizeof(*ctx->known));
			ctx->blocks[ctx->n] = b->cur;
			/* A switch on a value the path knows takes its case alone. */
			ctx->values[ctx->n] = 0;
			ctx->known[ctx->n] = k.len == 2 && cfg_int_constant(k.items[0], &ctx->values[ctx->n]);
			if (k.len >= 3) {
				char *lo = cfg_cursor_text(b, k.items[0]), *hi = cfg_cursor_text(b, k.items[1]);
				ctx->texts[ctx->n] = alloc_printf("%s...%s", lo, hi);
				free(lo);
				free(hi);
			} else {
				ctx->texts[ctx->n] = cfg_cursor_text(b, k.items[0]);
			}
			ctx->n++;
		}
	}
	if (is_default && k.len >= 1 && asserts_unreachable(b, k.items[k.len - 1])) {
		/* `default: ASSERT(FALSE);`: the author states the cases listed are
		 * every value, so no finding may rest on the default. An assertion
		 * on a failure branch (a call's status) only says the author does
		 * not expect it: that path stays. */
		b->cur = -1;
	} else if (k.len >= 1 && (is_default || k.len >= 2)) {
		cfg_lower_stmt(b, k.items[k.len - 1]);
	}
	cursor_vec_release(&k);
}

static struct label *find_label(struct builder *b, const char *name)
{
	for (size_t i = 0; i < b->nlabels; i++)
		if (!strcmp(b->labels[i]->name, name))
			return b->labels[i];
	GROW(b->labels, b->labels_cap, b->nlabels + 1);
	struct label *l = alloc_zeroed(1, sizeof(*l));
	l->name = alloc_strdup(name);
	char *label = alloc_printf("label %s", name);
	l->t = (struct target)TARGET(cfg_file_intern(b->g, label));
	free(label);
	b->labels[b->nlabels++] = l;
	return l;
}

static bool label_inside(const struct label *l, CXCursor try_stmt)
{
	for (unsigned i = 0; i < l->ntrys; i++)
		if (clang_equalCursors(l->trys[i], try_stmt))
			return true;
	return false;
}

static void lower_goto(struct builder *b, CXCursor s)
{
	struct cursor_list kids = cursor_children(s);
	if (kids.n < 1)
		return;
	char *name = cursor_spelling(kids.items[0]);
	struct label *l = find_label(b, name);
	free(name);
	size_t depth = 0;
	for (size_t i = 0; i < b->nframes; i++)
		if (b->frames[i].kind == FRAME_FINALLY && label_inside(l, b->frames[i].try_stmt))
			depth = i + 1;
	cfg_mark_jump(b, s);
	cfg_shadows_leave_to(b, clang_getCursorReferenced(kids.items[0]), s);
	cfg_jump_via_finally(b, &l->t, depth);
}

static void lower_label(struct builder *b, CXCursor s)
{
	char *name = cursor_spelling(s);
	struct label *l = find_label(b, name);
	free(name);
	if (l->t.block >= 0)
		cfg_block_start(b, l->t.label); /* a second copy of a __finally body */
	else
		cfg_target_place(b, &l->t, true);
	clang_visitChildren(s, lower_child, b);
}

/* Whether `e` is a truth value written as a test: a comparison, a logical
 * operator or a negation. */
static bool is_test(struct builder *b, CXCursor e)
{
	CXCursor c = cfg_strip_implicit(e);
	char *op = c.kind == CXCursor_BinaryOperator ? cursor_binary_operator(b->tu, c)
		   : c.kind == CXCursor_UnaryOperator ? cfg_unary_op(b, c) : NULL;
	static const char *const tests[] = { "&&", "||", "==", "!=", "<", "<=", ">", ">=" };
	bool yes = op && c.kind == CXCursor_UnaryOperator && !strcmp(op, "!");
	for (size_t i = 0; op && c.kind == CXCursor_BinaryOperator && i < sizeof(tests) / sizeof(*tests); i++)
		yes |= !strcmp(op, tests[i]);
	free(op);
	return yes;
}

/* One way of a `return test;`: the constant the test's outcome returns. */
static void return_truth(struct builder *b, CXCursor s, CXCursor e, struct target *way, long long truth)
{
	cfg_target_place(b, way, false);
	if (b->cur < 0)
		return;
	cfg_scopes_destroy(b, 0, s);
	struct cfg_event *ev = cfg_return_event(b, s);
	if (!ev)
		return;
	ev->value = (struct cfg_value){ .kind = VALUE_CONSTANT, .number = truth, .call = -1,
					.text = cfg_cursor_text(b, e) };
	cfg_goto_target(b, &b->exit);
}

static void lower_return(struct builder *b, CXCursor s)
{
	struct cursor_list kids = cursor_children(s);
	struct cfg_value value = { .kind = VALUE_UNKNOWN, .call = -1 };
	/* `return a && b;` of a helper that answers yes or no is a branch: each
	 * way returns its constant, which decides the caller's test of it
	 * (an NTSTATUS is never such a value). */
	CXType type = clang_getCanonicalType(clang_getResultType(clang_getCursorType(b->fn)));
	if (kids.n >= 1 && clang_isExpression(clang_getCursorKind(kids.items[0])) && type.kind != CXType_Long &&
	    type.kind != CXType_Void && is_test(b, kids.items[0]) && !cfg_has_side_effects(b, kids.items[0])) {
		struct target yes = TARGET("return.true"), no = TARGET("return.false");
		cfg_block_ensure(b);
		cfg_lower_cond(b, kids.items[0], &yes, &no);
		return_truth(b, s, kids.items[0], &yes, 1);
		return_truth(b, s, kids.items[0], &no, 0);
		cfg_target_release(&yes);
		cfg_target_release(&no);
		return;
	}
	CXCursor chosen = kids.n >= 1 ? cursor_strip(kids.items[0]) : clang_getNullCursor();
	struct cursor_list ways = cursor_children(chosen);
	if (chosen.kind == CXCursor_ConditionalOperator && ways.n == 3) {
		/* `return c ? x : y;` (a min() of two statuses) returns x on one
		 * way and y on the other: each return holds what it names. */
		struct target yes = TARGET("return.then"), no = TARGET("return.else");
		cfg_block_ensure(b);
		cfg_lower_cond(b, ways.items[0], &yes, &no);
		for (int side = 0; side < 2; side++) {
			CXCursor way = ways.items[1 + side];
			cfg_target_place(b, side == 0 ? &yes : &no, false);
			cfg_lower_expr(b, way);
			cfg_scopes_destroy(b, 0, s);
			struct cfg_event *ev = cfg_return_event(b, s);
			if (!ev)
				continue;
			cfg_value_build(b, way, &ev->value);
			cfg_goto_target(b, &b->exit);
		}
		cfg_target_release(&yes);
		cfg_target_release(&no);
		return;
	}
	if (kids.n >= 1 && clang_isExpression(clang_getCursorKind(kids.items[0]))) {
		cfg_lower_expr(b, kids.items[0]);
		cfg_value_build(b, kids.items[0], &value);
	}
	cfg_scopes_destroy(b, 0, s);
	struct cfg_event *ev = cfg_return_event(b, s);
	if (!ev) {
		cfg_value_release(&value);
		return;
	}
	ev->value = value;
	cfg_goto_target(b, &b->exit);
}

static void lower_seh_try(struct builder *b, CXCursor s)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	if (k.len < 2) {
		cursor_vec_release(&k);
		return;
	}
	CXCursor body = k.items[0], handler = k.items[k.len - 1];
	cursor_vec_release(&k);
	struct cursor_vec h;
	cursor_vec_children(handler, &h);
	struct target end = TARGET("try.end");
	cfg_block_start(b, "try");
	if (handler.kind == CXCursor_SEHFinallyStmt && h.len >= 1) {
		struct frame f = { .kind = FRAME_FINALLY, .finally_body = h.items[h.len - 1],
				   .try_stmt = s, .leave = &end };
		cfg_frame_push(b, &f);
		cfg_lower_stmt(b, body);
		b->nframes--;
		if (b->cur >= 0) {
			cfg_block_start(b, "finally");
			cfg_lower_stmt(b, h.items[h.len - 1]);
		}
	} else if (h.len >= 1) {
		struct frame f = { .kind = FRAME_HANDLERS, .try_stmt = s, .leave = &end };
		size_t i = cfg_frame_push(b, &f);
		cfg_note_may_throw(b);
		cfg_lower_stmt(b, body);
		int *sources = b->frames[i].sources;
		size_t nsources = b->frames[i].nsources;
		b->nframes--;
		cfg_goto_target(b, &end);
		b->cur = cfg_block_new(b, "except");
		cfg_exc_edges_add(b, sources, nsources, b->cur);
		free(sources);
		if (h.len >= 2)
			cfg_lower_expr(b, h.items[0]); /* the filter */
		cfg_lower_stmt(b, h.items[h.len - 1]);
	}
	cfg_goto_target(b, &end);
	cfg_target_place(b, &end, false);
	cfg_target_release(&end);
	cursor_vec_release(&h);
}

static void lower_leave(struct builder *b, CXCursor s)
{
	for (size_t i = b->nframes; i-- > 0;) {
		if (b->frames[i].leave) {
			cfg_mark_jump(b, s);
			cfg_jump_via_finally(b, b->frames[i].leave, i);
			return;
		}
	}
}

static void lower_cxx_try(struct builder *b, CXCursor s)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	if (k.len < 1) {
		cursor_vec_release(&k);
		return;
	}
	struct target end = TARGET("try.end");
	cfg_block_start(b, "try");
	struct frame f = { .kind = FRAME_HANDLERS, .try_stmt = s };
	size_t i = cfg_frame_push(b, &f);
	cfg_note_may_throw(b);
	cfg_lower_stmt(b, k.items[0]);
	int *sources = b->frames[i].sources;
	size_t nsources = b->frames[i].nsources;
	b->nframes--;
	cfg_goto_target(b, &end);
	for (size_t c = 1; c < k.len; c++) {
		b->cur = cfg_block_new(b, "catch");
		cfg_exc_edges_add(b, sources, nsources, b->cur);
		struct cursor_vec parts;
		cursor_vec_children(k.items[c], &parts);
		if (parts.len >= 1)
			cfg_lower_stmt(b, parts.items[parts.len - 1]);
		cursor_vec_release(&parts);
		cfg_goto_target(b, &end);
	}
	free(sources);
	cfg_target_place(b, &end, false);
	cfg_target_release(&end);
	cursor_vec_release(&k);
}

void cfg_lower_stmt(struct builder *b, CXCursor s)
{
	enum CXCursorKind kind = clang_getCursorKind(s);
	switch (kind) {
	case CXCursor_CompoundStmt: {
		GROW(b->scopes, b->scopes_cap, b->nscopes + 1);
		memset(&b->scopes[b->nscopes], 0, sizeof(*b->scopes));
		b->scopes[b->nscopes++].stmt = s;
		cfg_quiet_gaps(b, s);
		clang_visitChildren(s, lower_child, b);
		if (b->cur >= 0)
			cfg_scopes_destroy(b, b->nscopes - 1, s);
		cfg_shadows_restore(b, b->nscopes - 1, s);
		cfg_scope_pop(b);
		break;
	}
	case CXCursor_DeclStmt: {
		struct cursor_vec k;
		cursor_vec_children(s, &k);
		for (size_t i = 0; i < k.len; i++)
			cfg_lower_decl(b, k.items[i]);
		cursor_vec_release(&k);
		break;
	}
	case CXCursor_NullStmt:
	case CXCursor_AsmStmt:
	case CXCursor_MSAsmStmt:
		break;
	case CXCursor_IfStmt: cfg_lower_if(b, s); break;
	case CXCursor_WhileStmt: lower_while(b, s); break;
	case CXCursor_DoStmt: lower_do(b, s); break;
	case CXCursor_ForStmt: lower_for(b, s); break;
	case CXCursor_CXXForRangeStmt: lower_range_for(b, s); break;
	case CXCursor_SwitchStmt: lower_switch(b, s); break;
	case CXCursor_CaseStmt: lower_case(b, s, false); break;
	case CXCursor_DefaultStmt: lower_case(b, s, true); break;
	case CXCursor_BreakStmt: {
		int i = cfg_frame_innermost(b, FRAME_LOOP, FRAME_SWITCH);
		if (i >= 0 && b->frames[i].kind == FRAME_LOOP)
			cfg_mark_jump(b, s); /* a switch's break ends a case, as each does */
		if (i >= 0 && b->cur >= 0 && b->frames[i].scopes)
			cfg_scopes_destroy(b, b->frames[i].scopes, s);
		if (i >= 0)
			cfg_shadows_restore(b, b->frames[i].scopes, s);
		if (i >= 0)
			cfg_jump_via_finally(b, b->frames[i].brk, (size_t)i);
		break;
	}
	case CXCursor_ContinueStmt: {
		int i = cfg_frame_innermost(b, FRAME_LOOP, FRAME_LOOP);
		if (i >= 0 && b->cur >= 0 && b->frames[i].scopes)
			cfg_scopes_destroy(b, b->frames[i].scopes, s);
		if (i >= 0)
			cfg_shadows_restore(b, b->frames[i].scopes, s);
		if (i >= 0)
			cfg_jump_via_finally(b, b->frames[i].cont, (size_t)i);
		break;
	}
	case CXCursor_ReturnStmt: if (!cfg_lambda_return(b, s)) lower_return(b, s); break;
	case CXCursor_GotoStmt: lower_goto(b, s); break;
	case CXCursor_IndirectGotoStmt:
		/* goto *p: where it goes is unknown; taken to leave the function */
		clang_visitChildren(s, cfg_lower_expr_visitor, b);
		cfg_jump_via_finally(b, &b->exit, 0);
		break;
	case CXCursor_LabelStmt: lower_label(b, s); break;
	case CXCursor_SEHTryStmt: lower_seh_try(b, s); break;
	case CXCursor_SEHLeaveStmt: lower_leave(b, s); break;
	case CXCursor_CXXTryStmt: lower_cxx_try(b, s); break;
	default:
		if (clang_isExpression(kind))
			lower_expr_stmt(b, s);
		else if (clang_isStatement(kind))
			clang_visitChildren(s, lower_child, b);
		break;
	}
}

/* Records, for every label, the __try/__finally statements around it, so a
 * goto knows which __finally bodies it leaves. */
void cfg_labels_scan(struct builder *b, CXCursor c, CXCursor *trys, unsigned ntrys)
{
	struct cursor_vec k;
	cursor_vec_children(c, &k);
	for (size_t i = 0; i < k.len; i++) {
		CXCursor child = k.items[i];
		enum CXCursorKind kind = clang_getCursorKind(child);
		if (kind == CXCursor_LabelStmt) {
			char *name = cursor_spelling(child);
			struct label *l = find_label(b, name);
			free(name);
			memcpy(l->trys, trys, ntrys * sizeof(*trys));
			l->ntrys = ntrys;
		}
		if (kind == CXCursor_SEHTryStmt && ntrys < MAX_TRY_NESTING) {
			struct cursor_vec parts;
			cursor_vec_children(child, &parts);
			if (parts.len >= 2 && parts.items[parts.len - 1].kind == CXCursor_SEHFinallyStmt) {
				trys[ntrys] = child;
				cfg_labels_scan(b, parts.items[0], trys, ntrys + 1);
				cfg_labels_scan(b, parts.items[parts.len - 1], trys, ntrys);
				cursor_vec_release(&parts);
				continue;
			}
			cursor_vec_release(&parts);
		}
		cfg_labels_scan(b, child, trys, ntrys);
	}
	cursor_vec_release(&k);
}
