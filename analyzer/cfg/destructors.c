/* SPDX-License-Identifier: Apache-2.0 */
/* C++ object lifetimes as events: `new` (an allocation that may fail, or a
 * placement new that constructs in place), the destructor calls at the exits
 * of the scopes that hold objects with destructors, and `delete`. */
#include "cfg/build.h"

#include "base/alloc.h"

static enum CXChildVisitResult find_destructor(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (c.kind == CXCursor_Destructor) {
		*(CXCursor *)data = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Continue;
}

/* The destructor `record` declares, or a null cursor. libclang does not
 * visit the members of a class template's implicit instantiation
 * (PoolPtr<Settings>): its destructor is then the template's. */
static CXCursor record_destructor(CXCursor record)
{
	CXCursor dtor = clang_getNullCursor();
	if (record.kind != CXCursor_ClassDecl && record.kind != CXCursor_StructDecl)
		return dtor;
	clang_visitChildren(record, find_destructor, &dtor);
	CXCursor pattern = clang_getSpecializedCursorTemplate(record);
	if (clang_Cursor_isNull(dtor) && pattern.kind == CXCursor_ClassTemplate)
		clang_visitChildren(pattern, find_destructor, &dtor);
	return dtor;
}

/* How calls of destructor `dtor` are named: as it is spelled, but one of a
 * class template (the pattern record_destructor falls back to) by the
 * name its instantiation's destructor has, `~Guard`, whose body (with the
 * template's arguments) is the one the facts hold. */
static char *destructor_name(CXCursor dtor)
{
	CXCursor parent = clang_getCursorSemanticParent(dtor);
	if (parent.kind != CXCursor_ClassTemplate)
		return cursor_spelling(dtor);
	char *cls = cursor_spelling(parent);
	char *name = alloc_printf("~%s", cls);
	free(cls);
	return name;
}

/* The destructor of the class `type` names, or a null cursor. */
static CXCursor destructor_of(CXType type)
{
	return record_destructor(clang_getTypeDeclaration(clang_getCanonicalType(type)));
}

/* Whether the driver wrote a body for the function `decl` declares: an
 * implicit or defaulted constructor or destructor does nothing a rule judges.
 * One declared here and defined in another file (`~DeviceHolder();` in the
 * header, its body in device.cpp) is a call: the facts of that file hold
 * its body, and without them it is a call whose body is not visible. */
static bool written_body(CXCursor decl)
{
	if (decl.kind == CXCursor_CXXMethod || decl.kind == CXCursor_Destructor || decl.kind == CXCursor_Constructor)
		if (clang_CXXMethod_isDefaulted(decl))
			return false;
	CXCursor def = clang_getCursorDefinition(decl);
	if (clang_Cursor_isNull(def))
		return !clang_Location_isInSystemHeader(clang_getCursorLocation(decl));
	struct cursor_vec k;
	cursor_vec_children(def, &k);
	bool body = false;
	for (size_t i = 0; i < k.len && !body; i++)
		body = k.items[i].kind == CXCursor_CompoundStmt || k.items[i].kind == CXCursor_CXXTryStmt;
	cursor_vec_release(&k);
	return body;
}

static enum CXVisitorResult add_field(CXCursor field, CXClientData data)
{
	struct cursor_vec *v = data;
	GROW(v->items, v->cap, v->len + 1);
	v->items[v->len++] = field;
	return CXVisit_Continue;
}

/* The bases and members of `record`, of type `type`. libclang does not
 * visit the members of a class template's implicit instantiation
 * (Scratch<'prcS'>): the type's fields, with their instantiated types
 * (PoolPtr<'prcS'>), stand for them. */
static void record_parts(CXType type, CXCursor record, struct cursor_vec *k)
{
	cursor_vec_children(record, k);
	for (size_t i = 0; i < k->len; i++)
		if (k->items[i].kind == CXCursor_FieldDecl)
			return;
	clang_Type_visitFields(clang_getCanonicalType(type), add_field, k);
}

/* Whether the class `type` names declares no destructor but has members or
 * bases whose destructors the driver wrote: its implicit destructor runs
 * theirs. */
static bool destroys_parts(CXType type, unsigned depth)
{
	CXCursor record = clang_getTypeDeclaration(clang_getCanonicalType(type));
	if (depth > 4 || (record.kind != CXCursor_ClassDecl && record.kind != CXCursor_StructDecl))
		return false;
	struct cursor_vec k;
	record_parts(type, record, &k);
	bool any = false;
	for (size_t i = 0; i < k.len && !any; i++) {
		CXType t = clang_getCanonicalType(clang_getCursorType(k.items[i]));
		if ((k.items[i].kind != CXCursor_FieldDecl && k.items[i].kind != CXCursor_CXXBaseSpecifier) ||
		    t.kind != CXType_Record)
			continue;
		CXCursor dtor = destructor_of(t);
		any = clang_Cursor_isNull(dtor) ? destroys_parts(t, depth + 1) : written_body(dtor);
	}
	cursor_vec_release(&k);
	return any;
}

/* Registers `var` with the innermost scope when its class has a destructor. */
const struct guard *cfg_note_guard(struct builder *b, CXCursor var)
{
	if (!b->nscopes || var.kind != CXCursor_VarDecl)
		return NULL;
	CXCursor record = clang_getTypeDeclaration(clang_getCanonicalType(clang_getCursorType(var)));
	if (record.kind != CXCursor_ClassDecl && record.kind != CXCursor_StructDecl)
		return NULL;
	CXCursor dtor = record_destructor(record);
	if (clang_Cursor_isNull(dtor) && !destroys_parts(clang_getCursorType(var), 0))
		return NULL;
	struct scope *sc = &b->scopes[b->nscopes - 1];
	GROW(sc->guards, sc->cap, sc->n + 1);
	struct guard *gd = &sc->guards[sc->n++];
	memset(gd, 0, sizeof(*gd));
	gd->var = var;
	gd->has_destructor = !clang_Cursor_isNull(dtor);
	gd->lambda_body = clang_getNullCursor();
	return cfg_lambda_guard_note(var, record, dtor, gd) ? gd : NULL;
}

/* A call the source spells no call for (a destructor run, a delete's
 * release), of one argument, added to the graph; its index. */
static int add_implicit_call(struct builder *b, char *callee)
{
	struct cfg *g = b->g;
	GROW(g->calls, g->calls_cap, g->ncalls + 1);
	GROW(b->call_cursors, b->call_cursors_cap, g->ncalls + 1);
	int index = (int)g->ncalls++;
	struct cfg_call *k = &g->calls[index];
	memset(k, 0, sizeof(*k));
	b->call_cursors[index] = clang_getNullCursor();
	k->callee = callee;
	k->nargs = 1;
	k->args = alloc_zeroed(1, sizeof(*k->args));
	return index;
}

/* A call event of the destructor `dtor` of class `type` on &object or on the
 * pointer object, scoped by the class (an instantiation's own). */
static int add_destructor_call(struct builder *b, CXType type, CXCursor dtor, enum cfg_value_kind kind,
			       const char *object, CXCursor at)
{
	int index = add_implicit_call(b, destructor_name(dtor));
	struct cfg_call *k = &b->g->calls[index];
	k->callee_in_system_header = clang_Location_isInSystemHeader(clang_getCursorLocation(dtor));
	k->scope = cursor_class_name(clang_getTypeDeclaration(clang_getCanonicalType(type)));
	k->args[0].kind = kind;
	k->args[0].call = -1;
	k->args[0].place.root = alloc_strdup(object);
	k->args[0].place.path = alloc_strdup(object);
	k->args[0].text = kind == VALUE_ADDRESS ? alloc_printf("&%s", object) : alloc_strdup(object);
	k->loc = cfg_loc_of(b, at);
	k->text = kind == VALUE_ADDRESS ? alloc_printf("%s.%s()", object, k->callee)
					: alloc_printf("%s->%s()", object, k->callee);
	struct cfg_event *ev = cfg_event_add(b, EVENT_CALL, at);
	ev->call = index;
	return index;
}

/* The implicit destructor of a class that declares none, run on `object`
 * (`p` through a pointer when `arrow`): its members' destructors, last
 * declared first, then its bases'. */
static void destroy_parts(struct builder *b, CXType type, const char *object, bool arrow, CXCursor at,
			  unsigned depth)
{
	CXCursor record = clang_getTypeDeclaration(clang_getCanonicalType(type));
	if (depth > 4 || (record.kind != CXCursor_ClassDecl && record.kind != CXCursor_StructDecl))
		return;
	struct cursor_vec k;
	record_parts(type, record, &k);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = k.len; i-- > 0;) {
			CXType t = clang_getCanonicalType(clang_getCursorType(k.items[i]));
			bool member = k.items[i].kind == CXCursor_FieldDecl;
			if (member != (pass == 0) || (!member && k.items[i].kind != CXCursor_CXXBaseSpecifier) ||
			    t.kind != CXType_Record)
				continue;
			char *name = member ? cursor_spelling(k.items[i]) : NULL;
			char *part = member ? alloc_printf("%s%s%s", object, arrow ? "->" : ".", name) : alloc_strdup(object);
			CXCursor dtor = destructor_of(t);
			if (clang_Cursor_isNull(dtor)) {
				destroy_parts(b, t, part, !member && arrow, at, depth + 1);
			} else if (written_body(dtor)) {
				add_destructor_call(b, t, dtor, !member && arrow ? VALUE_PLACE : VALUE_ADDRESS, part, at);
			}
			free(part);
			free(name);
		}
	cursor_vec_release(&k);
}

