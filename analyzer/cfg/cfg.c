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
#include "cfg/cfg.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "front/cursor.h"

/* A jump target whose block may not exist yet. An edge to it leaves a slot
 * in the source's successors, patched when the target is placed: block
 * numbers follow the source, and a branch keeps TRUE in succ[0]. */
struct slot {
	int block;
	size_t index;
};

struct target {
	int block;                   /* -1 until placed */
	const char *label;
	struct slot *pending;
	size_t npending, cap;
};

#define TARGET(name) { -1, (name), NULL, 0, 0 }

enum frame_kind { FRAME_LOOP, FRAME_SWITCH, FRAME_FINALLY, FRAME_HANDLERS };

struct switch_ctx {
	int block;                   /* the block that branches */
	int *blocks;                 /* one per case, in source order */
	char **texts;
	size_t n, cap;
	int default_block;           /* -1 when there is no default */
};

/* What encloses the statement being lowered: where break, continue and
 * __leave go, which __finally bodies run on the way out, where an
 * exception goes. */
struct frame {
	enum frame_kind kind;
	struct target *brk, *cont;   /* LOOP; SWITCH (brk only) */
	struct switch_ctx *sw;       /* SWITCH */
	CXCursor finally_body;       /* FINALLY */
	CXCursor try_stmt;           /* FINALLY, HANDLERS */
	struct target *leave;        /* a __try's end, for __leave; NULL for C++ try */
	int *sources;                /* HANDLERS: blocks an exception may leave */
	size_t nsources, sources_cap;
};

#define MAX_TRY_NESTING 16

struct label {
	char *name;
	struct target t;
	CXCursor trys[MAX_TRY_NESTING]; /* the __try/__finally statements around the label */
	unsigned ntrys;
};

struct exc_edge {
	int from, to;
};

/* What a counted for-loop's counter runs through, when it is that simple. */
struct loop_range {
	char *counter;
	long long first, last;
	bool valid;
};

/* A C++ local whose class has a destructor: its destructor runs when the
 * block that declares it ends or a return leaves it (RAII guards). */
struct guard {
	CXCursor var;
	char *destructor;            /* "~PoolGuard" */
	bool in_system_header;
};

struct scope {
	struct guard *guards;
	size_t n, cap;
};

struct builder {
	CXTranslationUnit tu;
	CXCursor fn;
	struct cfg *g;
	int cur;                     /* the block being filled, or -1 after a jump */
	int loop_depth;
	struct frame *frames;
	size_t nframes, frames_cap;
	struct label **labels;
	size_t nlabels, labels_cap;
	struct target exit;
	struct exc_edge *exc;
	size_t nexc, exc_cap;
	CXCursor *call_cursors;      /* parallel to g->calls */
	size_t call_cursors_cap;
	struct strvec table_pointers; /* USRs of variables pointing into MajorFunction */
	struct loop_range *loops;    /* the for-loops being lowered, innermost last */
	size_t nloops, loops_cap;
	struct scope *scopes;        /* the blocks being lowered, with their guard objects */
	size_t nscopes, scopes_cap;
};

static void lower_stmt(struct builder *b, CXCursor s);
static void walk_expr(struct builder *b, CXCursor c);
static char *counter_name(CXCursor c);

/* ---- strings, locations, tokens ---- */

static const char *intern(struct cfg *g, const char *s)
{
	if (g->file && !strcmp(g->file, s))
		return g->file;
	for (size_t i = 0; i < g->files.len; i++)
		if (!strcmp(g->files.items[i], s))
			return g->files.items[i];
	strvec_push(&g->files, s);
	return g->files.items[g->files.len - 1];
}

static char *file_name(CXFile f)
{
	CXString name = clang_getFileName(f);
	const char *p = clang_getCString(name);
	char *abs = path_absolute(p ? p : "", NULL);
	clang_disposeString(name);
	return abs;
}

static struct cfg_loc loc_of(struct builder *b, CXCursor c)
{
	struct cfg_loc loc = { NULL, 0, 0 };
	CXFile f = NULL;
	CXSourceLocation at = clang_isDeclaration(clang_getCursorKind(c))
				      ? clang_getCursorLocation(c)
				      : clang_getRangeStart(clang_getCursorExtent(c));
	clang_getFileLocation(at, &f, &loc.line, &loc.column, NULL);
	if (f) {
		char *abs = file_name(f);
		loc.file = intern(b->g, abs);
		free(abs);
	}
	return loc;
}

static char *text_of(struct builder *b, CXCursor c)
{
	struct cursor_tokens t;
	cursor_tokens_of_span(b->tu, cursor_span_of(c), &t);
	char *s = cursor_tokens_join(&t, 0, t.len);
	cursor_tokens_release(&t);
	return s;
}

/* Looks through parentheses and implicit conversions, not explicit casts. */
static CXCursor strip_implicit(CXCursor c)
{
	while (c.kind == CXCursor_UnexposedExpr || c.kind == CXCursor_ParenExpr) {
		struct cursor_list kids = cursor_children(c);
		if (kids.n != 1)
			break;
		c = kids.items[0];
	}
	return c;
}

static bool is_op(const char *op, const char *want)
{
	return op && !strcmp(op, want);
}

static char *unary_op(struct builder *b, CXCursor c)
{
	bool postfix;
	return cursor_unary_operator(b->tu, c, &postfix);
}

static bool eval_int(CXCursor c, long long *out)
{
	if (!clang_isExpression(clang_getCursorKind(c)))
		return false;
	CXEvalResult r = clang_Cursor_Evaluate(c);
	if (!r)
		return false;
	bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
	if (ok)
		*out = clang_EvalResult_isUnsignedInt(r) ? (long long)clang_EvalResult_getAsUnsigned(r)
							 : clang_EvalResult_getAsLongLong(r);
	clang_EvalResult_dispose(r);
	return ok;
}

struct effect_search {
	struct builder *b;
	bool found;
};

