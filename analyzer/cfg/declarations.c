/* SPDX-License-Identifier: Apache-2.0 */
/* Local declarations: initializers, aggregate initializer lists and C++
 * objects whose destructors run at scope exit. */
#include "cfg/build.h"

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/strvec.h"

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

static void lower_init_items(struct builder *b, CXType type, const struct cfg_place *target, CXCursor list);

/* `T x = { ... }`: zero x, then store each initialized field. */
static void lower_init_list(struct builder *b, CXCursor var, const struct cfg_place *target,
			    CXCursor list)
{
	struct cursor_vec kids;
	cursor_vec_children(list, &kids);
	bool all_zero = kids.len == 0;
	if (kids.len == 1 && clang_getCursorKind(kids.items[0]) != CXCursor_InitListExpr) {
		struct cfg_value v;
		cfg_value_build(b, kids.items[0], &v);
		all_zero = is_zero_value(&v) && !cfg_has_side_effects(b, kids.items[0]);
		cfg_value_release(&v);
	}
	struct cfg_event *ev = cfg_event_add(b, EVENT_ZERO, list);
	cfg_place_copy(&ev->target, target);
	cursor_vec_release(&kids);
	if (!all_zero)
		lower_init_items(b, clang_getCanonicalType(clang_getCursorType(var)), target, list);
}

/* The stores of an initializer list's items into `target`, of type `type`; a
 * member initialized by a list of its own (.Header = { .Type = ... }) is
 * stored member by member too. */
static void lower_init_items(struct builder *b, CXType type, const struct cfg_place *target, CXCursor list)
{
	struct cursor_vec kids;
	cursor_vec_children(list, &kids);
	struct cfg_event *ev;
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
					char *index = cfg_cursor_text(b, parts.items[k]);
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
			field = alloc_strdup(fields.names.items[i]);
			strbuf_addf(&suffix, ".%s", field);
		}
		if (suffix.len == 0) {
			strbuf_release(&suffix);
			free(field);
			continue;
		}
		cfg_lower_expr(b, value_expr);
		struct cfg_place store;
		cfg_place_copy(&store, target);
		free(store.path);
		store.path = alloc_printf("%s%s", target->path, strbuf_str(&suffix));
		if (target->key) {
			free(store.key);
			store.key = alloc_printf("%s%s", target->key, strbuf_str(&suffix));
		}
		/* A nested list's target is a member itself: its copy's field and
		 * subscript give way to this item's. */
		free(store.field);
		store.field = field;
		if (field && store.index) {
			free(store.index);
			store.index = NULL;
			store.index_constant = false;
		}
		if (array && !field) {
			free(store.index);
			store.index = alloc_printf("%zu", i);
			store.index_constant = true;
			store.index_value = (long long)i;
		}
		strbuf_release(&suffix);
		CXCursor nested = cfg_strip_implicit(value_expr);
		if (nested.kind == CXCursor_InitListExpr) {
			lower_init_items(b, clang_getCanonicalType(clang_getCursorType(nested)), &store, nested);
			cfg_place_release(&store);
			continue;
		}
		struct cfg_value value;
		cfg_value_build(b, value_expr, &value);
		if (value.kind == VALUE_CALL && !b->g->calls[value.call].result.root)
			cfg_place_copy(&b->g->calls[value.call].result, &store);
		ev = cfg_event_add(b, EVENT_STORE, value_expr);
		ev->target = store;
		ev->value = value;
		snprintf(ev->op, sizeof(ev->op), "=");
	}
	strvec_clear(&fields.names);
	cursor_vec_release(&kids);
}

void cfg_lower_decl(struct builder *b, CXCursor var)
{
	if (var.kind != CXCursor_VarDecl)
		return;
	if (clang_Cursor_getStorageClass(var) != CX_SC_Static)
		cfg_shadow_note(b, var);
	const struct guard *lambda_guard = cfg_note_guard(b, var);
	if (lambda_guard) {
		/* Making the guard only captures: it arms it. */
		cfg_lambda_guard_arm(b, lambda_guard, var);
		return;
	}
	CXCursor init = clang_Cursor_getVarDeclInitializer(var);
	if (clang_Cursor_isNull(init) || clang_isInvalid(clang_getCursorKind(init)))
		return;
	if (clang_Cursor_getStorageClass(var) == CX_SC_Static)
		return;
	struct cfg_place target = { 0 };
	target.path = cursor_spelling(var);
	cfg_place_set_root(b, var, &target);
	target.escapes = target.root && strvec_contains(&b->escaped, target.root);
	CXCursor s = cfg_strip_implicit(init);
	if (s.kind == CXCursor_InitListExpr) {
		lower_init_list(b, var, &target, s);
		cfg_place_release(&target);
		return;
	}
	if (cfg_lower_new(b, var, init, &target, true)) {
		cfg_place_release(&target);
		return;
	}
	cfg_lower_expr(b, init);
	struct cfg_value value;
	cfg_value_build(b, init, &value);
	if (value.kind == VALUE_CALL && !b->g->calls[value.call].result.root)
		cfg_place_copy(&b->g->calls[value.call].result, &target);
	cfg_note_table_pointer(b, var, init);
	struct cfg_event *ev = cfg_event_add(b, EVENT_ASSIGN, var);
	ev->target = target;
	ev->value = value;
	snprintf(ev->op, sizeof(ev->op), "=");
}