/* The memory `delete p` gives back, after the destructor: a call named
 * `delete` (a keyword, so no function's name) given p, a routine of the
 * system to the evaluator (not followed, hiding nothing), which DE017
 * takes as a release. */
static void add_dealloc_call(struct builder *b, CXCursor operand, CXCursor at)
{
	int index = add_implicit_call(b, alloc_strdup("delete"));
	struct cfg_call *k = &b->g->calls[index];
	k->callee_in_system_header = true;
	cfg_value_build(b, operand, &k->args[0]);
	k->loc = cfg_loc_of(b, at);
	k->text = alloc_printf("delete %s", k->args[0].text ? k->args[0].text : "?");
	struct cfg_event *ev = cfg_event_add(b, EVENT_CALL, at);
	ev->call = index;
}

/* `delete p`: the destructor of *p runs (as for a guard going out of scope,
 * DE006 judges it by what it may call), then the memory goes. */
void cfg_lower_delete(struct builder *b, CXCursor expr)
{
	clang_visitChildren(expr, cfg_lower_expr_visitor, b);
	struct cursor_list kids = cursor_children(expr);
	if (kids.n != 1)
		return;
	CXCursor operand = cursor_strip(kids.items[0]);
	CXType type = clang_getPointeeType(clang_getCanonicalType(clang_getCursorType(kids.items[0])));
	CXCursor dtor = destructor_of(type);
	if (!cfg_is_place_expr(b, operand))
		return;
	struct cfg_place p;
	cfg_place_build(b, operand, &p);
	if (p.path && !clang_Cursor_isNull(dtor)) {
		/* Run on *p: its `this->` members are p's, as a method's called on it. */
		int call = add_destructor_call(b, type, dtor, VALUE_PLACE, p.path, expr);
		cfg_place_copy(&b->g->calls[call].object, &p);
		b->g->calls[call].object_arrow = true;
	} else if (p.path)
		destroy_parts(b, type, p.path, true, expr, 0);
	if (p.path)
		add_dealloc_call(b, operand, expr);
	cfg_place_release(&p);
}

