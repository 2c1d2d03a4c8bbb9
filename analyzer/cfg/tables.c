/* SPDX-License-Identifier: Apache-2.0 */
/* Range-for loops over a constant table (`for (const auto &t : kTargets)`,
 * kTargets a const array written out in full, or a static array nothing
 * writes): statements.c lowers the body
 * once per element, and while it does, a member of the loop variable reads as
 * that element's initializer. So `if (t.Required)` goes one way in each copy,
 * `MajorFunction[t.Major] = t.Routine` stores that routine in that slot, and a
 * call given `t.Name` is given the string: no path takes a row for another. */
#include "cfg/build.h"

#include "base/alloc.h"

/* Longer tables stay loops: each copy is the body again. */
#define TABLE_ROWS_MAX 8

/* Whether `e` names storage of `decl` itself: `decl`, its elements and
 * their members, not memory a pointer in it leads to. */
static bool rooted_at(CXCursor e, CXCursor decl)
{
	for (;;) {
		e = cursor_strip(e);
		if (e.kind == CXCursor_DeclRefExpr)
			return clang_equalCursors(clang_getCursorReferenced(e), decl);
		struct cursor_list kids = cursor_children(e);
		if ((e.kind != CXCursor_MemberRefExpr && e.kind != CXCursor_ArraySubscriptExpr) || kids.n < 1)
			return false;
		CXType base = clang_getCanonicalType(clang_getCursorType(cfg_strip_implicit(kids.items[0])));
		if (base.kind == CXType_Pointer) /* `p->x`, `p[i]` */
			return false;
		e = kids.items[0];
	}
}

struct write_scan {
	struct builder *b;
	CXCursor decl;
	bool table;          /* the main file only; an address taken or an array handed on writes too */
	bool written;
};

/* A store into the variable; for a table, its address taken or the array
 * handed on too. */
