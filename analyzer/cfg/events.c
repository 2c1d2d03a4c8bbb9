/* SPDX-License-Identifier: Apache-2.0 */
/* Events: calls (also through macros), assignments, stores and zeroing,
 * appended to the current block in evaluation order (destructor calls:
 * cfg/destructors.c). */
#include "cfg/build.h"

#include "base/alloc.h"
#include "base/strvec.h"
#include "front/ddi.h"
#include "front/synth.h"

/* ---- events ---- */

struct cfg_event *cfg_event_add(struct builder *b, enum cfg_event_kind kind, CXCursor at)
{
	cfg_block_ensure(b);
	struct cfg_block *blk = &b->g->blocks[b->cur];
	GROW(blk->events, blk->cap, blk->nevents + 1);
	struct cfg_event *ev = &blk->events[blk->nevents++];
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->loc = cfg_loc_of(b, at);
	ev->in_loop = b->loop_depth > 0;
	ev->call = -1;
	return ev;
}

/* The place `ptr` points to: x for &x, the array itself, else *ptr. */
static void pointee_place(struct builder *b, CXCursor ptr, struct cfg_place *p)
{
	CXCursor s = cursor_strip(ptr);
	if (s.kind == CXCursor_UnaryOperator) {
		char *op = cfg_unary_op(b, s);
		struct cursor_list kids = cursor_children(s);
		bool address = cfg_op_is(op, "&") && kids.n == 1;
		free(op);
		if (address) {
			cfg_place_build(b, kids.items[0], p);
			return;
		}
	}
	CXType type = clang_getCanonicalType(clang_getCursorType(cfg_strip_implicit(ptr)));
	if (type.kind == CXType_ConstantArray || type.kind == CXType_IncompleteArray) {
		cfg_place_build(b, ptr, p);
		return;
	}
	cfg_place_build(b, s, p);
	char *path = alloc_printf("*%s", p->path);
	free(p->path);
	p->path = path;
	if (p->key) {
		char *key = alloc_printf("*%s", p->key);
		free(p->key);
		p->key = key;
	}
	p->deref = true;
}

static void maybe_zero(struct builder *b, int index, CXCursor call)
{
	if (!cfg_call_zeroes(&b->g->calls[index]))
		return;
	struct cfg_place target;
	pointee_place(b, clang_Cursor_getArgument(call, 0), &target);
	struct cfg_event *ev = cfg_event_add(b, EVENT_ZERO, call);
	ev->target = target;
}

/* The macro whose expansion made the call (RtlZeroMemory for its memset),
 * or NULL. libclang 14 reports macro-body tokens at their expansion, so a
 * callee written inside a macro body spans the whole invocation, and one
 * renamed by an object-like macro is written as another identifier. */
static char *call_macro(struct builder *b, CXCursor call)
{
	struct cursor_list kids = cursor_children(call);
	int nargs = clang_Cursor_getNumArguments(call);
	if (kids.n == 0 || (int)kids.n <= nargs)
		return NULL;
	struct cursor_span whole = cursor_span_of(call), callee = cursor_span_of(kids.items[0]);
	if (!whole.ok || !callee.ok)
		return NULL;
	struct cursor_tokens t;
	cursor_tokens_of_span(b->tu, callee, &t);
	char *name = NULL;
	if (t.len > 0 && t.items[0].kind == CXToken_Identifier) {
		bool macro = callee.begin == whole.begin && callee.end >= whole.end;
		CXCursor s = cursor_strip(kids.items[0]);
		if (!macro && s.kind == CXCursor_DeclRefExpr) {
			/* A qualified name (`Driver::Alloc`, `::Alloc`) is the
			 * function as written, not a macro named by its first token. */
			size_t i = 0;
			while (i + 2 < t.len && t.items[i].kind == CXToken_Identifier && !strcmp(t.items[i + 1].text, "::"))
				i += 2;
			char *function = cursor_spelling(s);
			macro = t.len != i + 1 || strcmp(t.items[i].text, function) != 0;
			free(function);
		}
		if (macro)
			name = alloc_strdup(t.items[0].text);
	}
	cursor_tokens_release(&t);
	return name;
}

static bool is_function_decl(CXCursor decl)
{
	switch (clang_getCursorKind(decl)) {
	case CXCursor_FunctionDecl:
	case CXCursor_CXXMethod:
	case CXCursor_FunctionTemplate:
	case CXCursor_Constructor:
	case CXCursor_Destructor:
	case CXCursor_ConversionFunction:
		return true;
	default:
		return false;
	}
}