/* An implicit destructor call: a call event of `~T` on &var, at `at`; a
 * guard holding a lambda runs the lambda's body instead. */
static void destroy(struct builder *b, const struct guard *gd, CXCursor at)
{
	if (!clang_Cursor_isNull(gd->lambda_body)) {
		cfg_lambda_guard_run(b, gd, at);
		return;
	}
	char *var = cursor_spelling(gd->var);
	CXType type = clang_getCursorType(gd->var);
	if (gd->has_destructor)
		add_destructor_call(b, type, destructor_of(type), VALUE_ADDRESS, var, at);
	else
		destroy_parts(b, clang_getCursorType(gd->var), var, false, at, 0);
	free(var);
}

/* Destroys the guards of scopes [from, nscopes), innermost and latest first;
 * leaving the function (from 0: a return, or the end of the body), a
 * destructor's members and bases too. */
void cfg_scopes_destroy(struct builder *b, size_t from, CXCursor at)
{
	/* A copy: lowering a lambda's body pushes scopes, which may move them. */
	for (size_t s = b->nscopes; s-- > from;)
		for (size_t i = b->scopes[s].n; i-- > 0;) {
			struct guard gd = b->scopes[s].guards[i];
			destroy(b, &gd, at);
		}
	if (from == 0)
		cfg_members_destroy(b, at);
}