static enum CXChildVisitResult find_write(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct write_scan *w = data;
	if (w->table && !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	struct cursor_list kids = cursor_children(c);
	char *op = NULL;
	if (c.kind == CXCursor_BinaryOperator || c.kind == CXCursor_CompoundAssignOperator)
		op = cursor_binary_operator(w->b->tu, c);
	else if (c.kind == CXCursor_UnaryOperator)
		op = cfg_unary_op(w->b, c);
	bool target = op && kids.n >= 1 &&
		      (c.kind == CXCursor_CompoundAssignOperator || cfg_op_is(op, "=") || cfg_op_is(op, "++") ||
		       cfg_op_is(op, "--") || (w->table && c.kind == CXCursor_UnaryOperator && cfg_op_is(op, "&")));
	free(op);
	if (target && rooted_at(kids.items[0], w->decl))
		w->written = true;
	for (int a = 0; w->table && c.kind == CXCursor_CallExpr && a < clang_Cursor_getNumArguments(c); a++) {
		CXCursor arg = clang_Cursor_getArgument(c, (unsigned)a);
		CXType t = clang_getCanonicalType(clang_getCursorType(cfg_strip_implicit(arg)));
		if (t.kind == CXType_ConstantArray && rooted_at(arg, w->decl)) /* decays to a pointer */
			w->written = true;
	}
	return w->written ? CXChildVisit_Break : CXChildVisit_Recurse;
}

bool cfg_writes(struct builder *b, CXCursor scope, CXCursor decl, bool table)
{
	struct write_scan w = { b, decl, table, false };
	clang_visitChildren(scope, find_write, &w);
	return w.written;
}

/* Whether a table not declared const is one all the same: no other file
 * can write it (a static, a local) and nothing in this one does. */
static bool never_written(struct builder *b, CXCursor decl)
{
	enum CXLinkageKind link = clang_getCursorLinkage(decl);
	if (link != CXLinkage_Internal && link != CXLinkage_NoLinkage)
		return false;
	for (size_t i = 0; i < b->nscanned; i++)
		if (clang_equalCursors(b->scanned[i].decl, decl))
			return b->scanned[i].unwritten;
	bool written = cfg_writes(b, clang_getTranslationUnitCursor(b->tu), decl, true);
	GROW(b->scanned, b->scanned_cap, b->nscanned + 1);
	b->scanned[b->nscanned++] = (struct table_scan){ decl, !written };
	return !written;
}

/* The initializer list of a constant array variable `range` names (const,
 * or a static nothing writes), with one entry per element; false for
 * anything else. */
static bool table_rows(struct builder *b, CXCursor range, struct cursor_vec *rows)
{
	CXCursor ref = cursor_strip(range);
	if (ref.kind != CXCursor_DeclRefExpr)
		return false;
	CXCursor decl = clang_getCursorReferenced(ref);
	CXType type = clang_getCanonicalType(clang_getCursorType(decl));
	if (decl.kind != CXCursor_VarDecl || type.kind != CXType_ConstantArray)
		return false;
	long long n = clang_getArraySize(type);
	if (n < 1 || n > TABLE_ROWS_MAX)
		return false;
	struct cursor_list kids = cursor_children(decl);
	if (!kids.n || kids.last.kind != CXCursor_InitListExpr)
		return false;
	bool constant = clang_isConstQualifiedType(type) || clang_isConstQualifiedType(clang_getArrayElementType(type));
	if (!constant && !never_written(b, decl))
		return false;
	cursor_vec_children(kids.last, rows);
	if (rows->len == (size_t)n)
		return true;
	cursor_vec_release(rows);
	return false;
}

static enum CXChildVisitResult find_label(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (c.kind != CXCursor_LabelStmt)
		return CXChildVisit_Recurse;
	*(bool *)data = true;
	return CXChildVisit_Break;
}

bool cfg_body_has_label(CXCursor body)
{
	bool label = false;
	clang_visitChildren(body, find_label, &label);
	return label;
}


/* The position of field `field` among its record's fields, or -1. */
static int field_position(CXCursor field)
{
	struct cursor_vec kids;
	int at = -1, k = 0;
	cursor_vec_children(clang_getCursorSemanticParent(field), &kids);
	for (size_t i = 0; i < kids.len && at < 0; i++) {
		if (kids.items[i].kind != CXCursor_FieldDecl)
			continue;
		if (clang_equalCursors(kids.items[i], field))
			at = k;
		k++;
	}
	cursor_vec_release(&kids);
	return at;
}

/* Whether initializer `c` is written by position: a designated one
 * (`.Major = ...`, `[2] = ...`) is not read. */
static bool positional(struct builder *b, CXCursor c)
{
	char *text = cfg_cursor_text(b, c);
	bool ok = text && text[0] != '.' && text[0] != '[';
	free(text);
	return ok;
}

bool cfg_counter_value(struct builder *b, CXCursor var, long long *out)
{
	for (size_t i = b->ncounters; i-- > 0;)
		if (clang_equalCursors(b->counters[i].var, var)) {
			*out = b->counters[i].value;
			return true;
		}
	return false;
}

bool cfg_counter_constant(struct builder *b, CXCursor c, long long *out)
{
	CXCursor s = cursor_strip(c);
	struct cursor_list kids = cursor_children(s);
	if (s.kind == CXCursor_DeclRefExpr && cfg_counter_value(b, clang_getCursorReferenced(s), out))
		return true;
	if (s.kind == CXCursor_BinaryOperator && kids.n == 2 && b->ncounters) {
		char *op = cursor_binary_operator(b->tu, s);
		long long x, y;
		bool plus = cfg_op_is(op, "+"), minus = cfg_op_is(op, "-");
		free(op);
		if ((plus || minus) && cfg_counter_constant(b, kids.items[0], &x) &&
		    cfg_counter_constant(b, kids.items[1], &y)) {
			*out = plus ? x + y : x - y;
			return true;
		}
	}
	return cfg_int_constant(s, out);
}

/* The row `T[k]` names, when T is a constant table and k folds. */
static bool indexed_row(struct builder *b, CXCursor subscript, CXCursor *row)
{
	struct cursor_list kids = cursor_children(subscript);
	long long k;
	struct cursor_vec rows;
	if (subscript.kind != CXCursor_ArraySubscriptExpr || kids.n != 2 || !b->ncounters ||
	    !cfg_counter_constant(b, kids.items[1], &k) || !table_rows(b, kids.items[0], &rows))
		return false;
	bool ok = k >= 0 && (size_t)k < rows.len;
	if (ok)
		*row = rows.items[k];
	cursor_vec_release(&rows);
	return ok;
}

bool cfg_table_indexed(struct builder *b, CXCursor c, CXCursor var)
{
	struct cursor_list kids = cursor_children(c);
	struct cursor_vec rows;
	if (c.kind != CXCursor_ArraySubscriptExpr || kids.n != 2)
		return false;
	CXCursor index = cursor_strip(kids.items[1]);
	if (index.kind != CXCursor_DeclRefExpr || !clang_equalCursors(clang_getCursorReferenced(index), var) ||
	    !table_rows(b, kids.items[0], &rows))
		return false;
	cursor_vec_release(&rows);
	return true;
}

/* The initializer of member `member` (a MemberRefExpr) of `row`, or `c`. */
static CXCursor row_member(struct builder *b, CXCursor member, CXCursor row, CXCursor c)
{
	int at = field_position(clang_getCursorReferenced(member));
	if (at < 0 || row.kind != CXCursor_InitListExpr || !positional(b, row))
		return c;
	struct cursor_vec fields;
	cursor_vec_children(row, &fields);
	CXCursor v = (size_t)at < fields.len && positional(b, fields.items[at]) ? fields.items[at] : c;
	cursor_vec_release(&fields);
	return v;
}

CXCursor cfg_table_member(struct builder *b, CXCursor c)
{
	CXCursor s = cursor_strip(c);
	if ((!b->nrows && !b->ncounters) || s.kind != CXCursor_MemberRefExpr)
		return c;
	struct cursor_list kids = cursor_children(s);
	CXCursor base = kids.n >= 1 ? cursor_strip(kids.items[0]) : clang_getNullCursor();
	CXCursor indexed;
	if (indexed_row(b, base, &indexed))
		return row_member(b, s, indexed, c);
	if (base.kind != CXCursor_DeclRefExpr)
		return c;
	CXCursor decl = clang_getCursorReferenced(base);
	for (size_t i = b->nrows; i-- > 0;) {
		if (!clang_equalCursors(b->rows[i].var, decl))
			continue;
		return row_member(b, s, b->rows[i].row, c);
	}
	return c;
}

char *cfg_table_callee(struct builder *b, CXCursor call)
{
	struct cursor_list kids = cursor_children(call);
	if (!b->ncounters || !kids.n)
		return NULL;
	CXCursor callee = cursor_strip(kids.items[0]);
	CXCursor v = cfg_table_member(b, callee);
	if (clang_equalCursors(v, callee))
		return NULL;
	v = cursor_strip(v);
	struct cursor_list k = cursor_children(v);
	if (v.kind == CXCursor_UnaryOperator && k.n == 1) /* &Function */
		v = cursor_strip(k.items[0]);
	CXCursor fn = clang_getCursorReferenced(v);
	return v.kind == CXCursor_DeclRefExpr && fn.kind == CXCursor_FunctionDecl ? cursor_spelling(fn) : NULL;
}

bool cfg_lower_table_for(struct builder *b, CXCursor var, CXCursor range, CXCursor body)
{
	struct cursor_vec rows;
	if (var.kind != CXCursor_VarDecl || !table_rows(b, range, &rows))
		return false;
	/* a label in the body would be defined once per copy */
	if (cfg_body_has_label(body)) {
		cursor_vec_release(&rows);
		return false;
	}
	/* `continue` goes to the next copy, `break` past the last */
	struct target end = TARGET("for.table.end");
	for (size_t i = 0; i < rows.len; i++) {
		struct target next = TARGET("for.table.next");
		struct frame f = { .kind = FRAME_LOOP, .brk = &end, .cont = &next };
		GROW(b->rows, b->rows_cap, b->nrows + 1);
		b->rows[b->nrows++] = (struct table_row){ var, rows.items[i] };
		cfg_block_ensure(b);
		cfg_frame_push(b, &f);
		cfg_lower_stmt(b, body);
		b->nframes--;
		b->nrows--;
		cfg_target_place(b, &next, false);
		cfg_target_release(&next);
	}
	cursor_vec_release(&rows);
	cfg_target_place(b, &end, false);
	cfg_target_release(&end);
	return true;
}

/* Folds what a test reads of the rows being lowered: a member, or integer
 * operators over members and constants. `*read` says a row was read. */
static bool fold(struct builder *b, CXCursor c, long long *out, bool *read)
{
	CXCursor s = cfg_strip_implicit(c);
	CXCursor member = cfg_table_member(b, s);
	if (!clang_equalCursors(member, s)) {
		*read = true;
		return fold(b, member, out, read);
	}
	struct cursor_list kids = cursor_children(s);
	long long x, y;
	/* a row's routine is not NULL; a NULL one is 0 */
	if (s.kind == CXCursor_DeclRefExpr && clang_getCursorReferenced(s).kind == CXCursor_FunctionDecl) {
		*out = 1;
		return true;
	}
	if (s.kind == CXCursor_UnaryOperator && kids.n == 1) {
		char *op = cfg_unary_op(b, s);
		bool not = cfg_op_is(op, "!");
		free(op);
		if (not && fold(b, kids.items[0], &x, read)) {
			*out = !x;
			return true;
		}
	} else if (s.kind == CXCursor_BinaryOperator && kids.n == 2) {
		char *op = cursor_binary_operator(b->tu, s);
		static const char *ops[] = { "==", "!=", "<", "<=", ">", ">=", "&", "|", "&&", "||" };
		int k = -1;
		for (int i = 0; op && k < 0 && i < (int)(sizeof(ops) / sizeof(*ops)); i++)
			if (cfg_op_is(op, ops[i]))
				k = i;
		free(op);
		if (k >= 0 && fold(b, kids.items[0], &x, read) && fold(b, kids.items[1], &y, read)) {
			long long v[] = { x == y, x != y, x < y, x <= y, x > y, x >= y, x & y, x | y, x && y, x || y };
			*out = v[k];
			return true;
		}
	}
	return cfg_int_constant(s, out) || cfg_int_constant(cursor_strip(s), out);
}

bool cfg_table_constant(struct builder *b, CXCursor c, long long *out)
{
	bool read = false;
	long long v;
	if ((!b->nrows && !b->ncounters) || !fold(b, c, &v, &read) || !read)
		return false;
	*out = v;
	return true;
}