/* The object a method is called on: `reg` of reg.Init(), `p` of p->Init(),
 * `this` for Init() inside another method; also of an explicit destructor
 * call, `p->~T()`, which is a call of the destructor on *p. */
static void record_object(struct builder *b, CXCursor call, struct cfg_call *k)
{
	struct cursor_list kids = cursor_children(call);
	CXCursor callee = kids.n ? cursor_strip(kids.items[0]) : clang_getNullCursor();
	CXCursor decl = clang_getCursorReferenced(call);
	enum CXCursorKind kind = clang_getCursorKind(decl);
	bool method = kind == CXCursor_CXXMethod || kind == CXCursor_ConversionFunction;
	if (!(kind == CXCursor_Destructor || (method && !clang_CXXMethod_isStatic(decl))) ||
	    callee.kind != CXCursor_MemberRefExpr)
		return;
	struct cursor_list parts = cursor_children(callee);
	bool written = parts.n >= 1 && clang_isExpression(clang_getCursorKind(parts.items[0]));
	CXCursor object = written ? cursor_strip(parts.items[0]) : clang_getNullCursor();
	if (!written || object.kind == CXCursor_CXXThisExpr) {
		memset(&k->object, 0, sizeof(k->object));
		k->object.root = alloc_strdup("this");
		k->object.path = alloc_strdup("this");
		k->object.root_is_this = true;
		k->object_arrow = true;
		return;
	}
	cfg_place_build(b, parts.items[0], &k->object);
	if (!k->object.root) {
		cfg_place_release(&k->object);
		return;
	}
	CXType t = clang_getCanonicalType(clang_getCursorType(parts.items[0]));
	k->object_arrow = t.kind == CXType_Pointer;
}

/* C's implicit declaration of a function called before any declaration:
 * `int ()` with no prototype and no source of its own (it is placed at the
 * first call), shared by every later call of the unit. */
static bool implicitly_declared(CXCursor decl)
{
	if (clang_getCursorType(decl).kind != CXType_FunctionNoProto)
		return false;
	CXSourceRange r = clang_getCursorExtent(decl);
	return clang_Range_isNull(r) ||
	       clang_equalLocations(clang_getRangeStart(r), clang_getCursorLocation(decl));
}

/* C declares a call of an undeclared function where it is made; a function
 * entrycheck assumed is declared in its header of assumed declarations. */
static bool declared_where_called(CXCursor decl, CXCursor call)
{
	CXSourceLocation at = clang_getCursorLocation(decl);
	if (clang_equalLocations(at, clang_getCursorLocation(call)) || implicitly_declared(decl))
		return true;
	return synth_header_at(at);
}