/* `this->member`, or `this` itself when `member` is NULL. */
static void this_place(struct cfg_place *p, const char *member)
{
	memset(p, 0, sizeof(*p));
	p->root = alloc_strdup("this");
	p->root_is_this = true;
	if (member) {
		p->path = alloc_printf("this->%s", member);
		p->field = alloc_strdup(member);
		p->deref = true;
	} else {
		p->path = alloc_strdup("this");
	}
}

/* The call a destructor makes of the destructor of its member `member` (or
 * of its base, `member` NULL), on that object: a call like any, which the
 * kinds follow into ~T's body or judge by what it may call. */
static void destroy_part(struct builder *b, CXType type, const char *member, CXCursor at)
{
	CXCursor dtor = destructor_of(type);
	if (clang_Cursor_isNull(dtor) && member) {
		char *object = alloc_printf("this->%s", member);
		destroy_parts(b, type, object, false, at, 1);
		free(object);
		return;
	}
	if (clang_Cursor_isNull(dtor) || !written_body(dtor))
		return;
	char *object = member ? alloc_printf("this->%s", member) : alloc_strdup("this");
	add_destructor_call(b, type, dtor, member ? VALUE_ADDRESS : VALUE_PLACE, object, at);
	struct cfg_call *k = &b->g->calls[b->g->ncalls - 1];
	this_place(&k->object, member);
	k->object_arrow = member == NULL;
	free(object);
}

/* After a destructor's body, C++ destroys the class's members with
 * destructors, last declared first, then its bases, last first. */
void cfg_members_destroy(struct builder *b, CXCursor at)
{
	if (clang_getCursorKind(b->fn) != CXCursor_Destructor || b->cur < 0)
		return;
	CXCursor record = clang_getCursorSemanticParent(b->fn);
	struct cursor_vec k;
	cursor_vec_children(record, &k);
	for (size_t i = k.len; i-- > 0;) {
		CXType t = clang_getCanonicalType(clang_getCursorType(k.items[i]));
		if (k.items[i].kind != CXCursor_FieldDecl || t.kind != CXType_Record)
			continue;
		char *member = cursor_spelling(k.items[i]);
		destroy_part(b, t, member, at);
		free(member);
	}
	for (size_t i = k.len; i-- > 0;)
		if (k.items[i].kind == CXCursor_CXXBaseSpecifier)
			destroy_part(b, clang_getCanonicalType(clang_getCursorType(k.items[i])), NULL, at);
	cursor_vec_release(&k);
}

void cfg_scope_pop(struct builder *b)
{
	struct scope *sc = &b->scopes[--b->nscopes];
	for (size_t i = 0; i < sc->n; i++)
		cfg_guard_release(&sc->guards[i]);
	free(sc->guards);
	cfg_shadows_release(sc);
}

static bool is_constructor_call(CXCursor c)
{
	return c.kind == CXCursor_CallExpr &&
	       clang_getCursorKind(clang_getCursorReferenced(c)) == CXCursor_Constructor;
}