static enum CXChildVisitResult find_effect(CXCursor c, CXCursor parent, CXClientData data)
{
	struct effect_search *s = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	bool effect = k == CXCursor_CallExpr || k == CXCursor_CompoundAssignOperator;
	if (k == CXCursor_BinaryOperator) {
		char *op = cursor_binary_operator(s->b->tu, c);
		effect = is_op(op, "=");
		free(op);
	} else if (k == CXCursor_UnaryOperator) {
		char *op = unary_op(s->b, c);
		effect = is_op(op, "++") || is_op(op, "--");
		free(op);
	}
	if (effect) {
		s->found = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* Whether the expression calls or assigns anything (then it is not folded). */
static bool has_side_effects(struct builder *b, CXCursor c)
{
	struct effect_search s = { b, false };
	find_effect(c, clang_getNullCursor(), &s);
	if (!s.found)
		clang_visitChildren(c, find_effect, &s);
	return s.found;
}

/* ---- blocks and edges ---- */

static int new_block(struct builder *b, const char *label)
{
	struct cfg *g = b->g;
	GROW(g->blocks, g->cap, g->nblocks + 1);
	struct cfg_block *blk = &g->blocks[g->nblocks];
	memset(blk, 0, sizeof(*blk));
	blk->id = (unsigned)g->nblocks;
	blk->label = label;
	return (int)g->nblocks++;
}

static size_t add_succ(struct builder *b, int from, int to)
{
	struct cfg_block *blk = &b->g->blocks[from];
	GROW(blk->succ, blk->succ_cap, blk->nsucc + 1);
	blk->succ[blk->nsucc] = to;
	return blk->nsucc++;
}

static void edge_to(struct builder *b, int from, struct target *t)
{
	if (t->block >= 0) {
		add_succ(b, from, t->block);
		return;
	}
	size_t index = add_succ(b, from, -1);
	GROW(t->pending, t->cap, t->npending + 1);
	t->pending[t->npending++] = (struct slot){ from, index };
}

/* Ends the current block with an edge to `t`. */
static void goto_target(struct builder *b, struct target *t)
{
	if (b->cur >= 0)
		edge_to(b, b->cur, t);
	b->cur = -1;
}

/* Starts the target's block here, when anything reaches it (or `always`). */
static void place(struct builder *b, struct target *t, bool always)
{
	if (!always && t->npending == 0 && b->cur < 0)
		return;
	int nb = new_block(b, t->label);
	if (b->cur >= 0)
		add_succ(b, b->cur, nb);
	for (size_t i = 0; i < t->npending; i++)
		b->g->blocks[t->pending[i].block].succ[t->pending[i].index] = nb;
	free(t->pending);
	t->pending = NULL;
	t->npending = t->cap = 0;
	t->block = nb;
	b->cur = nb;
}

static void target_release(struct target *t)
{
	free(t->pending);
	t->pending = NULL;
	t->npending = t->cap = 0;
}

static void ensure_block(struct builder *b)
{
	if (b->cur < 0)
		b->cur = new_block(b, "unreachable");
}

static void start_block(struct builder *b, const char *label)
{
	int nb = new_block(b, label);
	if (b->cur >= 0)
		add_succ(b, b->cur, nb);
	b->cur = nb;
}

/* ---- frames ---- */

static size_t push_frame(struct builder *b, const struct frame *f)
{
	GROW(b->frames, b->frames_cap, b->nframes + 1);
	b->frames[b->nframes] = *f;
	return b->nframes++;
}

static int innermost(const struct builder *b, enum frame_kind k1, enum frame_kind k2)
{
	for (size_t i = b->nframes; i-- > 0;)
		if (b->frames[i].kind == k1 || b->frames[i].kind == k2)
			return (int)i;
	return -1;
}

/* Leaves the current block for `t`, running on the way every __finally
 * whose frame lies at `depth` or deeper, each as a fresh copy. */
static void jump(struct builder *b, struct target *t, size_t depth)
{
	if (b->cur < 0)
		return;
	for (size_t i = b->nframes; i-- > depth;) {
		if (b->frames[i].kind != FRAME_FINALLY)
			continue;
		size_t saved_n = b->nframes, nsaved = saved_n - i;
		struct frame *saved = xmalloc(nsaved * sizeof(*saved));
		memcpy(saved, &b->frames[i], nsaved * sizeof(*saved));
		b->nframes = i;
		start_block(b, "finally");
		lower_stmt(b, saved[0].finally_body);
		memcpy(&b->frames[i], saved, nsaved * sizeof(*saved));
		b->nframes = saved_n;
		free(saved);
		if (b->cur < 0)
			return;
	}
	goto_target(b, t);
}

/* Records the current block as one an exception may leave. */
static void note_may_throw(struct builder *b)
{
	int i = innermost(b, FRAME_HANDLERS, FRAME_HANDLERS);
	if (i < 0 || b->cur < 0)
		return;
	struct frame *f = &b->frames[i];
	for (size_t k = 0; k < f->nsources; k++)
		if (f->sources[k] == b->cur)
			return;
	GROW(f->sources, f->sources_cap, f->nsources + 1);
	f->sources[f->nsources++] = b->cur;
}

static void add_exc_edges(struct builder *b, const int *sources, size_t n, int handler)
{
	for (size_t i = 0; i < n; i++) {
		GROW(b->exc, b->exc_cap, b->nexc + 1);
		b->exc[b->nexc++] = (struct exc_edge){ sources[i], handler };
	}
}

/* ---- places and values ---- */

static void place_release(struct cfg_place *p)
{
	free(p->root);
	free(p->path);
	free(p->field);
	free(p->index);
	memset(p, 0, sizeof(*p));
}

static void place_copy(struct cfg_place *dst, const struct cfg_place *src)
{
	*dst = *src;
	dst->root = src->root ? xstrdup(src->root) : NULL;
	dst->path = src->path ? xstrdup(src->path) : NULL;
	dst->field = src->field ? xstrdup(src->field) : NULL;
	dst->index = src->index ? xstrdup(src->index) : NULL;
}

static void value_release(struct cfg_value *v)
{
	place_release(&v->place);
	free(v->name);
	free(v->text);
	free(v->pointee_type);
	memset(v, 0, sizeof(*v));
}

static void set_root(struct builder *b, CXCursor decl, struct cfg_place *p)
{
	free(p->root);
	p->root = cursor_spelling(decl);
	if (decl.kind == CXCursor_ParmDecl) {
		int n = clang_Cursor_getNumArguments(b->fn);
		for (int i = 0; i < n; i++) {
			if (clang_equalCursors(clang_Cursor_getArgument(b->fn, (unsigned)i), decl)) {
				p->root_is_param = true;
				p->param_index = i;
			}
		}
		return;
	}
	CXCursor parent = clang_getCursorSemanticParent(decl);
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(decl);
	p->root_is_global = parent.kind == CXCursor_TranslationUnit ||
			    parent.kind == CXCursor_Namespace || sc == CX_SC_Static || sc == CX_SC_Extern;
}

static bool is_variable(CXCursor decl)
{
	return decl.kind == CXCursor_VarDecl || decl.kind == CXCursor_ParmDecl;
}

/* Fills root, field, index and the flags from the shape of lvalue `c`. */
static void place_shape(struct builder *b, CXCursor c, struct cfg_place *p)
{
	CXCursor s = cursor_strip(c);
	switch (clang_getCursorKind(s)) {
	case CXCursor_DeclRefExpr: {
		CXCursor decl = clang_getCursorReferenced(s);
		if (is_variable(decl))
			set_root(b, decl, p);
		break;
	}
	case CXCursor_MemberRefExpr: {
		struct cursor_list kids = cursor_children(s);
		if (kids.n >= 1 && clang_isExpression(clang_getCursorKind(kids.items[0])))
			place_shape(b, kids.items[0], p);
		free(p->field);
		free(p->index);
		p->field = cursor_spelling(s);
		p->index = NULL;
		p->index_constant = false;
		p->index_value = 0;
		break;
	}
	case CXCursor_ArraySubscriptExpr: {
		struct cursor_list kids = cursor_children(s);
		if (kids.n != 2)
			break;
		place_shape(b, kids.items[0], p);
		free(p->index);
		p->index = text_of(b, kids.items[1]);
		p->index_constant = eval_int(kids.items[1], &p->index_value);
		if (!p->index_constant)
			p->index_value = 0;
		CXType base = clang_getCanonicalType(clang_getCursorType(strip_implicit(kids.items[0])));
		if (base.kind == CXType_Pointer)
			p->deref = true;
		break;
	}
	case CXCursor_UnaryOperator: {
		char *op = unary_op(b, s);
		struct cursor_list kids = cursor_children(s);
		if (kids.n == 1 && (is_op(op, "*") || is_op(op, "++") || is_op(op, "--"))) {
			place_shape(b, kids.items[0], p);
			if (is_op(op, "*"))
				p->deref = true;
		}
		free(op);
		break;
	}
	default:
		break;
	}
}

static void build_place(struct builder *b, CXCursor c, struct cfg_place *p)
{
	memset(p, 0, sizeof(*p));
	p->path = text_of(b, c);
	place_shape(b, c, p);
}

static bool is_place_expr(struct builder *b, CXCursor s)
{
	switch (clang_getCursorKind(s)) {
	case CXCursor_DeclRefExpr:
		return is_variable(clang_getCursorReferenced(s));
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		return true;
	case CXCursor_UnaryOperator: {
		char *op = unary_op(b, s);
		bool yes = is_op(op, "*");
		free(op);
		return yes;
	}
	default:
		return false;
	}
}

static int call_index(const struct builder *b, CXCursor call)
{
	for (size_t i = b->g->ncalls; i-- > 0;)
		if (clang_equalCursors(b->call_cursors[i], call))
			return (int)i;
	return -1;
}

/* The single identifier `c` is written as, or NULL. */
static char *single_identifier(struct builder *b, CXCursor c)
{
	struct cursor_tokens t;
	cursor_tokens_of_span(b->tu, cursor_span_of(c), &t);
	char *name = NULL;
	if (t.len == 1 && t.items[0].kind == CXToken_Identifier && strcmp(t.items[0].text, "NULL") != 0)
		name = xstrdup(t.items[0].text);
	cursor_tokens_release(&t);
	return name;
}

static char *type_spelling(CXType t)
{
	CXString s = clang_getTypeSpelling(t);
	const char *p = clang_getCString(s);
	char *r = xstrdup(p ? p : "");
	clang_disposeString(s);
	return r;
}

/* For &ext with ext a pointer: what ext points to, and its size. */
static void describe_pointee(CXCursor operand, struct cfg_value *v)
{
	CXType type = clang_getCursorType(strip_implicit(operand));
	CXType canonical = clang_getCanonicalType(type);
	if (canonical.kind != CXType_Pointer)
		return;
	CXType pointee = clang_getPointeeType(type);
	if (pointee.kind == CXType_Invalid)
		pointee = clang_getPointeeType(canonical);
	long long size = clang_Type_getSizeOf(pointee);
	if (size <= 0)
		return;
	v->pointee_size = size;
	v->pointee_type = type_spelling(pointee);
}

static void build_value(struct builder *b, CXCursor c, struct cfg_value *v)
{
	memset(v, 0, sizeof(*v));
	v->kind = VALUE_UNKNOWN;
	v->call = -1;
	v->text = text_of(b, c);
	CXCursor s = cursor_strip(c);
	bool decided = true;
	switch (clang_getCursorKind(s)) {
	case CXCursor_GNUNullExpr:
	case CXCursor_CXXNullPtrLiteralExpr:
		v->kind = VALUE_NULL;
		break;
	case CXCursor_StringLiteral:
		v->kind = VALUE_STRING;
		break;
	case CXCursor_CallExpr:
		v->call = call_index(b, s);
		v->kind = v->call >= 0 ? VALUE_CALL : VALUE_UNKNOWN;
		break;
	case CXCursor_UnaryOperator: {
		char *op = unary_op(b, s);
		struct cursor_list kids = cursor_children(s);
		if (is_op(op, "&") && kids.n == 1) {
			v->kind = VALUE_ADDRESS;
			build_place(b, kids.items[0], &v->place);
			describe_pointee(kids.items[0], v);
		} else if (is_op(op, "*")) {
			v->kind = VALUE_PLACE;
			build_place(b, s, &v->place);
		} else {
			decided = false;
		}
		free(op);
		break;
	}
	case CXCursor_DeclRefExpr: {
		CXCursor decl = clang_getCursorReferenced(s);
		if (decl.kind == CXCursor_FunctionDecl || decl.kind == CXCursor_CXXMethod) {
			v->kind = VALUE_FUNCTION;
			v->name = cursor_spelling(decl);
		} else if (is_variable(decl)) {
			v->kind = VALUE_PLACE;
			build_place(b, s, &v->place);
		} else {
			decided = false;
		}
		break;
	}
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		v->kind = VALUE_PLACE;
		build_place(b, s, &v->place);
		break;
	default:
		decided = false;
		break;
	}
	if (decided || has_side_effects(b, c))
		return;
	long long n;
	CXType type = clang_getCanonicalType(clang_getCursorType(c));
	bool pointer = type.kind == CXType_Pointer || type.kind == CXType_NullPtr;
	if (pointer && s.kind == CXCursor_IntegerLiteral && eval_int(s, &n) && n == 0) {
		v->kind = VALUE_NULL;
		v->name = single_identifier(b, c);
	} else if (eval_int(c, &n) || eval_int(s, &n)) {
		v->kind = VALUE_CONSTANT;
		v->number = n;
		v->name = single_identifier(b, c);
	}
}

/* ---- events ---- */

static struct cfg_event *add_event(struct builder *b, enum cfg_event_kind kind, CXCursor at)
{
	ensure_block(b);
	struct cfg_block *blk = &b->g->blocks[b->cur];
	GROW(blk->events, blk->cap, blk->nevents + 1);
	struct cfg_event *ev = &blk->events[blk->nevents++];
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->loc = loc_of(b, at);
	ev->in_loop = b->loop_depth > 0;
	ev->call = -1;
	return ev;
}

static enum CXChildVisitResult find_destructor(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (c.kind == CXCursor_Destructor) {
		*(CXCursor *)data = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

/* Registers `var` with the innermost scope when its class has a destructor. */
static void note_guard(struct builder *b, CXCursor var)
{
	if (!b->nscopes || var.kind != CXCursor_VarDecl)
		return;
	CXCursor record = clang_getTypeDeclaration(clang_getCanonicalType(clang_getCursorType(var)));
	if (record.kind != CXCursor_ClassDecl && record.kind != CXCursor_StructDecl)
		return;
	CXCursor dtor = clang_getNullCursor();
	clang_visitChildren(record, find_destructor, &dtor);
	if (clang_Cursor_isNull(dtor))
		return;
	struct scope *sc = &b->scopes[b->nscopes - 1];
	GROW(sc->guards, sc->cap, sc->n + 1);
	sc->guards[sc->n].var = var;
	sc->guards[sc->n].destructor = cursor_spelling(dtor);
	sc->guards[sc->n].in_system_header = clang_Location_isInSystemHeader(clang_getCursorLocation(dtor));
	sc->n++;
}

/* An implicit destructor call: a call event of `~T` on &var, at `at`. */
static void destroy(struct builder *b, const struct guard *gd, CXCursor at)
{
	struct cfg *g = b->g;
	GROW(g->calls, g->calls_cap, g->ncalls + 1);
	GROW(b->call_cursors, b->call_cursors_cap, g->ncalls + 1);
	int index = (int)g->ncalls++;
	struct cfg_call *k = &g->calls[index];
	memset(k, 0, sizeof(*k));
	b->call_cursors[index] = clang_getNullCursor();
	k->callee = xstrdup(gd->destructor);
	k->callee_in_system_header = gd->in_system_header;
	k->nargs = 1;
	k->args = xcalloc(1, sizeof(*k->args));
	k->args[0].kind = VALUE_ADDRESS;
	k->args[0].call = -1;
	k->args[0].place.root = cursor_spelling(gd->var);
	k->args[0].place.path = cursor_spelling(gd->var);
	k->args[0].text = xasprintf("&%s", k->args[0].place.root);
	k->loc = loc_of(b, at);
	k->text = xasprintf("%s.%s()", k->args[0].place.root, gd->destructor);
	struct cfg_event *ev = add_event(b, EVENT_CALL, at);
	ev->call = index;
}

/* Destroys the guards of scopes [from, nscopes), innermost and latest first. */
static void destroy_scopes(struct builder *b, size_t from, CXCursor at)
{
	for (size_t s = b->nscopes; s-- > from;)
		for (size_t i = b->scopes[s].n; i-- > 0;)
			destroy(b, &b->scopes[s].guards[i], at);
}

static void pop_scope(struct builder *b)
{
	struct scope *sc = &b->scopes[--b->nscopes];
	for (size_t i = 0; i < sc->n; i++)
		free(sc->guards[i].destructor);
	free(sc->guards);
}

/* Calls that zero memory: the pointed-to place of their first argument,
 * when the argument `fill` (if any) is the constant 0. */
static const struct {
	const char *name;
	int fill;
} zeroing_calls[] = {
	{ "RtlZeroMemory", -1 },   { "RtlSecureZeroMemory", -1 }, { "RtlZeroBytes", -1 },
	{ "NdisZeroMemory", -1 },  { "ZeroMemory", -1 },          { "SecureZeroMemory", -1 },
	{ "memset", 1 },           { "__builtin_memset", 1 },     { "RtlFillMemory", 2 },
};

static int zeroing_fill(const char *name)
{
	for (size_t i = 0; name && i < sizeof(zeroing_calls) / sizeof(*zeroing_calls); i++)
		if (!strcmp(name, zeroing_calls[i].name))
			return zeroing_calls[i].fill;
	return -2;
}

/* The place `ptr` points to: x for &x, the array itself, else *ptr. */
static void pointee_place(struct builder *b, CXCursor ptr, struct cfg_place *p)
{
	CXCursor s = cursor_strip(ptr);
	if (s.kind == CXCursor_UnaryOperator) {
		char *op = unary_op(b, s);
		struct cursor_list kids = cursor_children(s);
		bool address = is_op(op, "&") && kids.n == 1;
		free(op);
		if (address) {
			build_place(b, kids.items[0], p);
			return;
		}
	}
	CXType type = clang_getCanonicalType(clang_getCursorType(strip_implicit(ptr)));
	if (type.kind == CXType_ConstantArray || type.kind == CXType_IncompleteArray) {
		build_place(b, ptr, p);
		return;
	}
	build_place(b, s, p);
	char *path = xasprintf("*%s", p->path);
	free(p->path);
	p->path = path;
	p->deref = true;
}

static void maybe_zero(struct builder *b, int index, CXCursor call)
{
	const struct cfg_call *k = &b->g->calls[index];
	int fill = zeroing_fill(k->macro);
	if (fill == -2)
		fill = zeroing_fill(k->callee);
	if (fill == -2 || k->nargs == 0)
		return;
	if (fill >= 0 && ((size_t)fill >= k->nargs || k->args[fill].kind != VALUE_CONSTANT ||
			  k->args[fill].number != 0))
		return;
	struct cfg_place target;
	pointee_place(b, clang_Cursor_getArgument(call, 0), &target);
	struct cfg_event *ev = add_event(b, EVENT_ZERO, call);
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
			char *function = cursor_spelling(s);
			macro = t.len != 1 || strcmp(t.items[0].text, function) != 0;
			free(function);
		}
		if (macro)
			name = xstrdup(t.items[0].text);
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

static int record_call(struct builder *b, CXCursor call)
{
	int nargs = clang_Cursor_getNumArguments(call);
	if (nargs < 0)
		nargs = 0;
	struct cursor_list kids = cursor_children(call);
	if (kids.n > (unsigned)nargs && cursor_strip(kids.items[0]).kind != CXCursor_DeclRefExpr)
		walk_expr(b, kids.items[0]); /* the callee: ext->Ops->Fn(x) */
	for (int i = 0; i < nargs; i++)
		walk_expr(b, clang_Cursor_getArgument(call, (unsigned)i));

	struct cfg *g = b->g;
	GROW(g->calls, g->calls_cap, g->ncalls + 1);
	GROW(b->call_cursors, b->call_cursors_cap, g->ncalls + 1);
	int index = (int)g->ncalls;
	struct cfg_call *k = &g->calls[index];
	memset(k, 0, sizeof(*k));
	b->call_cursors[index] = call;
	g->ncalls++;

	CXCursor decl = clang_getCursorReferenced(call);
	if (is_function_decl(decl)) {
		k->callee = cursor_spelling(decl);
		k->callee_in_system_header = clang_Location_isInSystemHeader(clang_getCursorLocation(decl));
	}
	k->macro = call_macro(b, call);
	k->nargs = (size_t)nargs;
	k->args = nargs ? xcalloc((size_t)nargs, sizeof(*k->args)) : NULL;
	for (int i = 0; i < nargs; i++)
		build_value(b, clang_Cursor_getArgument(call, (unsigned)i), &g->calls[index].args[i]);
	k = &g->calls[index];
	k->result_used = true;
	k->loc = loc_of(b, call);
	k->text = text_of(b, call);

	struct cfg_event *ev = add_event(b, EVENT_CALL, call);
	ev->call = index;
	note_may_throw(b);
	maybe_zero(b, index, call);
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
	char *name = counter_name(index);
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
			if (cursor_is_constant(kids.items[1]))
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
	if (s.kind != CXCursor_ArraySubscriptExpr)
		return false;
	struct cursor_list kids = cursor_children(s);
	if (kids.n != 2)
		return false;
	CXCursor base = cursor_strip(kids.items[0]);
	if (base.kind != CXCursor_UnaryOperator)
		return false;
	char *op = unary_op(b, base);
	struct cursor_list inner = cursor_children(base);
	bool address = is_op(op, "&") && inner.n == 1;
	free(op);
	if (!address)
		return false;
	build_place(b, inner.items[0], out);
	return true;
}

static void note_table_pointer(struct builder *b, CXCursor var, CXCursor value)
{
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
			walk_expr(b, kids.items[1]);
		}
		return;
	}
	default:
		walk_expr(b, s);
	}
}

static bool is_plain_variable(const struct cfg_place *p, CXCursor lhs)
{
	return p->root && !p->field && !p->index && !p->deref &&
	       cursor_strip(lhs).kind == CXCursor_DeclRefExpr;
}

static void lower_assign(struct builder *b, CXCursor expr, CXCursor lhs, CXCursor rhs,
			 const char *compound_op)
{
	walk_expr(b, rhs);
	walk_lvalue(b, lhs);
	struct cfg_value value;
	build_value(b, rhs, &value);
	struct cfg_place zeroed;
	if (!compound_op && byte_loop_zero(b, lhs, &value, &zeroed)) {
		value_release(&value);
		struct cfg_event *ev = add_event(b, EVENT_ZERO, expr);
		ev->target = zeroed;
		return;
	}
	struct cfg_place target;
	build_place(b, lhs, &target);
	bool plain = is_plain_variable(&target, lhs);
	if (!compound_op && value.kind == VALUE_CALL && !b->g->calls[value.call].result.root)
		place_copy(&b->g->calls[value.call].result, &target);
	if (!compound_op && plain)
		note_table_pointer(b, clang_getCursorReferenced(cursor_strip(lhs)), rhs);
	long long fill_first = -1, fill_last = -1;
	bool fills = !plain && fills_table(b, lhs, &fill_first, &fill_last);
	struct cfg_event *ev = add_event(b, plain ? EVENT_ASSIGN : EVENT_STORE, expr);
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
	build_place(b, operand, &target);
	bool plain = is_plain_variable(&target, operand);
	struct cfg_event *ev = add_event(b, plain ? EVENT_ASSIGN : EVENT_STORE, expr);
	ev->target = target;
	ev->value.kind = VALUE_UNKNOWN;
	ev->value.call = -1;
	ev->compound = true;
	snprintf(ev->op, sizeof(ev->op), "%s", op);
}

static enum CXChildVisitResult walk_child(CXCursor c, CXCursor parent, CXClientData data)
{
	walk_expr(data, c);
	return CXChildVisit_Continue;
}

/* Appends the events of expression `c` to the current block, operands
 * before operations. */
static void walk_expr(struct builder *b, CXCursor c)
{
	switch (clang_getCursorKind(c)) {
	case CXCursor_CallExpr:
		record_call(b, c);
		return;
	case CXCursor_BinaryOperator: {
		struct cursor_list kids = cursor_children(c);
		char *op = kids.n == 2 ? cursor_binary_operator(b->tu, c) : NULL;
		bool assign = is_op(op, "=");
		free(op);
		if (assign) {
			lower_assign(b, c, kids.items[0], kids.items[1], NULL);
			return;
		}
		break;
	}
	case CXCursor_CompoundAssignOperator: {
		struct cursor_list kids = cursor_children(c);
		if (kids.n == 2) {
			char *op = cursor_binary_operator(b->tu, c);
			lower_assign(b, c, kids.items[0], kids.items[1], op && strlen(op) < 4 ? op : "?=");
			free(op);
			return;
		}
		break;
	}
	case CXCursor_UnaryOperator: {
		char *op = unary_op(b, c);
		struct cursor_list kids = cursor_children(c);
		if ((is_op(op, "++") || is_op(op, "--")) && kids.n == 1) {
			lower_update(b, c, kids.items[0], op);
			free(op);
			return;
		}
		free(op);
		break;
	}
	case CXCursor_UnaryExpr:        /* sizeof, alignof: not evaluated */
	case CXCursor_LambdaExpr:
		return;
	default:
		break;
	}
	clang_visitChildren(c, walk_child, b);
}

/* ---- declarations ---- */

struct field_names {
	struct strvec names;
};

static enum CXVisitorResult take_field(CXCursor c, CXClientData data)
{
	struct field_names *f = data;
	char *name = cursor_spelling(c);
	strvec_push(&f->names, name);
	free(name);
	return CXVisit_Continue;
}

static bool is_zero_value(const struct cfg_value *v)
{
	return v->kind == VALUE_NULL || (v->kind == VALUE_CONSTANT && v->number == 0);
}

/* `T x = { ... }`: zero x, then store each initialized field. */
static void lower_init_list(struct builder *b, CXCursor var, const struct cfg_place *target,
			    CXCursor list)
{
	struct cursor_vec kids;
	cursor_vec_children(list, &kids);
	bool all_zero = kids.len == 0;
	if (kids.len == 1 && clang_getCursorKind(kids.items[0]) != CXCursor_InitListExpr) {
		struct cfg_value v;
		build_value(b, kids.items[0], &v);
		all_zero = is_zero_value(&v) && !has_side_effects(b, kids.items[0]);
		value_release(&v);
	}
	struct cfg_event *ev = add_event(b, EVENT_ZERO, list);
	place_copy(&ev->target, target);
	if (all_zero) {
		cursor_vec_release(&kids);
		return;
	}
	CXType type = clang_getCanonicalType(clang_getCursorType(var));
	struct field_names fields = { STRVEC_INIT };
	if (type.kind == CXType_Record)
		clang_Type_visitFields(type, take_field, &fields);
	bool array = type.kind == CXType_ConstantArray || type.kind == CXType_IncompleteArray;
	for (size_t i = 0; i < kids.len; i++) {
		CXCursor item = kids.items[i], value_expr = item;
		struct strbuf suffix = STRBUF_INIT;
		char *field = NULL;
		CXType item_type = clang_getCursorType(item);
		if (item.kind == CXCursor_UnexposedExpr && item_type.kind == CXType_Void) {
			/* a designated initializer: .a.b = v, [3] = v */
			struct cursor_vec parts;
			cursor_vec_children(item, &parts);
			for (size_t k = 0; k + 1 < parts.len; k++) {
				if (parts.items[k].kind == CXCursor_MemberRef) {
					free(field);
					field = cursor_spelling(parts.items[k]);
					strbuf_addf(&suffix, ".%s", field);
				} else {
					char *index = text_of(b, parts.items[k]);
					strbuf_addf(&suffix, "[%s]", index);
					free(index);
				}
			}
			if (parts.len > 0)
				value_expr = parts.items[parts.len - 1];
			cursor_vec_release(&parts);
		} else if (array) {
			strbuf_addf(&suffix, "[%zu]", i);
		} else if (i < fields.names.len) {
			field = xstrdup(fields.names.items[i]);
			strbuf_addf(&suffix, ".%s", field);
		}
		if (suffix.len == 0) {
			strbuf_release(&suffix);
			free(field);
			continue;
		}
		walk_expr(b, value_expr);
		struct cfg_place store;
		place_copy(&store, target);
		free(store.path);
		store.path = xasprintf("%s%s", target->path, strbuf_str(&suffix));
		store.field = field;
		if (array && !field) {
			store.index = xasprintf("%zu", i);
			store.index_constant = true;
			store.index_value = (long long)i;
		}
		strbuf_release(&suffix);
		struct cfg_value value;
		build_value(b, value_expr, &value);
		if (value.kind == VALUE_CALL && !b->g->calls[value.call].result.root)
			place_copy(&b->g->calls[value.call].result, &store);
		ev = add_event(b, EVENT_STORE, value_expr);
		ev->target = store;
		ev->value = value;
		snprintf(ev->op, sizeof(ev->op), "=");
	}
	strvec_clear(&fields.names);
	cursor_vec_release(&kids);
}

static void lower_decl(struct builder *b, CXCursor var)
{
	if (var.kind != CXCursor_VarDecl)
		return;
	note_guard(b, var);
	CXCursor init = clang_Cursor_getVarDeclInitializer(var);
	if (clang_Cursor_isNull(init) || clang_isInvalid(clang_getCursorKind(init)))
		return;
	if (clang_Cursor_getStorageClass(var) == CX_SC_Static)
		return;
	struct cfg_place target = { 0 };
	target.path = cursor_spelling(var);
	set_root(b, var, &target);
	CXCursor s = strip_implicit(init);
	if (s.kind == CXCursor_InitListExpr) {
		lower_init_list(b, var, &target, s);
		place_release(&target);
		return;
	}
	walk_expr(b, init);
	struct cfg_value value;
	build_value(b, init, &value);
	if (value.kind == VALUE_CALL && !b->g->calls[value.call].result.root)
		place_copy(&b->g->calls[value.call].result, &target);
	note_table_pointer(b, var, init);
	struct cfg_event *ev = add_event(b, EVENT_ASSIGN, var);
	ev->target = target;
	ev->value = value;
	snprintf(ev->op, sizeof(ev->op), "=");
}

/* ---- conditions ---- */

struct span_search {
	unsigned begin, end;
	CXCursor found;
	bool ok;
};

static bool span_is(CXCursor c, unsigned begin, unsigned end)
{
	struct cursor_span s = cursor_span_of(c);
	return s.ok && s.begin == begin && s.end == end && clang_isExpression(clang_getCursorKind(c));
}

static enum CXChildVisitResult find_span(CXCursor c, CXCursor parent, CXClientData data)
{
	struct span_search *s = data;
	if (span_is(c, s->begin, s->end)) {
		s->found = c;
		s->ok = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* The variable a condition tests, written in [begin, end): a place's path,
 * an assignment's target, or "@N" for call N. NULL when it is none. */
static char *tested_var(struct builder *b, CXCursor e, unsigned begin, unsigned end)
{
	struct span_search search = { begin, end, clang_getNullCursor(), false };
	if (span_is(e, begin, end)) {
		search.found = e;
		search.ok = true;
	} else {
		clang_visitChildren(e, find_span, &search);
	}
	if (!search.ok)
		return NULL;
	CXCursor s = cursor_strip(search.found);
	if (s.kind == CXCursor_CallExpr) {
		int index = call_index(b, s);
		if (index < 0)
			return NULL;
		struct cfg_place *result = &b->g->calls[index].result;
		if (!result->root) {
			place_release(result);
			result->root = xasprintf("@%d", index);
			result->path = xasprintf("@%d", index);
		}
		return xasprintf("@%d", index);
	}
	if (s.kind == CXCursor_BinaryOperator) {
		struct cursor_list kids = cursor_children(s);
		char *op = kids.n == 2 ? cursor_binary_operator(b->tu, s) : NULL;
		bool assign = is_op(op, "=");
		free(op);
		return assign ? text_of(b, kids.items[0]) : NULL;
	}
	return is_place_expr(b, s) ? text_of(b, s) : NULL;
}

static bool tok_is(const struct cursor_tokens *t, size_t i, const char *s)
{
	return i < t->len && !strcmp(t->items[i].text, s);
}

/* The index of the token closing the bracket at `open`, or t->len. */
static size_t matching(const struct cursor_tokens *t, size_t open)
{
	int depth = 0;
	for (size_t i = open; i < t->len; i++) {
		const char *s = t->items[i].text;
		if (!strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{"))
			depth++;
		else if ((!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}")) && --depth == 0)
			return i;
	}
	return t->len;
}

/* The one comparison operator at bracket depth 0, or -1. */
static long top_comparison(const struct cursor_tokens *t)
{
	static const char *const compare[] = { "==", "!=", ">=", "<=", "<", ">" };
	static const char *const others[] = { "&&", "||", "?", "=", ",", "|=", "&=", "+=", "-=" };
	long found = -1;
	int depth = 0;
	for (size_t i = 0; i < t->len; i++) {
		const char *s = t->items[i].text;
		if (!strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{"))
			depth++;
		else if (!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}"))
			depth--;
		if (depth != 0)
			continue;
		for (size_t k = 0; k < sizeof(others) / sizeof(*others); k++)
			if (!strcmp(s, others[k]))
				return -1;
		for (size_t k = 0; k < sizeof(compare) / sizeof(*compare); k++) {
			if (!strcmp(s, compare[k])) {
				if (found >= 0)
					return -1;
				found = (long)i;
			}
		}
	}
	return found;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static bool only_token(const struct cursor_tokens *t, size_t from, size_t to, const char *s)
{
	return to == from + 1 && !strcmp(t->items[from].text, s);
}

static bool only_success(const struct cursor_tokens *t, size_t from, size_t to)
{
	return to == from + 1 && t->items[from].kind == CXToken_Identifier &&
	       ends_with(t->items[from].text, "_SUCCESS");
}

static bool only_null(const struct cursor_tokens *t, size_t from, size_t to)
{
	return only_token(t, from, to, "NULL") || only_token(t, from, to, "nullptr");
}

/* ---- conditions hidden in macros ---- */

/* A condition written as a driver's own macro, such as
 * `#define CF_RETURN_IF_FAILED(s) if (!NT_SUCCESS(s)) { return (s); }`,
 * is one token span to libclang: the macro's body is read from its
 * definition, the arguments substituted, and the condition found there. */
struct macro_found {
	const char *name;
	CXCursor def;
	bool ok;
};

static enum CXChildVisitResult find_macro(CXCursor c, CXCursor parent, CXClientData data)
{
	struct macro_found *m = data;
	(void)parent;
	if (c.kind == CXCursor_MacroDefinition && clang_Cursor_isMacroFunctionLike(c)) {
		char *name = cursor_spelling(c);
		if (!strcmp(name, m->name)) {
			m->def = c;
			m->ok = true;
		}
		free(name);
	}
	return CXChildVisit_Continue;
}

/* Splits `t` [from, to) at commas of bracket depth 0 into `bounds` pairs. */
static size_t split_args(const struct cursor_tokens *t, size_t from, size_t to, size_t *bounds, size_t max)
{
	size_t n = 0, start = from;
	int depth = 0;
	for (size_t i = from; i <= to && n < max; i++) {
		const char *s = i < to ? t->items[i].text : ",";
		if (!strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{"))
			depth++;
		else if (!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}"))
			depth--;
		else if (depth == 0 && !strcmp(s, ",")) {
			bounds[2 * n] = start;
			bounds[2 * n + 1] = i;
			n++;
			start = i + 1;
		}
	}
	return n;
}

/* A place's text from tokens that only name one (identifiers, '.', '->', '*'). */
static char *place_tokens(const struct strvec *toks, size_t from, size_t to)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = from; i < to; i++) {
		const char *s = toks->items[i];
		bool word = isalpha((unsigned char)s[0]) || s[0] == '_';
		if (!word && strcmp(s, ".") && strcmp(s, "->") && strcmp(s, "(") && strcmp(s, ")")) {
			strbuf_release(&sb);
			return NULL;
		}
		if (strcmp(s, "(") && strcmp(s, ")"))
			strbuf_adds(&sb, s);
	}
	return sb.len ? strbuf_detach(&sb) : NULL;
}

/* Recognizes NT_SUCCESS(x), !NT_SUCCESS(x), x, !x in expanded tokens. */
static bool classify_tokens(const struct strvec *toks, size_t from, size_t to, struct cfg_cond *cond,
			    bool *swap)
{
	bool negated = false;
	while (from < to && !strcmp(toks->items[from], "(") && !strcmp(toks->items[to - 1], ")")) {
		from++;
		to--;
	}
	while (from < to && !strcmp(toks->items[from], "!")) {
		negated = !negated;
		from++;
	}
	char *var = NULL;
	if (to - from >= 4 && !strcmp(toks->items[from], "NT_SUCCESS") && !strcmp(toks->items[from + 1], "(")) {
		var = place_tokens(toks, from + 2, to - 1);
		cond->kind = COND_SUCCESS;
	} else {
		var = place_tokens(toks, from, to);
		cond->kind = COND_NONNULL;
	}
	if (!var) {
		cond->kind = COND_OTHER;
		return false;
	}
	cond->var = var;
	*swap = negated;
	return true;
}

static bool classify_macro(struct builder *b, const struct cursor_tokens *t, struct cfg_cond *cond, bool *swap)
{
	size_t n = t->len;
	if (n < 3 || t->items[0].kind != CXToken_Identifier || !tok_is(t, 1, "(") || matching(t, 1) != n - 1)
		return false;
	struct macro_found m = { t->items[0].text, clang_getNullCursor(), false };
	clang_visitChildren(clang_getTranslationUnitCursor(b->tu), find_macro, &m);
	if (!m.ok)
		return false;
	struct cursor_tokens def;
	cursor_tokens_of_span(b->tu, cursor_span_of(m.def), &def);
	size_t close = def.len > 1 && tok_is(&def, 1, "(") ? matching(&def, 1) : def.len;
	bool ok = false;
	if (close < def.len) {
		size_t params[32], args[32];
		size_t np = split_args(&def, 2, close, params, 16);
		size_t na = split_args(t, 2, n - 1, args, 16);
		struct strvec body = STRVEC_INIT;
		for (size_t i = close + 1; i < def.len; i++) {
			size_t p = 0;
			while (p < np && !(params[2 * p + 1] == params[2 * p] + 1 &&
					   !strcmp(def.items[params[2 * p]].text, def.items[i].text)))
				p++;
			if (p < np && p < na)
				for (size_t k = args[2 * p]; k < args[2 * p + 1]; k++)
					strvec_push(&body, t->items[k].text);
			else
				strvec_push(&body, def.items[i].text);
		}
		/* The condition of an `if` in the body, or the whole body as an expression. */
		size_t from = 0, to = body.len;
		if (body.len > 2 && !strcmp(body.items[0], "if") && !strcmp(body.items[1], "(")) {
			int depth = 0;
			for (size_t i = 1; i < body.len; i++) {
				depth += !strcmp(body.items[i], "(") - !strcmp(body.items[i], ")");
				if (depth == 0) {
					from = 2;
					to = i;
					break;
				}
			}
		}
		ok = from < to && classify_tokens(&body, from, to, cond, swap);
		strvec_clear(&body);
	}
	cursor_tokens_release(&def);
	return ok;
}

/* Recognizes what leaf condition `e` tests from its tokens (macros such as
 * NT_SUCCESS differ between header sets; tokens do not). Sets *swap when
 * the named outcome is the FALSE branch. */
static void classify(struct builder *b, CXCursor e, struct cfg_cond *cond, bool *swap)
{
	struct cursor_tokens t;
	cursor_tokens_of_span(b->tu, cursor_span_of(e), &t);
	memset(cond, 0, sizeof(*cond));
	cond->text = cursor_tokens_join(&t, 0, t.len);
	cond->loc = loc_of(b, e);
	cond->kind = COND_OTHER;
	*swap = false;
	size_t n = t.len;
	char *var = NULL;
	enum cfg_cond_kind kind = COND_OTHER;
	long k;
	if (n >= 4 && tok_is(&t, 0, "NT_SUCCESS") && tok_is(&t, 1, "(") && matching(&t, 1) == n - 1) {
		kind = COND_SUCCESS;
		var = tested_var(b, e, t.items[2].begin, t.items[n - 2].end);
	} else if (n >= 3 && (k = top_comparison(&t)) > 0 && (size_t)k + 1 < n) {
		size_t op = (size_t)k;
		const char *o = t.items[op].text;
		size_t lhs_var = 0, lhs_end = op, rhs_begin = op + 1;
		bool use_left = true;
		if ((!strcmp(o, ">=") || !strcmp(o, "<")) && only_token(&t, rhs_begin, n, "0")) {
			kind = COND_SUCCESS;
			*swap = !strcmp(o, "<");
		} else if ((!strcmp(o, "<=") || !strcmp(o, ">")) && only_token(&t, 0, op, "0")) {
			kind = COND_SUCCESS;
			*swap = !strcmp(o, ">");
			use_left = false;
		} else if (!strcmp(o, "==") || !strcmp(o, "!=")) {
			bool eq = !strcmp(o, "==");
			if (only_success(&t, rhs_begin, n) || only_success(&t, 0, op)) {
				kind = COND_SUCCESS;
				*swap = !eq;
				use_left = !only_success(&t, 0, op);
			} else if (only_null(&t, rhs_begin, n) || only_null(&t, 0, op)) {
				kind = COND_NONNULL;
				*swap = eq;
				use_left = !only_null(&t, 0, op);
			}
		}
		if (kind != COND_OTHER) {
			size_t from = use_left ? lhs_var : rhs_begin, to = use_left ? lhs_end : n;
			var = tested_var(b, e, t.items[from].begin, t.items[to - 1].end);
		}
	} else if (n >= 1) {
		kind = COND_NONNULL;
		var = tested_var(b, e, t.items[0].begin, t.items[n - 1].end);
	}
	if (var) {
		cond->kind = kind;
		cond->var = var;
	} else {
		*swap = false;
		if (kind == COND_OTHER || kind == COND_NONNULL)
			classify_macro(b, &t, cond, swap);
	}
	cursor_tokens_release(&t);
}

static void lower_leaf(struct builder *b, CXCursor e, struct target *t, struct target *f)
{
	long long value;
	if (!has_side_effects(b, e) && eval_int(e, &value)) {
		goto_target(b, value ? t : f);
		return;
	}
	ensure_block(b);
	walk_expr(b, e);
	int blk = b->cur;
	struct cfg_cond cond;
	bool swap;
	classify(b, e, &cond, &swap);
	b->g->blocks[blk].cond = cond;
	edge_to(b, blk, swap ? f : t);
	edge_to(b, blk, swap ? t : f);
	b->cur = -1;
}

/* Lowers condition `e`: control reaches `t` when it holds, `f` when not. */
static void lower_cond(struct builder *b, CXCursor e, struct target *t, struct target *f)
{
	CXCursor c = strip_implicit(e);
	struct cursor_list kids = cursor_children(c);
	if (c.kind == CXCursor_BinaryOperator && kids.n == 2) {
		char *op = cursor_binary_operator(b->tu, c);
		bool is_and = is_op(op, "&&"), is_or = is_op(op, "||"), comma = is_op(op, ",");
		free(op);
		if (is_and || is_or) {
			struct target mid = TARGET(is_and ? "and.rhs" : "or.rhs");
			lower_cond(b, kids.items[0], is_and ? &mid : t, is_and ? f : &mid);
			place(b, &mid, false);
			lower_cond(b, kids.items[1], t, f);
			target_release(&mid);
			return;
		}
		if (comma) {
			ensure_block(b);
			walk_expr(b, kids.items[0]);
			lower_cond(b, kids.items[1], t, f);
			return;
		}
	} else if (c.kind == CXCursor_UnaryOperator && kids.n == 1) {
		char *op = unary_op(b, c);
		bool negation = is_op(op, "!");
		free(op);
		if (negation) {
			lower_cond(b, kids.items[0], f, t);
			return;
		}
	} else if (c.kind == CXCursor_ConditionalOperator && kids.n == 3) {
		struct target yes = TARGET("cond.true"), no = TARGET("cond.false");
		lower_cond(b, kids.items[0], &yes, &no);
		place(b, &yes, false);
		lower_cond(b, kids.items[1], t, f);
		place(b, &no, false);
		lower_cond(b, kids.items[2], t, f);
		target_release(&yes);
		target_release(&no);
		return;
	}
	lower_leaf(b, e, t, f);
}

/* ---- statements ---- */

static enum CXChildVisitResult lower_child(CXCursor c, CXCursor parent, CXClientData data)
{
	lower_stmt(data, c);
	return CXChildVisit_Continue;
}

/* An expression statement: a call's result is unused unless assigned. */
static void lower_expr_stmt(struct builder *b, CXCursor e)
{
	CXCursor s = cursor_strip(e);
	if (s.kind == CXCursor_CallExpr) {
		int index = record_call(b, s);
		b->g->calls[index].result_used = false;
		return;
	}
	if (s.kind == CXCursor_BinaryOperator) {
		struct cursor_list kids = cursor_children(s);
		char *op = kids.n == 2 ? cursor_binary_operator(b->tu, s) : NULL;
		bool comma = is_op(op, ",");
		free(op);
		if (comma) {
			lower_expr_stmt(b, kids.items[0]);
			lower_expr_stmt(b, kids.items[1]);
			return;
		}
	}
	if (s.kind == CXCursor_CXXThrowExpr) {
		walk_expr(b, s);
		ensure_block(b);
		if (innermost(b, FRAME_HANDLERS, FRAME_HANDLERS) >= 0) {
			note_may_throw(b);
			b->cur = -1;
		} else {
			jump(b, &b->exit, 0);
		}
		return;
	}
	walk_expr(b, e);
}

static void lower_if(struct builder *b, CXCursor s)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	if (k.len < 2) {
		clang_visitChildren(s, lower_child, b);
		cursor_vec_release(&k);
		return;
	}
	bool has_else = k.len >= 3;
	struct target then = TARGET("if.then"), other = TARGET("if.else"), end = TARGET("if.end");
	lower_cond(b, k.items[0], &then, has_else ? &other : &end);
	place(b, &then, false);
	lower_stmt(b, k.items[1]);
	if (has_else) {
		goto_target(b, &end);
		place(b, &other, false);
		lower_stmt(b, k.items[2]);
	}
	place(b, &end, false);
	target_release(&then);
	target_release(&other);
	target_release(&end);
	cursor_vec_release(&k);
}

static void lower_loop_body(struct builder *b, CXCursor body, struct target *brk, struct target *cont)
{
	struct frame f = { .kind = FRAME_LOOP, .brk = brk, .cont = cont };
	push_frame(b, &f);
	lower_stmt(b, body);
	b->nframes--;
}

static void lower_while(struct builder *b, CXCursor s)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	if (k.len < 2) {
		cursor_vec_release(&k);
		return;
	}
	start_block(b, "while.cond");
	struct target cond = { b->cur, "while.cond", NULL, 0, 0 };
	struct target body = TARGET("while.body"), end = TARGET("while.end");
	b->loop_depth++;
	lower_cond(b, k.items[k.len - 2], &body, &end);
	place(b, &body, false);
	lower_loop_body(b, k.items[k.len - 1], &end, &cond);
	goto_target(b, &cond);
	b->loop_depth--;
	place(b, &end, false);
	target_release(&body);
	target_release(&end);
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
	start_block(b, "do.body");
	struct target body = { b->cur, "do.body", NULL, 0, 0 };
	struct target cond = TARGET("do.cond"), end = TARGET("do.end");
	b->loop_depth++;
	lower_loop_body(b, k.items[0], &end, &cond);
	place(b, &cond, false);
	if (b->cur >= 0)
		lower_cond(b, k.items[1], &body, &end);
	b->loop_depth--;
	place(b, &end, false);
	target_release(&cond);
	target_release(&end);
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
	if (tok_is(&t, 1, "(")) {
		size_t close = matching(&t, 1);
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

/* The variable a DeclRefExpr names, or NULL. */
static char *counter_name(CXCursor c)
{
	c = cursor_strip(c);
	return c.kind == CXCursor_DeclRefExpr ? cursor_spelling(c) : NULL;
}

/* Finds `var = C` (or `T var = C`) in a for-loop's init, through commas. */
static bool counter_start(struct builder *b, CXCursor init, const char *var, long long *first)
{
	struct cursor_list kids = cursor_children(init);
	if (init.kind == CXCursor_DeclStmt) {
		for (unsigned i = 0; i < kids.n && i < 3; i++) {
			char *name = cursor_spelling(kids.items[i]);
			struct cursor_list v = cursor_children(kids.items[i]);
			bool ok = kids.items[i].kind == CXCursor_VarDecl && !strcmp(name, var) && v.n >= 1 &&
				  eval_int(v.items[v.n - 1], first);
			free(name);
			if (ok)
				return true;
		}
		return false;
	}
	CXCursor e = cursor_strip(init);
	struct cursor_list a = cursor_children(e);
	if (e.kind != CXCursor_BinaryOperator || a.n != 2)
		return false;
	char *op = cursor_binary_operator(b->tu, e);
	bool comma = op && !strcmp(op, ","), assign = op && !strcmp(op, "=");
	free(op);
	if (comma)
		return counter_start(b, a.items[0], var, first) || counter_start(b, a.items[1], var, first);
	if (!assign)
		return false;
	char *name = counter_name(a.items[0]);
	bool ok = name && !strcmp(name, var) && eval_int(a.items[1], first);
	free(name);
	return ok;
}

/* For `for (v = C1; v < C2; ...)` (or <=): the counter and the values it
 * takes, first to last. Such a loop runs its body at least once, so the
 * zero-trip path (a dispatch table left unfilled) is not a path at all, and
 * a table filled by it covers exactly those slots. */
static bool loop_range(struct builder *b, CXCursor init, CXCursor cond, struct loop_range *out)
{
	memset(out, 0, sizeof(*out));
	if (clang_Cursor_isNull(init) || clang_Cursor_isNull(cond))
		return false;
	CXCursor c = cursor_strip(cond);
	struct cursor_list k = cursor_children(c);
	long long bound;
	if (c.kind != CXCursor_BinaryOperator || k.n != 2 || !eval_int(k.items[1], &bound))
		return false;
	char *var = counter_name(k.items[0]);
	char *op = cursor_binary_operator(b->tu, c);
	long long first;
	bool ok = var && op && counter_start(b, init, var, &first);
	if (ok && !strcmp(op, "<") && first < bound)
		out->last = bound - 1;
	else if (ok && !strcmp(op, "<=") && first <= bound)
		out->last = bound;
	else
		ok = false;
	free(op);
	if (!ok) {
		free(var);
		return false;
	}
	out->counter = var;
	out->first = first;
	out->valid = true;
	return true;
}

static void lower_for(struct builder *b, CXCursor s)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	CXCursor parts[4];
	for_parts(b, s, &k, parts);
	cursor_vec_release(&k);
	if (!clang_Cursor_isNull(parts[0]))
		lower_stmt(b, parts[0]);
	struct target body = TARGET("for.body"), inc = TARGET("for.inc"), end = TARGET("for.end");
	struct loop_range range;
	if (loop_range(b, parts[0], parts[1], &range)) {
		ensure_block(b);
		goto_target(b, &body);
	}
	GROW(b->loops, b->loops_cap, b->nloops + 1);
	b->loops[b->nloops++] = range;
	start_block(b, "for.cond");
	struct target cond = { b->cur, "for.cond", NULL, 0, 0 };
	bool has_inc = !clang_Cursor_isNull(parts[2]);
	b->loop_depth++;
	if (!clang_Cursor_isNull(parts[1]))
		lower_cond(b, parts[1], &body, &end);
	else
		goto_target(b, &body);
	place(b, &body, false);
	if (!clang_Cursor_isNull(parts[3]))
		lower_loop_body(b, parts[3], &end, has_inc ? &inc : &cond);
	if (has_inc) {
		place(b, &inc, false);
		if (b->cur >= 0)
			lower_expr_stmt(b, parts[2]);
	}
	goto_target(b, &cond);
	b->loop_depth--;
	free(b->loops[--b->nloops].counter);
	place(b, &end, false);
	target_release(&body);
	target_release(&inc);
	target_release(&end);
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
	ensure_block(b);
	walk_expr(b, cond);
	int sw = b->cur;
	struct cfg_cond *c = &b->g->blocks[sw].cond;
	c->kind = COND_SWITCH;
	c->text = text_of(b, cond);
	c->loc = loc_of(b, cond);
	if (is_place_expr(b, cursor_strip(cond)))
		c->var = text_of(b, cursor_strip(cond));
	b->cur = -1;

	struct switch_ctx ctx = { .block = sw, .default_block = -1 };
	struct target end = TARGET("switch.end");
	struct frame f = { .kind = FRAME_SWITCH, .brk = &end, .sw = &ctx };
	push_frame(b, &f);
	lower_stmt(b, body);
	b->nframes--;
	goto_target(b, &end);

	struct cfg_block *blk = &b->g->blocks[sw];
	blk->cases = xcalloc(ctx.n + 1, sizeof(*blk->cases));
	for (size_t i = 0; i < ctx.n; i++) {
		add_succ(b, sw, ctx.blocks[i]);
		b->g->blocks[sw].cases[i] = ctx.texts[i];
	}
	if (ctx.default_block >= 0)
		add_succ(b, sw, ctx.default_block);
	else
		edge_to(b, sw, &end);
	b->g->blocks[sw].cases[ctx.n] = xstrdup("default");
	free(ctx.blocks);
	free(ctx.texts);
	place(b, &end, false);
	target_release(&end);
}

static void lower_case(struct builder *b, CXCursor s, bool is_default)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	int i = innermost(b, FRAME_SWITCH, FRAME_SWITCH);
	if (i >= 0 && k.len >= 1) {
		struct switch_ctx *ctx = b->frames[i].sw;
		start_block(b, is_default ? "switch.default" : "switch.case");
		if (is_default) {
			ctx->default_block = b->cur;
		} else {
			GROW(ctx->blocks, ctx->cap, ctx->n + 1);
			ctx->texts = xrealloc(ctx->texts, ctx->cap * sizeof(*ctx->texts));
			ctx->blocks[ctx->n] = b->cur;
			if (k.len >= 3) {
				char *lo = text_of(b, k.items[0]), *hi = text_of(b, k.items[1]);
				ctx->texts[ctx->n] = xasprintf("%s...%s", lo, hi);
				free(lo);
				free(hi);
			} else {
				ctx->texts[ctx->n] = text_of(b, k.items[0]);
			}
			ctx->n++;
		}
	}
	if (k.len >= 1 && (is_default || k.len >= 2))
		lower_stmt(b, k.items[k.len - 1]);
	cursor_vec_release(&k);
}

static struct label *find_label(struct builder *b, const char *name)
{
	for (size_t i = 0; i < b->nlabels; i++)
		if (!strcmp(b->labels[i]->name, name))
			return b->labels[i];
	GROW(b->labels, b->labels_cap, b->nlabels + 1);
	struct label *l = xcalloc(1, sizeof(*l));
	l->name = xstrdup(name);
	char *label = xasprintf("label %s", name);
	l->t = (struct target)TARGET(intern(b->g, label));
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
	jump(b, &l->t, depth);
}

static void lower_label(struct builder *b, CXCursor s)
{
	char *name = cursor_spelling(s);
	struct label *l = find_label(b, name);
	free(name);
	if (l->t.block >= 0)
		start_block(b, l->t.label); /* a second copy of a __finally body */
	else
		place(b, &l->t, true);
	clang_visitChildren(s, lower_child, b);
}

static void lower_return(struct builder *b, CXCursor s)
{
	struct cursor_list kids = cursor_children(s);
	struct cfg_value value = { .kind = VALUE_UNKNOWN, .call = -1 };
	if (kids.n >= 1 && clang_isExpression(clang_getCursorKind(kids.items[0]))) {
		walk_expr(b, kids.items[0]);
		build_value(b, kids.items[0], &value);
	}
	destroy_scopes(b, 0, s);
	struct cfg_event *ev = add_event(b, EVENT_RETURN, s);
	ev->value = value;
	jump(b, &b->exit, 0);
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
	start_block(b, "try");
	if (handler.kind == CXCursor_SEHFinallyStmt && h.len >= 1) {
		struct frame f = { .kind = FRAME_FINALLY, .finally_body = h.items[h.len - 1],
				   .try_stmt = s, .leave = &end };
		push_frame(b, &f);
		lower_stmt(b, body);
		b->nframes--;
		if (b->cur >= 0) {
			start_block(b, "finally");
			lower_stmt(b, h.items[h.len - 1]);
		}
	} else if (h.len >= 1) {
		struct frame f = { .kind = FRAME_HANDLERS, .try_stmt = s, .leave = &end };
		size_t i = push_frame(b, &f);
		note_may_throw(b);
		lower_stmt(b, body);
		int *sources = b->frames[i].sources;
		size_t nsources = b->frames[i].nsources;
		b->nframes--;
		goto_target(b, &end);
		b->cur = new_block(b, "except");
		add_exc_edges(b, sources, nsources, b->cur);
		free(sources);
		if (h.len >= 2)
			walk_expr(b, h.items[0]); /* the filter */
		lower_stmt(b, h.items[h.len - 1]);
	}
	goto_target(b, &end);
	place(b, &end, false);
	target_release(&end);
	cursor_vec_release(&h);
}

static void lower_leave(struct builder *b)
{
	for (size_t i = b->nframes; i-- > 0;) {
		if (b->frames[i].leave) {
			jump(b, b->frames[i].leave, i);
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
	start_block(b, "try");
	struct frame f = { .kind = FRAME_HANDLERS, .try_stmt = s };
	size_t i = push_frame(b, &f);
	note_may_throw(b);
	lower_stmt(b, k.items[0]);
	int *sources = b->frames[i].sources;
	size_t nsources = b->frames[i].nsources;
	b->nframes--;
	goto_target(b, &end);
	for (size_t c = 1; c < k.len; c++) {
		b->cur = new_block(b, "catch");
		add_exc_edges(b, sources, nsources, b->cur);
		struct cursor_vec parts;
		cursor_vec_children(k.items[c], &parts);
		if (parts.len >= 1)
			lower_stmt(b, parts.items[parts.len - 1]);
		cursor_vec_release(&parts);
		goto_target(b, &end);
	}
	free(sources);
	place(b, &end, false);
	target_release(&end);
	cursor_vec_release(&k);
}

static void lower_stmt(struct builder *b, CXCursor s)
{
	enum CXCursorKind kind = clang_getCursorKind(s);
	switch (kind) {
	case CXCursor_CompoundStmt: {
		GROW(b->scopes, b->scopes_cap, b->nscopes + 1);
		memset(&b->scopes[b->nscopes++], 0, sizeof(*b->scopes));
		clang_visitChildren(s, lower_child, b);
		if (b->cur >= 0)
			destroy_scopes(b, b->nscopes - 1, s);
		pop_scope(b);
		break;
	}
	case CXCursor_DeclStmt: {
		struct cursor_vec k;
		cursor_vec_children(s, &k);
		for (size_t i = 0; i < k.len; i++)
			lower_decl(b, k.items[i]);
		cursor_vec_release(&k);
		break;
	}
	case CXCursor_NullStmt:
	case CXCursor_AsmStmt:
	case CXCursor_MSAsmStmt:
		break;
	case CXCursor_IfStmt: lower_if(b, s); break;
	case CXCursor_WhileStmt: lower_while(b, s); break;
	case CXCursor_DoStmt: lower_do(b, s); break;
	case CXCursor_ForStmt: lower_for(b, s); break;
	case CXCursor_SwitchStmt: lower_switch(b, s); break;
	case CXCursor_CaseStmt: lower_case(b, s, false); break;
	case CXCursor_DefaultStmt: lower_case(b, s, true); break;
	case CXCursor_BreakStmt: {
		int i = innermost(b, FRAME_LOOP, FRAME_SWITCH);
		if (i >= 0)
			jump(b, b->frames[i].brk, (size_t)i);
		break;
	}
	case CXCursor_ContinueStmt: {
		int i = innermost(b, FRAME_LOOP, FRAME_LOOP);
		if (i >= 0)
			jump(b, b->frames[i].cont, (size_t)i);
		break;
	}
	case CXCursor_ReturnStmt: lower_return(b, s); break;
	case CXCursor_GotoStmt: lower_goto(b, s); break;
	case CXCursor_IndirectGotoStmt:
		/* goto *p: where it goes is unknown; taken to leave the function */
		clang_visitChildren(s, walk_child, b);
		jump(b, &b->exit, 0);
		break;
	case CXCursor_LabelStmt: lower_label(b, s); break;
	case CXCursor_SEHTryStmt: lower_seh_try(b, s); break;
	case CXCursor_SEHLeaveStmt: lower_leave(b); break;
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
static void scan_labels(struct builder *b, CXCursor c, CXCursor *trys, unsigned ntrys)
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
				scan_labels(b, parts.items[0], trys, ntrys + 1);
				scan_labels(b, parts.items[parts.len - 1], trys, ntrys);
				cursor_vec_release(&parts);
				continue;
			}
			cursor_vec_release(&parts);
		}
		scan_labels(b, child, trys, ntrys);
	}
	cursor_vec_release(&k);
}

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
		add_succ(b, b->exc[i].from, b->exc[i].to);
		b->g->blocks[b->exc[i].from].nexcept++;
	}
}

static void block_release(struct cfg_block *blk)
{
	for (size_t i = 0; i < blk->nevents; i++) {
		place_release(&blk->events[i].target);
		value_release(&blk->events[i].value);
	}
	free(blk->events);
	free(blk->cond.var);
	free(blk->cond.text);
	if (blk->cases)
		for (size_t i = 0; i + blk->nexcept < blk->nsucc; i++)
			free(blk->cases[i]);
	free(blk->cases);
	free(blk->succ);
}

/* Removes empty blocks that only pass control on (joins of nested ifs, the
 * end of a loop followed by the end of another), keeping the entry, the
 * exit and goto labels; then numbers the blocks again. */
static void merge_empty_blocks(struct cfg *g)
{
	bool *dead = xcalloc(g->nblocks, sizeof(*dead));
	for (size_t i = 0; i < g->nblocks; i++) {
		struct cfg_block *blk = &g->blocks[i];
		if ((int)i == g->entry || (int)i == g->exit || blk->nevents || blk->cond.kind != COND_NONE ||
		    blk->nsucc != 1 || blk->nexcept || blk->succ[0] == (int)i ||
		    str_starts_with(blk->label, "label "))
			continue;
		int to = blk->succ[0];
		for (size_t k = 0; k < g->nblocks; k++)
			for (size_t s = 0; !dead[k] && s < g->blocks[k].nsucc; s++)
				if (g->blocks[k].succ[s] == (int)i)
					g->blocks[k].succ[s] = to;
		dead[i] = true;
	}
	int *renumber = xcalloc(g->nblocks, sizeof(*renumber));
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
	g->file = f ? file_name(f) : xstrdup("");
	g->loc.file = g->file;
	int n = clang_Cursor_getNumArguments(fn);
	if (n > 0) {
		g->params = xcalloc((size_t)n, sizeof(*g->params));
		g->nparams = (size_t)n;
	}
	for (int i = 0; i < n; i++) {
		CXCursor p = clang_Cursor_getArgument(fn, (unsigned)i);
		CXType t = clang_getCursorType(p);
		g->params[i].name = cursor_spelling(p);
		g->params[i].type = type_spelling(t);
		g->params[i].canonical_type = type_spelling(clang_getCanonicalType(t));
	}
	CXType r = clang_getResultType(clang_getCursorType(fn));
	g->return_type = type_spelling(r);
	g->canonical_return_type = type_spelling(clang_getCanonicalType(r));
}

struct cfg *cfg_build(CXTranslationUnit tu, CXCursor fn)
{
	struct cfg *g = xcalloc(1, sizeof(*g));
	struct builder b = { .tu = tu, .fn = fn, .g = g, .cur = -1 };
	b.exit = (struct target)TARGET("exit");
	describe_function(&b, fn);

	CXCursor body = function_body(fn);
	CXCursor trys[MAX_TRY_NESTING];
	if (!clang_Cursor_isNull(body))
		scan_labels(&b, body, trys, 0);
	g->entry = b.cur = new_block(&b, "entry");
	if (!clang_Cursor_isNull(body))
		lower_stmt(&b, body);
	jump(&b, &b.exit, 0);
	for (size_t i = 0; i < b.nlabels; i++) {
		/* gotos to a label that does not exist (the code has errors) */
		struct label *l = b.labels[i];
		if (l->t.block < 0 && l->t.npending) {
			b.cur = -1;
			place(&b, &l->t, true);
			jump(&b, &b.exit, 0);
		}
	}
	b.cur = -1;
	place(&b, &b.exit, true);
	g->exit = b.exit.block;
	apply_exception_edges(&b);
	merge_empty_blocks(g);

	for (size_t i = 0; i < b.nlabels; i++) {
		target_release(&b.labels[i]->t);
		free(b.labels[i]->name);
		free(b.labels[i]);
	}
	free(b.labels);
	for (size_t i = 0; i < b.nframes; i++)
		free(b.frames[i].sources);
	free(b.frames);
	free(b.exc);
	free(b.call_cursors);
	strvec_clear(&b.table_pointers);
	free(b.loops);
	free(b.scopes);
	target_release(&b.exit);
	return g;
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
		free(k->macro);
		for (size_t a = 0; a < k->nargs; a++)
			value_release(&k->args[a]);
		free(k->args);
		place_release(&k->result);
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
	strvec_clear(&g->files);
	free(g);
}