static enum CXChildVisitResult find_dllimport(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DLLImport) {
		*(bool *)data = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

/* Whether a declaration the driver has no body for imports the routine
 * (__declspec(dllimport), which NTKERNELAPI means): a routine of the kernel
 * the driver declares itself (xdp's RtlAcquirePushLockExclusive), which can
 * reach only what it is given, not the driver's globals. */
static bool declared_imported(CXCursor decl)
{
	if (!clang_Cursor_isNull(clang_getCursorDefinition(decl)))
		return false;
	bool imported = false;
	clang_visitChildren(decl, find_dllimport, &imported);
	return imported;
}

/* The class of a method a call reaches, to tell apart the methods of one
 * name of several classes (Init); the namespaces of a function, likewise. */
static char *method_scope(CXCursor decl)
{
	enum CXCursorKind kind = clang_getCursorKind(decl);
	if (kind == CXCursor_FunctionDecl)
		return cursor_namespace_name(decl);
	if (kind != CXCursor_CXXMethod && kind != CXCursor_Constructor && kind != CXCursor_Destructor &&
	    kind != CXCursor_ConversionFunction)
		return NULL;
	CXCursor parent = clang_getCursorSemanticParent(decl);
	return clang_Cursor_isNull(parent) ? NULL : cursor_class_name(parent);
}

/* Whether the kit (or the model) declares the routine: its declaration is in
 * a system header, or its first one is and the driver has no body for it (a
 * driver that declares a DDI again, as xdp's ZwNotifyChangeKey, still calls
 * the DDI). */
static bool declared_by_the_kit(CXCursor decl)
{
	if (clang_Location_isInSystemHeader(clang_getCursorLocation(decl)))
		return true;
	CXCursor first = clang_getCanonicalCursor(decl);
	if (!clang_Location_isInSystemHeader(clang_getCursorLocation(first)))
		return false;
	CXCursor body = clang_getCursorDefinition(decl);
	return clang_Cursor_isNull(body) || clang_Location_isInSystemHeader(clang_getCursorLocation(body));
}

/* Whether `c` is one of the call's arguments: an overloaded operator's
 * first child is its left operand, not its callee. */
static bool is_argument(CXCursor call, int nargs, CXCursor c)
{
	for (int i = 0; i < nargs; i++)
		if (clang_equalCursors(clang_Cursor_getArgument(call, (unsigned)i), c))
			return true;
	return false;
}

/* Where a call through a function pointer reads it: fp of fp(x) and
 * (*fp)(x), ops->Start of ops->Start(x), steps[i] of steps[i](). */
static void record_pointer(struct builder *b, CXCursor call, int nargs, struct cfg_call *k)
{
	struct cursor_list kids = cursor_children(call);
	if (kids.n <= (unsigned)nargs || is_argument(call, nargs, kids.items[0]))
		return;
	CXCursor callee = cursor_strip(kids.items[0]);
	if (callee.kind == CXCursor_UnaryOperator) {
		struct cursor_list operand = cursor_children(callee);
		if (operand.n == 1)
			callee = cursor_strip(operand.items[0]);
	}
	if (callee.kind != CXCursor_DeclRefExpr && callee.kind != CXCursor_MemberRefExpr &&
	    callee.kind != CXCursor_ArraySubscriptExpr) /* a slot of a table: steps[--n]() */
		return;
	cfg_place_build(b, callee, &k->pointer);
	if (!k->pointer.root)
		cfg_place_release(&k->pointer);
	else if (callee.kind == CXCursor_MemberRefExpr)
		k->pointer_of_kit = declared_by_the_kit(clang_getCursorReferenced(callee));
}

static enum CXChildVisitResult find_lambda(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (c.kind == CXCursor_LambdaExpr) {
		*(bool *)data = true;
		return CXChildVisit_Break;
	}
	return c.kind == CXCursor_CompoundStmt ? CXChildVisit_Continue : CXChildVisit_Recurse;
}

bool cfg_is_noop_intrinsic(CXCursor call)
{
	CXCursor decl = clang_getCursorReferenced(call);
	/* A lambda turned into a function pointer (`config.EvtDriverUnload =
	 * [](WDFDRIVER) {...}`) calls its conversion operator, which only
	 * hands back the routine: no call of the driver's that could do anything. */
	if (decl.kind == CXCursor_ConversionFunction) {
		bool lambda = false;
		clang_visitChildren(call, find_lambda, &lambda);
		return lambda;
	}
	char *name = cursor_spelling(decl);
	bool yes = !strcmp(name, "__noop");
	free(name);
	return yes;
}

int cfg_call_record(struct builder *b, CXCursor call)
{
	int nargs = clang_Cursor_getNumArguments(call);
	if (nargs < 0)
		nargs = 0;
	struct cursor_list kids = cursor_children(call);
	/* The callee (ext->Ops->Fn(x)); walked once, as an argument is: a chain
	 * of `out << a << b` would otherwise walk its left side twice a level. */
	if (kids.n > (unsigned)nargs && cursor_strip(kids.items[0]).kind != CXCursor_DeclRefExpr &&
	    !is_argument(call, nargs, kids.items[0]))
		cfg_lower_expr(b, kids.items[0]);
	for (int i = 0; i < nargs; i++)
		cfg_lower_expr(b, clang_Cursor_getArgument(call, (unsigned)i));

	struct cfg *g = b->g;
	GROW(g->calls, g->calls_cap, g->ncalls + 1);
	GROW(b->call_cursors, b->call_cursors_cap, g->ncalls + 1);
	int index = (int)g->ncalls;
	struct cfg_call *k = &g->calls[index];
	memset(k, 0, sizeof(*k));
	b->call_cursors[index] = call;
	g->ncalls++;

	CXCursor decl = clang_getCursorReferenced(call);
	char *substituted = is_function_decl(decl) ? NULL : cfg_template_callee(b, call);
	if (substituted) {
		/* A template argument's function: a call of it, by name. */
		k->callee = substituted;
	} else if (is_function_decl(decl)) {
		k->callee = cursor_spelling(decl);
		k->callee_in_system_header = declared_by_the_kit(decl);
		k->written_args = k->callee_in_system_header ? cfg_written_params(b->tu, decl) : 0;
		/* libclang shows noreturn only in the function type's spelling. */
		char *type = cxstring_take(clang_getTypeSpelling(clang_getCursorType(decl)));
		k->noreturn = strstr(type, "noreturn") != NULL;
		free(type);
		k->undeclared = declared_where_called(decl, call);
		k->imported = declared_imported(decl);
		k->scope = method_scope(decl);
	}
	k->macro = call_macro(b, call);
	record_object(b, call, k);
	if (!k->callee)
		k->callee = cfg_table_callee(b, call);
	if (!k->callee)
		record_pointer(b, call, nargs, k);
	k->nargs = (size_t)nargs;
	k->args = nargs ? alloc_zeroed((size_t)nargs, sizeof(*k->args)) : NULL;
	for (int i = 0; i < nargs; i++)
		cfg_value_build(b, clang_Cursor_getArgument(call, (unsigned)i), &g->calls[index].args[i]);
	k = &g->calls[index];
	k->result_used = true;
	k->loc = cfg_loc_of(b, call);
	k->text = cfg_cursor_text(b, call);

	struct cfg_event *ev = cfg_event_add(b, EVENT_CALL, call);
	ev->call = index;
	cfg_note_may_throw(b);
	maybe_zero(b, index, call);
	cfg_kit_stores(b, call, k->callee, nargs);
	cfg_lambda_guard_dismissed(b, &g->calls[index], call);
	return index;
}

static bool is_table_pointer(struct builder *b, CXCursor c)
{
	char *usr = cursor_referenced_variable(c);
	bool yes = usr && strvec_contains(&b->table_pointers, usr);
	free(usr);
	return yes;
}

/* The slots the innermost counted loop fills through index `index` (the
 * counter itself) or by walking a pointer from the table's start. */
static void fill_range(struct builder *b, CXCursor index, long long *first, long long *last)
{
	*first = *last = -1;
	if (!b->nloops || !b->loops[b->nloops - 1].valid)
		return;
	const struct loop_range *r = &b->loops[b->nloops - 1];
	if (clang_Cursor_isNull(index)) {
		*first = 0;
		*last = r->last - r->first;
		return;
	}
	char *name = cfg_decl_ref_name(index);
	if (name && !strcmp(name, r->counter)) {
		*first = r->first;
		*last = r->last;
	}
	free(name);
}

/* A store of a loop that fills every slot of MajorFunction: by a
 * non-constant index, or through a pointer walked over the table. */
static bool fills_table(struct builder *b, CXCursor lhs, long long *first, long long *last)
{
	*first = *last = -1;
	if (b->loop_depth == 0)
		return false;
	lhs = cursor_strip(lhs);
	if (lhs.kind == CXCursor_ArraySubscriptExpr) {
		struct cursor_list kids = cursor_children(lhs);
		if (kids.n < 2)
			return false;
		if (cursor_is_major_function(kids.items[0])) {
			long long slot;
			if (cursor_is_constant(kids.items[1]) || cfg_table_constant(b, kids.items[1], &slot))
				return false;
			fill_range(b, kids.items[1], first, last);
			return true;
		}
		if (!is_table_pointer(b, kids.items[0]))
			return false;
		fill_range(b, kids.items[1], first, last);
		return true;
	}
	if (lhs.kind == CXCursor_UnaryOperator) {
		struct cursor_list kids = cursor_children(lhs);
		if (kids.n < 1)
			return false;
		CXCursor operand = cursor_strip(kids.items[0]);
		if (operand.kind == CXCursor_UnaryOperator) {
			struct cursor_list inner = cursor_children(operand);
			if (inner.n >= 1)
				operand = inner.items[0];
		}
		if (!is_table_pointer(b, operand))
			return false;
		fill_range(b, clang_getNullCursor(), first, last);
		return true;
	}
	return false;
}

/* `((PUCHAR)&x)[i] = 0` in a loop: the place x, or false. */
static bool byte_loop_zero(struct builder *b, CXCursor lhs, const struct cfg_value *v,
			   struct cfg_place *out)
{
	if (b->loop_depth == 0 || v->kind != VALUE_CONSTANT || v->number != 0)
		return false;
	CXCursor s = cursor_strip(lhs);
	CXCursor base;
	if (s.kind == CXCursor_UnaryOperator) {
		/* `*p++ = 0` (or `*p = 0; p++`) walking the alias over the bytes. */
		char *op = cfg_unary_op(b, s);
		struct cursor_list operand = cursor_children(s);
		bool deref = cfg_op_is(op, "*") && operand.n == 1;
		free(op);
		if (!deref)
			return false;
		base = cursor_strip(operand.items[0]);
		if (base.kind == CXCursor_UnaryOperator) {
			struct cursor_list stepped = cursor_children(base);
			if (stepped.n != 1)
				return false;
			base = cursor_strip(stepped.items[0]);
		}
		if (base.kind != CXCursor_DeclRefExpr)
			return false;
	} else if (s.kind == CXCursor_ArraySubscriptExpr) {
		struct cursor_list kids = cursor_children(s);
		if (kids.n != 2)
			return false;
		base = cursor_strip(kids.items[0]);
	} else {
		return false;
	}
	if (base.kind == CXCursor_DeclRefExpr) {
		/* `p = (PUCHAR)&x; ... p[i] = 0;` zeroes x as well. */
		char *usr = cursor_usr(clang_getCursorReferenced(base));
		size_t k = 0;
		while (usr && k < b->byte_aliases.len && strcmp(b->byte_aliases.items[k], usr))
			k++;
		free(usr);
		if (k >= b->byte_aliases.len)
			return false;
		cfg_place_build(b, b->byte_targets[k], out);
		return out->root != NULL;
	}
	if (base.kind != CXCursor_UnaryOperator)
		return false;
	char *op = cfg_unary_op(b, base);
	struct cursor_list inner = cursor_children(base);
	bool address = cfg_op_is(op, "&") && inner.n == 1;
	free(op);
	if (!address)
		return false;
	cfg_place_build(b, inner.items[0], out);
	return true;
}

/* Remembers a pointer variable set to `&x` (through a cast), for
 * byte_loop_zero. */
static void note_byte_alias(struct builder *b, CXCursor var, CXCursor value)
{
	CXCursor v = cursor_strip(value);
	if (v.kind != CXCursor_UnaryOperator || b->byte_aliases.len >= 16)
		return;
	char *op = cfg_unary_op(b, v);
	struct cursor_list inner = cursor_children(v);
	bool address = cfg_op_is(op, "&") && inner.n == 1;
	free(op);
	char *usr = address ? cursor_usr(var) : NULL;
	if (!usr)
		return;
	b->byte_targets[b->byte_aliases.len] = inner.items[0];
	strvec_push(&b->byte_aliases, usr);
	free(usr);
}

void cfg_note_table_ref(struct builder *b, CXCursor var, CXCursor range)
{
	char *usr = cursor_usr(var);
	if (!usr || strvec_contains(&b->table_refs, usr)) {
		free(usr);
		return;
	}
	GROW(b->table_ref_ranges, b->table_ref_cap, b->table_refs.len + 1);
	b->table_ref_ranges[b->table_refs.len] = range;
	strvec_push(&b->table_refs, usr);
	free(usr);
}

/* The range a reference variable is bound to slot by slot, or a null cursor. */
static CXCursor table_ref_range(struct builder *b, CXCursor lhs)
{
	CXCursor s = cursor_strip(lhs);
	char *usr = s.kind == CXCursor_DeclRefExpr ? cursor_usr(clang_getCursorReferenced(s)) : NULL;
	for (size_t i = 0; usr && i < b->table_refs.len; i++) {
		if (!strcmp(b->table_refs.items[i], usr)) {
			free(usr);
			return b->table_ref_ranges[i];
		}
	}
	free(usr);
	return clang_getNullCursor();
}

void cfg_note_table_pointer(struct builder *b, CXCursor var, CXCursor value)
{
	note_byte_alias(b, var, value);
	if (!cursor_mentions_major_function(value))
		return;
	char *usr = cursor_usr(var);
	if (!strvec_contains(&b->table_pointers, usr))
		strvec_push(&b->table_pointers, usr);
	free(usr);
}

/* Events of the expressions an lvalue evaluates: subscripts, pointers. */
static void walk_lvalue(struct builder *b, CXCursor lhs)
{
	CXCursor s = cursor_strip(lhs);
	switch (clang_getCursorKind(s)) {
	case CXCursor_DeclRefExpr:
		return;
	case CXCursor_MemberRefExpr: {
		struct cursor_list kids = cursor_children(s);
		if (kids.n >= 1)
			walk_lvalue(b, kids.items[0]);
		return;
	}
	case CXCursor_ArraySubscriptExpr: {
		struct cursor_list kids = cursor_children(s);
		if (kids.n == 2) {
			walk_lvalue(b, kids.items[0]);
			cfg_lower_expr(b, kids.items[1]);
		}
		return;
	}
	default:
		cfg_lower_expr(b, s);
	}
}

bool cfg_is_plain_variable(const struct cfg_place *p, CXCursor lhs)
{
	return p->root && !p->field && !p->index && !p->deref &&
	       cursor_strip(lhs).kind == CXCursor_DeclRefExpr;
}

/* `x = x`: UNREFERENCED_PARAMETER's expansion, which changes nothing. */
static bool self_assignment(CXCursor lhs, CXCursor rhs)
{
	CXCursor l = cursor_strip(lhs), r = cursor_strip(rhs);
	return l.kind == CXCursor_DeclRefExpr && r.kind == CXCursor_DeclRefExpr &&
	       clang_equalCursors(clang_getCursorReferenced(l), clang_getCursorReferenced(r));
}

static void lower_assign(struct builder *b, CXCursor expr, CXCursor lhs, CXCursor rhs,
			 const char *compound_op)
{
	if (!compound_op && self_assignment(lhs, rhs))
		return;
	if (!compound_op && cursor_strip(rhs).kind == CXCursor_CXXNewExpr) {
		struct cfg_place target;
		cfg_place_build(b, lhs, &target);
		bool done = cfg_lower_new(b, expr, rhs, &target, cfg_is_plain_variable(&target, lhs));
		cfg_place_release(&target);
		if (done)
			return;
	}
	CXCursor mask;
	const char *bits = cfg_bits_update(b, lhs, rhs, compound_op, &mask);
	if (bits) { /* `x = x | m` is `x |= m`; `x &= ~m` clears m's bits */
		compound_op = bits;
		rhs = mask;
	}
	cfg_lower_expr(b, rhs);
	walk_lvalue(b, lhs);
	struct cfg_value value;
	cfg_value_build(b, rhs, &value);
	struct cfg_place zeroed;
	if (!compound_op && byte_loop_zero(b, lhs, &value, &zeroed)) {
		cfg_value_release(&value);
		struct cfg_event *ev = cfg_event_add(b, EVENT_ZERO, expr);
		ev->target = zeroed;
		return;
	}
	struct cfg_place target;
	CXCursor slots = table_ref_range(b, lhs);
	if (!compound_op && !clang_Cursor_isNull(slots)) {
		/* `slot = Dispatch` for each slot of MajorFunction. */
		cfg_place_build(b, slots, &target);
		struct cfg_event *ev = cfg_event_add(b, EVENT_STORE, expr);
		ev->target = target;
		ev->value = value;
		ev->fills_table = true;
		ev->fill_first = ev->fill_last = -1;
		snprintf(ev->op, sizeof(ev->op), "=");
		return;
	}
	cfg_place_build(b, lhs, &target);
	bool plain = cfg_is_plain_variable(&target, lhs);
	if (!compound_op && value.kind == VALUE_CALL && !b->g->calls[value.call].result.root)
		cfg_place_copy(&b->g->calls[value.call].result, &target);
	if (!compound_op && plain)
		cfg_note_table_pointer(b, clang_getCursorReferenced(cursor_strip(lhs)), rhs);
	long long fill_first = -1, fill_last = -1;
	bool fills = !plain && fills_table(b, lhs, &fill_first, &fill_last);
	struct cfg_event *ev = cfg_event_add(b, plain ? EVENT_ASSIGN : EVENT_STORE, expr);
	ev->target = target;
	ev->value = value;
	ev->fills_table = fills;
	ev->fill_first = fill_first;
	ev->fill_last = fill_last;
	ev->compound = compound_op != NULL;
	snprintf(ev->op, sizeof(ev->op), "%s", compound_op ? compound_op : "=");
}

/* x++, --x: an assignment with no value. */
static void lower_update(struct builder *b, CXCursor expr, CXCursor operand, const char *op)
{
	walk_lvalue(b, operand);
	struct cfg_place target;
	cfg_place_build(b, operand, &target);
	bool plain = cfg_is_plain_variable(&target, operand);
	struct cfg_event *ev = cfg_event_add(b, plain ? EVENT_ASSIGN : EVENT_STORE, expr);
	ev->target = target;
	ev->value.kind = VALUE_UNKNOWN;
	ev->value.call = -1;
	ev->compound = true;
	snprintf(ev->op, sizeof(ev->op), "%s", op);
}

enum CXChildVisitResult cfg_lower_expr_visitor(CXCursor c, CXCursor parent, CXClientData data)
{
	cfg_lower_expr(data, c);
	return CXChildVisit_Continue;
}

/* The events of `c` itself; false when they are all of it, true when its
 * operands are walked next. */
static bool walk_one(struct builder *b, CXCursor c)
{
	switch (clang_getCursorKind(c)) {
	case CXCursor_CallExpr: {
		char op[4];
		CXCursor lhs, rhs;
		if (synth_unknown_conversion(c))
			return true; /* its operand only */
		if (cfg_enum_operator(c, op) && !op[1])
			return true; /* `a | b` of a flag enumeration: its operands only */
		if (cfg_enum_operator(c, op))
			lower_assign(b, c, clang_Cursor_getArgument(c, 0), clang_Cursor_getArgument(c, 1), op);
		else if (cursor_unknown_assignment(c, op, &lhs, &rhs))
			lower_assign(b, c, lhs, rhs, strcmp(op, "=") ? op : NULL);
		else if (cursor_implicit_assignment(c, &lhs, &rhs))
			lower_assign(b, c, lhs, rhs, NULL);
		else if (!cfg_is_noop_intrinsic(c) && !cfg_lambda_call_inline(b, c))
			cfg_call_record(b, c);
		return false;
	}
	case CXCursor_BinaryOperator: {
		struct cursor_list kids = cursor_children(c);
		char *op = kids.n == 2 ? cursor_binary_operator(b->tu, c) : NULL;
		bool assign = cfg_op_is(op, "=");
		free(op);
		if (assign) {
			lower_assign(b, c, kids.items[0], kids.items[1], NULL);
			return false;
		}
		break;
	}
	case CXCursor_CompoundAssignOperator: {
		struct cursor_list kids = cursor_children(c);
		if (kids.n == 2) {
			char *op = cursor_binary_operator(b->tu, c);
			lower_assign(b, c, kids.items[0], kids.items[1], op && strlen(op) < 4 ? op : "?=");
			free(op);
			return false;
		}
		break;
	}
	case CXCursor_UnaryOperator: {
		char *op = cfg_unary_op(b, c);
		struct cursor_list kids = cursor_children(c);
		if ((cfg_op_is(op, "++") || cfg_op_is(op, "--")) && kids.n == 1) {
			lower_update(b, c, kids.items[0], op);
			free(op);
			return false;
		}
		free(op);
		break;
	}
	case CXCursor_CXXDeleteExpr:
		cfg_lower_delete(b, c);
		return false;
	case CXCursor_UnaryExpr:        /* sizeof, alignof: not evaluated */
	case CXCursor_LambdaExpr:
		return false;
	default:
		break;
	}
	return true;
}

/* Appends the events of expression `c` to the current block, operands
 * before operations. An expression of one operand (a unary operator, a cast,
 * parentheses) hands on to it in a loop, not a call: `!!...!x` 32,000 deep is
 * no recursion that deep; nor is `x + x + ... + x`. */
void cfg_lower_expr(struct builder *b, CXCursor c)
{
	/* A chain of binary operators (`a + b + ... + z`, nested to the left)
	 * walks its left operands in the loop too, its right ones after. */
	struct cursor_vec rights = { NULL, 0, 0 };
	for (;;) {
		if (!walk_one(b, c))
			break;
		struct cursor_list kids = cursor_children(c);
		if (kids.n == 2 && clang_getCursorKind(c) == CXCursor_BinaryOperator) {
			alloc_grow((void **)&rights.items, &rights.cap, rights.len + 1, sizeof(*rights.items));
			rights.items[rights.len++] = kids.items[1];
			c = kids.items[0];
			continue;
		}
		if (kids.n != 1) {
			clang_visitChildren(c, cfg_lower_expr_visitor, b);
			break;
		}
		c = kids.items[0];
	}
	while (rights.len > 0)
		cfg_lower_expr(b, rights.items[--rights.len]);
	cursor_vec_release(&rights);
}