/* The placement argument of a non-allocating `new (p) T(...)`: one argument,
 * an untyped pointer or one to T, as the standard placement form takes (a
 * driver's allocating forms take a pool type and tag, or a lookaside list). */
CXCursor cfg_placement_pointer(CXCursor nx)
{
	struct cursor_list all = cursor_children(nx);
	const struct cursor_list *kids = &all;
	CXCursor found = clang_getNullCursor();
	size_t args = 0;
	for (unsigned i = 0; i < kids->n; i++) {
		CXCursor k = kids->items[i];
		if (k.kind == CXCursor_TypeRef || k.kind == CXCursor_TemplateRef)
			break; /* what follows the type is its size or initializer */
		if (is_constructor_call(k) || !clang_isExpression(clang_getCursorKind(k)))
			continue;
		args++;
		CXType t = clang_getCanonicalType(clang_getCursorType(cursor_strip(k)));
		CXType to = clang_getCanonicalType(clang_getPointeeType(t));
		CXType made = clang_getCanonicalType(clang_getPointeeType(clang_getCursorType(nx)));
		if (t.kind == CXType_Pointer && (to.kind == CXType_Void || clang_equalTypes(to, made)))
			found = k;
	}
	return args == 1 ? found : clang_getNullCursor();
}

/* The constant a member's default initializer gives (`bool m_Ready =
 * false;`, `PVOID m_Buffer{nullptr};`, `ULONG m_Count{};`), into `v`;
 * false when it has none or it is not a constant. */
static bool member_default(struct builder *b, CXCursor field, struct cfg_value *v)
{
	if (clang_getFieldDeclBitWidth(field) >= 0)
		return false; /* its first expression is the width */
	struct cursor_list kids = cursor_children(field);
	for (unsigned i = 0; i < kids.n; i++) {
		CXCursor init = cursor_strip(kids.items[i]);
		if (!clang_isExpression(clang_getCursorKind(init)))
			continue;
		if (init.kind == CXCursor_InitListExpr) {
			struct cursor_list inner = cursor_children(init);
			if (inner.n > 1)
				return false;
			enum CXTypeKind type = clang_getCanonicalType(clang_getCursorType(field)).kind;
			if (inner.n == 0 && (type == CXType_Record || type == CXType_ConstantArray))
				return false; /* a structure zeroed: not one value */
			if (inner.n == 0) {
				memset(v, 0, sizeof(*v));
				v->kind = VALUE_CONSTANT;
				v->call = -1;
				v->text = alloc_strdup("{}");
				return true;
			}
			init = inner.items[0];
		}
		cfg_value_build(b, init, v);
		if (v->kind == VALUE_CONSTANT || v->kind == VALUE_NULL)
			return true;
		cfg_value_release(v);
		return false;
	}
	return false;
}

struct member_defaults {
	struct builder *b;
	const struct cfg_place *object;  /* the object's pointer; NULL: this */
	const struct strvec *skip;       /* members a written initializer sets */
	CXCursor at;
};

static enum CXChildVisitResult store_default(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct member_defaults *d = data;
	if (c.kind != CXCursor_FieldDecl)
		return CXChildVisit_Continue;
	char *member = cursor_spelling(c);
	struct cfg_value v;
	if (member[0] && !(d->skip && strvec_contains(d->skip, member)) && member_default(d->b, c, &v)) {
		struct cfg_event *ev = cfg_event_add(d->b, EVENT_STORE, d->at);
		if (d->object) {
			cfg_place_copy(&ev->target, d->object);
			free(ev->target.path);
			ev->target.path = alloc_printf("%s->%s", d->object->path, member);
			free(ev->target.key);
			ev->target.key = d->object->key ? alloc_printf("%s->%s", d->object->key, member) : NULL;
			free(ev->target.field);
			ev->target.field = alloc_strdup(member);
			free(ev->target.index);
			ev->target.index = NULL;
			ev->target.index_constant = false;
			ev->target.deref = true;
		} else {
			this_place(&ev->target, member);
		}
		ev->value = v;
		snprintf(ev->op, sizeof(ev->op), "=");
	}
	free(member);
	return CXChildVisit_Continue;
}

/* The stores of the constant default initializers of the members of class
 * `cls` (`bool m_Captured = false;`) that a constructor runs before its
 * written initializers and body: into `object`'s members, or this's. */
static void store_member_defaults(struct builder *b, CXCursor cls, const struct cfg_place *object,
				  const struct strvec *skip, CXCursor at)
{
	struct member_defaults d = { b, object, skip, at };
	cfg_block_ensure(b);
	clang_visitChildren(cls, store_default, &d);
}

/* Runs the constructor `construct` on the object `target` now points to:
 * its `this` is *target, so what it stores in members (an allocation) is
 * the object's, which its destructor, run later through the same pointer
 * (`delete p`, `p->~T()`), finds again. After the store of the pointer, so
 * that store does not forget what the constructor did. */
static void construct_into(struct builder *b, CXCursor construct, const struct cfg_place *target)
{
	size_t first = b->g->ncalls;
	cfg_lower_expr(b, construct);
	/* A constructor with no body of the driver's (`T() = default;`, an
	 * implicit one) sets only what the members' default initializers say. */
	CXCursor ctor = clang_getCursorReferenced(construct);
	if (target->root && target->path && !written_body(ctor))
		store_member_defaults(b, clang_getCursorSemanticParent(ctor), target, NULL, construct);
	char *name = cursor_spelling(ctor);
	for (size_t i = b->g->ncalls; i-- > first;) {
		struct cfg_call *k = &b->g->calls[i];
		if (!k->callee || strcmp(k->callee, name) || k->object.root || !target->root)
			continue;
		cfg_place_copy(&k->object, target);
		k->object_arrow = true;
		break;
	}
	free(name);
}

bool cfg_lower_new(struct builder *b, CXCursor at, CXCursor rhs, const struct cfg_place *target, bool plain)
{
	CXCursor nx = cursor_strip(rhs);
	if (nx.kind != CXCursor_CXXNewExpr)
		return false;
	struct cursor_list all = cursor_children(nx);
	CXCursor where = cfg_placement_pointer(nx);
	if (!clang_Cursor_isNull(where)) {
		/* `new (p) T(...)` constructs in place: the result is p. */
		for (unsigned i = 0; i < all.n; i++)
			if (clang_isExpression(clang_getCursorKind(all.items[i])))
				cfg_lower_expr(b, all.items[i]);
		struct cfg_event *ev = cfg_event_add(b, plain ? EVENT_ASSIGN : EVENT_STORE, at);
		cfg_place_copy(&ev->target, target);
		cfg_value_build(b, where, &ev->value);
		snprintf(ev->op, sizeof(ev->op), "=");
		return true;
	}
	/* Placement arguments and array sizes first; the constructor runs only
	 * when the allocation succeeded (a driver's new returns NULL). */
	struct cursor_list kids = cursor_children(nx);
	CXCursor construct = clang_getNullCursor();
	for (unsigned i = 0; i < kids.n; i++) {
		if (is_constructor_call(kids.items[i]))
			construct = kids.items[i];
		else if (clang_isExpression(clang_getCursorKind(kids.items[i])))
			cfg_lower_expr(b, kids.items[i]);
	}
	cfg_block_ensure(b);
	int blk = b->cur;
	struct target ok = TARGET("new.ok"), null = TARGET("new.null"), end = TARGET("new.end");
	struct cfg_cond *cond = &b->g->blocks[blk].cond;
	memset(cond, 0, sizeof(*cond));
	cond->kind = COND_OTHER;
	cond->text = cfg_cursor_text(b, nx);
	cond->loc = cfg_loc_of(b, nx);
	cfg_edge_to_target(b, blk, &ok);
	cfg_edge_to_target(b, blk, &null);
	b->cur = -1;
	for (int side = 0; side < 2; side++) {
		cfg_target_place(b, side == 0 ? &ok : &null, false);
		struct cfg_event *ev = cfg_event_add(b, plain ? EVENT_ASSIGN : EVENT_STORE, at);
		cfg_place_copy(&ev->target, target);
		ev->value.kind = side == 0 ? VALUE_CONSTANT : VALUE_NULL;
		ev->value.number = side == 0;
		ev->value.call = -1;
		ev->value.text = side == 0 ? cfg_cursor_text(b, nx) : alloc_strdup("NULL");
		ev->new_failed = side == 1;
		snprintf(ev->op, sizeof(ev->op), "=");
		if (side == 0 && !clang_Cursor_isNull(construct))
			construct_into(b, construct, target);
		cfg_goto_target(b, &end);
	}
	cfg_target_place(b, &end, false);
	cfg_target_release(&ok);
	cfg_target_release(&null);
	cfg_target_release(&end);
	return true;
}

/* One written initializer of a constructor: `member(init)`, or `Base(args)`
 * when `member` is NULL. A constructor it runs is a call on that member (or
 * on this object); any other value is stored into the member. */
static void lower_initializer(struct builder *b, const char *member, CXCursor init)
{
	CXCursor s = cursor_strip(init);
	if (is_constructor_call(s)) {
		if (!written_body(clang_getCursorReferenced(s))) {
			clang_visitChildren(s, cfg_lower_expr_visitor, b);
			return;
		}
		cfg_lower_expr(b, s);
		int call = cfg_call_index(b, s);
		if (call >= 0 && !b->g->calls[call].object.root) {
			this_place(&b->g->calls[call].object, member);
			b->g->calls[call].object_arrow = member == NULL;
		}
		return;
	}
	if (!member) {
		cfg_lower_expr(b, init);
		return;
	}
	cfg_lower_expr(b, init);
	struct cfg_event *ev = cfg_event_add(b, EVENT_STORE, init);
	this_place(&ev->target, member);
	cfg_value_build(b, init, &ev->value);
	snprintf(ev->op, sizeof(ev->op), "=");
	if (ev->value.kind == VALUE_CALL && ev->value.call >= 0 && !b->g->calls[ev->value.call].result.root)
		cfg_place_copy(&b->g->calls[ev->value.call].result, &ev->target);
}

/* A constructor's written initializers, in the order libclang lists them
 * (a MemberRef or a base's TypeRef, then its expression), before the body. */
void cfg_lower_initializers(struct builder *b)
{
	if (clang_getCursorKind(b->fn) != CXCursor_Constructor)
		return;
	struct cursor_vec k;
	cursor_vec_children(b->fn, &k);
	/* The members' default initializers first, but for the members a
	 * written initializer sets. */
	struct strvec written = STRVEC_INIT;
	for (size_t i = 0; i < k.len && k.items[i].kind != CXCursor_CompoundStmt; i++)
		if (k.items[i].kind == CXCursor_MemberRef) {
			char *member = cursor_spelling(k.items[i]);
			strvec_push(&written, member);
			free(member);
		}
	store_member_defaults(b, clang_getCursorSemanticParent(b->fn), NULL, &written, b->fn);
	strvec_clear(&written);
	char *member = NULL;
	bool pending = false;
	for (size_t i = 0; i < k.len; i++) {
		CXCursor c = k.items[i];
		if (c.kind == CXCursor_CompoundStmt || c.kind == CXCursor_CXXTryStmt)
			break;
		if (c.kind == CXCursor_MemberRef) {
			free(member);
			member = cursor_spelling(c);
			pending = true;
		} else if (c.kind == CXCursor_TypeRef || c.kind == CXCursor_TemplateRef) {
			free(member);
			member = NULL;
			pending = true;
		} else if (pending && clang_isExpression(clang_getCursorKind(c))) {
			cfg_block_ensure(b);
			lower_initializer(b, member, c);
			free(member);
			member = NULL;
			pending = false;
		}
	}
	free(member);
	cursor_vec_release(&k);
}
