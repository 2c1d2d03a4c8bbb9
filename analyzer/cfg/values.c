/* SPDX-License-Identifier: Apache-2.0 */
/* Places and values: what an expression denotes (a variable, a member, a
 * dereference, an array slot) and what it points to. */
#include "cfg/build.h"

#include <ctype.h>

#include "base/alloc.h"
#include "base/str.h"
#include "base/strvec.h"

/* ---- places and values ---- */

void cfg_place_release(struct cfg_place *p)
{
	free(p->root);
	free(p->path);
	free(p->key);
	free(p->field);
	free(p->field_owner);
	free(p->index);
	memset(p, 0, sizeof(*p));
}

void cfg_place_copy(struct cfg_place *dst, const struct cfg_place *src)
{
	*dst = *src;
	dst->root = src->root ? alloc_strdup(src->root) : NULL;
	dst->path = src->path ? alloc_strdup(src->path) : NULL;
	dst->key = src->key ? alloc_strdup(src->key) : NULL;
	dst->field = src->field ? alloc_strdup(src->field) : NULL;
	dst->field_owner = src->field_owner ? alloc_strdup(src->field_owner) : NULL;
	dst->index = src->index ? alloc_strdup(src->index) : NULL;
}

void cfg_value_release(struct cfg_value *v)
{
	cfg_place_release(&v->place);
	free(v->name);
	free(v->text);
	free(v->pointee_type);
	free(v->place_type);
	free(v->success_of);
	for (size_t i = 0; i < v->nalts; i++)
		cfg_value_release(&v->alts[i]);
	free(v->alts);
	if (v->chooser)
		cfg_value_release(v->chooser);
	free(v->chooser);
	memset(v, 0, sizeof(*v));
}

/* The operands a `?:` may yield, flattened: `a ? &x : b ? &y : &z` is x, y, z. */
static void build_alternatives(struct builder *b, CXCursor s, struct cfg_value *v)
{
	struct cursor_list kids = cursor_children(s);
	if (kids.n != 3)
		return;
	v->chooser = alloc_zeroed(1, sizeof(*v->chooser));
	cfg_value_build(b, kids.items[0], v->chooser);
	for (unsigned k = 1; k < 3; k++) {
		struct cfg_value alt;
		cfg_value_build(b, kids.items[k], &alt);
		if (alt.nalts) {
			v->alts = alloc_resize(v->alts, (v->nalts + alt.nalts) * sizeof(*v->alts));
			for (size_t i = 0; i < alt.nalts; i++)
				v->alts[v->nalts++] = alt.alts[i];
			alt.nalts = 0;
			free(alt.alts);
			alt.alts = NULL;
			cfg_value_release(&alt);
		} else {
			v->alts = alloc_resize(v->alts, (v->nalts + 1) * sizeof(*v->alts));
			v->alts[v->nalts++] = alt;
		}
	}
}

void cfg_place_set_root(struct builder *b, CXCursor decl, struct cfg_place *p)
{
	free(p->root);
	p->root = cursor_variable_name(decl);
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
	p->root_is_global = cfg_is_global_variable(decl);
	if (p->root_is_global)
		cfg_note_internal(b, decl);
}

void cfg_note_internal(struct builder *b, CXCursor decl)
{
	enum CXLinkageKind linkage = clang_getCursorLinkage(decl);
	if (linkage != CXLinkage_Internal && linkage != CXLinkage_NoLinkage)
		return;
	char *name = cursor_variable_name(decl);
	if (name[0] && !strvec_contains(&b->g->internals, name))
		strvec_push(&b->g->internals, name);
	free(name);
}

bool cfg_is_global_variable(CXCursor decl)
{
	enum CXCursorKind parent = clang_getCursorSemanticParent(decl).kind;
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(decl);
	/* A variable a class declares is a static data member (a non-static
	 * one is a field), though its definition outside the class does not
	 * say `static` again. */
	bool member = decl.kind == CXCursor_VarDecl &&
		      (parent == CXCursor_ClassDecl || parent == CXCursor_StructDecl || parent == CXCursor_UnionDecl ||
		       parent == CXCursor_ClassTemplate);
	return parent == CXCursor_TranslationUnit || parent == CXCursor_Namespace || sc == CX_SC_Static ||
	       sc == CX_SC_Extern || member;
}

static bool is_variable(CXCursor decl)
{
	return decl.kind == CXCursor_VarDecl || decl.kind == CXCursor_ParmDecl;
}

/* Whether the function being built is a member function (it has `this`). */
static bool in_method(const struct builder *b)
{
	enum CXCursorKind k = clang_getCursorKind(b->fn);
	return k == CXCursor_CXXMethod || k == CXCursor_Constructor || k == CXCursor_Destructor ||
	       k == CXCursor_ConversionFunction;
}

static void set_this_root(struct cfg_place *p)
{
	free(p->root);
	p->root = alloc_strdup("this");
	p->root_is_this = true;
	p->deref = true;
}

/* A table row's member as an index (`MajorFunction[row.Major]`) is written
 * as the row's value in the path too: "MajorFunction[IRP_MJ_CREATE]". */
static void spell_row_index(struct builder *b, CXCursor written, struct cfg_place *p)
{
	char *text = cfg_cursor_text(b, written);
	char *was = alloc_printf("[%s]", text);
	char *at = p->path ? strstr(p->path, was) : NULL;
	if (at) {
		char *path = alloc_printf("%.*s[%s]%s", (int)(at - p->path), p->path, p->index, at + strlen(was));
		free(p->path);
		p->path = path;
	}
	free(was);
	free(text);
}

CXCursor cfg_unary_operand(struct builder *b, CXCursor c, const char *op)
{
	CXCursor s = cursor_strip(c);
	struct cursor_list kids = cursor_children(s);
	if (s.kind != CXCursor_UnaryOperator || kids.n != 1)
		return clang_getNullCursor();
	char *written = cfg_unary_op(b, s);
	bool yes = cfg_op_is(written, op);
	free(written);
	return yes ? kids.items[0] : clang_getNullCursor();
}

/* `x` of an operand written `&x` (through parentheses: a macro's
 * `(_a)->Info` given `&a`), else a null cursor. */
static CXCursor addressed_object(struct builder *b, CXCursor operand)
{
	return cfg_unary_operand(b, operand, "&");
}

/* Fills root, field, index and the flags from the shape of lvalue `c`. */

/* The record that declares the member `m` names: its tag, or for an
 * unnamed one its type's spelling. */
static char *field_owner(CXCursor m)
{
	CXCursor record = clang_getCursorSemanticParent(clang_getCursorReferenced(m));
	if (clang_Cursor_isNull(record) || clang_isInvalid(clang_getCursorKind(record)))
		return NULL;
	char *name = cursor_spelling(record);
	if (name && name[0])
		return name;
	free(name);
	return cfg_type_spelling(clang_getCanonicalType(clang_getCursorType(record)));
}

static void place_shape(struct builder *b, CXCursor c, struct cfg_place *p)
{
	CXCursor s = cursor_strip(c);
	switch (clang_getCursorKind(s)) {
	case CXCursor_DeclRefExpr: {
		CXCursor decl = clang_getCursorReferenced(s);
		if (is_variable(decl))
			cfg_place_set_root(b, decl, p);
		/* A use of a C++ reference reaches another object, as through a pointer. */
		enum CXTypeKind type = clang_getCursorType(decl).kind;
		if (type == CXType_LValueReference || type == CXType_RValueReference)
			p->deref = true;
		break;
	}
	case CXCursor_MemberRefExpr: {
		struct cursor_list kids = cursor_children(s);
		bool object = kids.n >= 1 && clang_isExpression(clang_getCursorKind(kids.items[0]));
		CXCursor of = object ? addressed_object(b, kids.items[0]) : clang_getNullCursor();
		if (!clang_Cursor_isNull(of))
			place_shape(b, of, p); /* (&x)->m is x.m */
		else if (object && cursor_strip(kids.items[0]).kind != CXCursor_CXXThisExpr)
			place_shape(b, kids.items[0], p);
		else if (in_method(b))
			set_this_root(p);
		free(p->field);
		free(p->field_owner);
		free(p->index);
		p->field = cursor_spelling(s);
		p->field_owner = field_owner(s);
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
		CXCursor index = cfg_table_member(b, kids.items[1]);
		p->index = cfg_cursor_text(b, index);
		p->index_constant = cfg_int_constant(index, &p->index_value);
		if (!clang_equalCursors(index, kids.items[1]))
			spell_row_index(b, kids.items[1], p);
		if (!p->index_constant)
			p->index_value = 0;
		CXType base = clang_getCanonicalType(clang_getCursorType(cfg_strip_implicit(kids.items[0])));
		if (base.kind == CXType_Pointer)
			p->deref = true;
		break;
	}
	case CXCursor_UnaryOperator: {
		char *op = cfg_unary_op(b, s);
		struct cursor_list kids = cursor_children(s);
		if (kids.n == 1 && (cfg_op_is(op, "*") || cfg_op_is(op, "++") || cfg_op_is(op, "--"))) {
			place_shape(b, kids.items[0], p);
			if (cfg_op_is(op, "*"))
				p->deref = true;
		}
		free(op);
		break;
	}
	default:
		break;
	}
}

/* A subscript that is not a constant is written `[*]` in the path: `table[i]`
 * and `table[k]` are one place, some element of the table, whichever loop
 * variable names it in the function that fills it and in the one that
 * empties it. */
static void abstract_subscripts(struct builder *b, CXCursor c, char **path)
{
	CXCursor s = cursor_strip(c);
	struct cursor_list kids = cursor_children(s);
	switch (clang_getCursorKind(s)) {
	case CXCursor_MemberRefExpr:
		if (kids.n >= 1 && clang_isExpression(clang_getCursorKind(kids.items[0])))
			abstract_subscripts(b, kids.items[0], path);
		break;
	case CXCursor_UnaryOperator:
		if (kids.n == 1)
			abstract_subscripts(b, kids.items[0], path);
		break;
	case CXCursor_ArraySubscriptExpr: {
		if (kids.n != 2)
			break;
		abstract_subscripts(b, kids.items[0], path);
		long long value;
		if (cfg_int_constant(kids.items[1], &value) || cfg_table_constant(b, kids.items[1], &value))
			break;
		char *index = cfg_cursor_text(b, kids.items[1]);
		char *written = alloc_printf("[%s]", index);
		char *at = *path && index[0] ? strstr(*path, written) : NULL;
		if (at) {
			size_t n = strlen(written);
			char *shorter = alloc_printf("%.*s[*]%s", (int)(at - *path), *path, at + n);
			free(*path);
			*path = shorter;
		}
		free(written);
		free(index);
		break;
	}
	default:
		break;
	}
}

/* The path of lvalue `c` from the AST, or NULL: for a place written in a
 * macro's body, whose tokens are the macro's invocation
 * (`DMF_DEFAULT_DRIVERENTRY(...)` for every variable of the DriverEntry it
 * defines). */
static char *ast_path(struct builder *b, CXCursor c)
{
	CXCursor s = cursor_strip(c);
	struct cursor_list kids = cursor_children(s);
	switch (clang_getCursorKind(s)) {
	case CXCursor_DeclRefExpr:
		return is_variable(clang_getCursorReferenced(s)) ? cursor_spelling(s) : NULL;
	case CXCursor_MemberRefExpr: {
		char *member = cursor_spelling(s);
		if (kids.n < 1 || !clang_isExpression(clang_getCursorKind(kids.items[0])) ||
		    cursor_strip(kids.items[0]).kind == CXCursor_CXXThisExpr)
			return member;
		CXCursor of = addressed_object(b, kids.items[0]);
		char *base = ast_path(b, clang_Cursor_isNull(of) ? kids.items[0] : of);
		CXType t = clang_getCanonicalType(clang_getCursorType(cfg_strip_implicit(kids.items[0])));
		bool arrow = clang_Cursor_isNull(of) && t.kind == CXType_Pointer;
		char *path = base ? alloc_printf("%s%s%s", base, arrow ? "->" : ".", member) : NULL;
		free(base);
		free(member);
		return path;
	}
	case CXCursor_ArraySubscriptExpr: {
		if (kids.n != 2)
			return NULL;
		char *base = ast_path(b, kids.items[0]);
		long long value;
		bool constant = cfg_int_constant(kids.items[1], &value) || cfg_table_constant(b, kids.items[1], &value);
		char *index = constant ? alloc_printf("%lld", value) : ast_path(b, kids.items[1]);
		char *path = base && index ? alloc_printf("%s[%s]", base, index) : NULL;
		free(base);
		free(index);
		return path;
	}
	case CXCursor_UnaryOperator: {
		char *op = cfg_unary_op(b, s);
		char *inner = kids.n == 1 && cfg_op_is(op, "*") ? ast_path(b, kids.items[0]) : NULL;
		char *path = inner ? alloc_printf("*%s", inner) : NULL;
		free(op);
		free(inner);
		return path;
	}
	default:
		return NULL;
	}
}

/* Whether the tokens of `c` spell the lvalue itself: not the invocation of
 * the macro whose body holds it. */
static bool written_here(const char *text, const struct cfg_place *p)
{
	if (!text || !text[0])
		return false;
	if (p->index)
		return text[strlen(text) - 1] == ']';
	if (p->field) {
		size_t n = strlen(text), f = strlen(p->field);
		return n >= f && !strcmp(text + n - f, p->field);
	}
	return !p->root || p->deref || !strcmp(text, p->root) || !strchr(text, '(');
}

bool cfg_reads_device_list(CXCursor c)
{
	CXCursor s = cursor_strip(c);
	if (clang_getCursorKind(s) != CXCursor_MemberRefExpr)
		return false;
	char *member = cursor_spelling(s);
	bool named = !strcmp(member, "DeviceObject");
	free(member);
	struct cursor_list kids = cursor_children(s);
	if (!named || kids.n < 1 || !clang_isExpression(clang_getCursorKind(kids.items[0])))
		return false;
	CXType t = clang_getCanonicalType(clang_getCursorType(cfg_strip_implicit(kids.items[0])));
	if (t.kind == CXType_Pointer)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	char *record = cursor_spelling(clang_getTypeDeclaration(t));
	bool yes = !strcmp(record, "_DRIVER_OBJECT");
	free(record);
	return yes;
}

/* The device list's head as the one global place it is. */
static void device_list_place(struct cfg_place *p)
{
	memset(p, 0, sizeof(*p));
	p->root = alloc_strdup("<driver>");
	p->path = alloc_strdup(CFG_DEVICE_LIST);
	p->field = alloc_strdup("DeviceObject");
	p->deref = true;
	p->root_is_global = true;
}

/* Rewrites the path of a place rooted at a static data member so that it
 * starts with the member's qualified name: the path up to the member's own
 * name `name` (`s_Handle`, `Engine::s_Handle`, `::Engine::s_Handle`) is the root. */
static void qualify_text(char **text, const char *root, const char *name)
{
	size_t n = strlen(name);
	for (const char *at = *text ? strstr(*text, name) : NULL; at; at = strstr(at + 1, name)) {
		bool starts = at == *text || !(isalnum((unsigned char)at[-1]) || at[-1] == '_');
		bool ends = !(isalnum((unsigned char)at[n]) || at[n] == '_');
		if (!starts || !ends)
			continue;
		char *qualified = alloc_printf("%s%s", root, at + n);
		free(*text);
		*text = qualified;
		return;
	}
}

/* The key too (`Ring::s_Entries[*]` for `s_Entries[s_Head]`). */
static void qualify_root(struct cfg_place *p, const char *name)
{
	qualify_text(&p->path, p->root, name);
	qualify_text(&p->key, p->root, name);
}

void cfg_place_build(struct builder *b, CXCursor c, struct cfg_place *p)
{
	if (cfg_reads_device_list(c)) {
		device_list_place(p);
		return;
	}
	memset(p, 0, sizeof(*p));
	p->path = cfg_cursor_text(b, c);
	place_shape(b, c, p);
	if (!written_here(p->path, p) || (p->path && strstr(p->path, "(&"))) { /* (&x)->m: x.m */
		char *path = ast_path(b, c);
		if (path) {
			free(p->path);
			p->path = path;
		}
	}
	if (p->index || p->deref || (p->path && strchr(p->path, '['))) {
		char *key = alloc_strdup(p->path);
		abstract_subscripts(b, c, &key);
		if (strcmp(key, p->path))
			p->key = key;
		else
			free(key);
	}
	/* A static data member by its class's name however it is written
	 * (`s_Handle` in a method, `Engine::s_Handle` elsewhere); a namespace's
	 * variable by its own name, as it is written inside the namespace. */
	const char *member = p->root && p->root_is_global ? strstr(p->root, "::") : NULL;
	if (member && p->path)
		qualify_root(p, member + 2);
	else if (p->root && p->root_is_global && p->path && strstr(p->path, "::"))
		qualify_root(p, p->root); /* a namespace's variable: `ts::g_Filter` is g_Filter */
	if (p->root_is_this && p->path && !str_starts_with(p->path, "this->")) {
		/* m_Buffer is this->m_Buffer: one name for both spellings. */
		char *full = alloc_printf("this->%s", p->path);
		free(p->path);
		p->path = full;
	}
	cfg_extension_rewrite(c, p);
	cfg_alias_rewrite(b, p);
}

bool cfg_is_place_expr(struct builder *b, CXCursor s)
{
	switch (clang_getCursorKind(s)) {
	case CXCursor_DeclRefExpr:
		return is_variable(clang_getCursorReferenced(s));
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		return true;
	case CXCursor_UnaryOperator: {
		char *op = cfg_unary_op(b, s);
		bool yes = cfg_op_is(op, "*");
		free(op);
		return yes;
	}
	default:
		return false;
	}
}

int cfg_call_index(const struct builder *b, CXCursor call)
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
		name = alloc_strdup(t.items[0].text);
	cursor_tokens_release(&t);
	return name;
}

char *cfg_type_spelling(CXType t)
{
	return cxstring_take(clang_getTypeSpelling(t));
}

/* For &ext with ext a pointer: what ext points to, and its size. */
static void describe_pointee(CXCursor operand, struct cfg_value *v)
{
	CXType type = clang_getCursorType(cfg_strip_implicit(operand));
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
	v->pointee_type = cfg_type_spelling(pointee);
}

/* The status `flag = NT_SUCCESS(status)` or `NT_SUCCESS(F(...))` records:
 * the variable or "@N", read as a branch on the expression would read it;
 * NULL for a test of anything else. */
static char *success_test(struct builder *b, CXCursor c)
{
	struct cfg_cond cond;
	bool swap;
	cfg_classify(b, c, &cond, &swap);
	char *var = cond.kind == COND_SUCCESS && !swap && !cond.failure_only && cond.var ? cond.var : NULL;
	if (!var)
		free(cond.var);
	free(cond.text);
	free(cond.var2);
	strvec_clear(&cond.names);
	return var;
}

/* Real drivers chain two or three stores (`a = b = Routine`). */
#define STORE_CHAIN_MAX 16

/* `Names[i]` of a table no code can change, every entry a string literal
 * (`static const PCWSTR Names[] = { L"a", L"bc" }`): the longest entry's
 * length with its NUL (a literal's type is an array of just that many
 * characters), else 0. */
static long long table_longest(CXCursor subscript)
{
	struct cursor_list kids = cursor_children(subscript);
	CXCursor base = kids.n == 2 ? cursor_strip(kids.items[0]) : clang_getNullCursor();
	CXCursor table = base.kind == CXCursor_DeclRefExpr ? clang_getCursorReferenced(base) : clang_getNullCursor();
	table = clang_Cursor_isNull(table) ? table : clang_getCursorDefinition(table);
	CXType type = clang_getCanonicalType(clang_getCursorType(table));
	/* A const array's qualifier may sit on the array or on its entries. */
	if (table.kind != CXCursor_VarDecl || type.kind != CXType_ConstantArray ||
	    !(clang_isConstQualifiedType(type) || clang_isConstQualifiedType(clang_getArrayElementType(type))))
		return 0;
	struct cursor_list parts = cursor_children(table);
	CXCursor init = parts.n ? cursor_strip(parts.last) : clang_getNullCursor();
	if (init.kind != CXCursor_InitListExpr)
		return 0;
	struct cursor_vec entries = { 0 };
	cursor_vec_children(init, &entries);
	/* An entry left out is a null pointer, not a string. */
	long long longest = entries.len == (size_t)clang_getArraySize(type) ? 1 : 0;
	for (size_t i = 0; i < entries.len && longest; i++) {
		CXCursor e = cursor_strip(entries.items[i]);
		CXType t = clang_getCanonicalType(clang_getCursorType(e));
		if (e.kind != CXCursor_StringLiteral || t.kind != CXType_ConstantArray)
			longest = 0;
		else if (clang_getArraySize(t) > longest)
			longest = clang_getArraySize(t);
	}
	cursor_vec_release(&entries);
	return longest;
}

void cfg_value_build(struct builder *b, CXCursor c, struct cfg_value *v)
{
	CXCursor row = cfg_table_member(b, c);
	if (!clang_equalCursors(row, c)) {
		cfg_value_build(b, row, v);
		return;
	}
	memset(v, 0, sizeof(*v));
	v->kind = VALUE_UNKNOWN;
	v->call = -1;
	v->text = cfg_cursor_text(b, c);
	CXCursor s = cursor_strip(c);
	bool decided = true;
	switch (clang_getCursorKind(s)) {
	case CXCursor_GNUNullExpr:
	case CXCursor_CXXNullPtrLiteralExpr:
		v->kind = VALUE_NULL;
		break;
	case CXCursor_StringLiteral:
		v->kind = VALUE_STRING;
		/* The literal itself, also when a macro spells it. */
		v->name = cxstring_take(clang_getCursorSpelling(s));
		break;
	case CXCursor_CallExpr:
		if (cfg_lambda_result(b, s, v) || cfg_accessor_result(b, s, v))
			break;
		char eop[4];
		if (cfg_enum_operator(s, eop) && !eop[1]) { /* a flag enumeration's `a | b` */
			v->kind = cfg_enum_fold(s, &v->number) ? VALUE_CONSTANT : VALUE_UNKNOWN;
			break;
		}
		v->call = cfg_call_index(b, s);
		v->kind = v->call >= 0 ? VALUE_CALL : VALUE_UNKNOWN;
		break;
	case CXCursor_UnaryOperator: {
		char *op = cfg_unary_op(b, s);
		struct cursor_list kids = cursor_children(s);
		CXCursor operand = kids.n == 1 ? cursor_strip(kids.items[0]) : clang_getNullCursor();
		enum CXCursorKind named = operand.kind == CXCursor_DeclRefExpr
						  ? clang_getCursorKind(clang_getCursorReferenced(operand))
						  : CXCursor_InvalidCode;
		if (cfg_op_is(op, "&") && (named == CXCursor_FunctionDecl || named == CXCursor_CXXMethod)) {
			/* `&Routine`, `&Class::StaticThunk`: the routine itself. */
			v->kind = VALUE_FUNCTION;
			v->name = cursor_spelling(clang_getCursorReferenced(operand));
		} else if (cfg_op_is(op, "&") && kids.n == 1) {
			v->kind = VALUE_ADDRESS;
			cfg_place_build(b, kids.items[0], &v->place);
			describe_pointee(kids.items[0], v);
			v->place_type = cfg_type_spelling(clang_getCursorType(cfg_strip_implicit(kids.items[0])));
		} else if (cfg_op_is(op, "*")) {
			v->kind = VALUE_PLACE;
			cfg_place_build(b, s, &v->place);
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
			cfg_place_build(b, s, &v->place);
			if (cfg_alias_address(b, &v->place))
				v->kind = VALUE_ADDRESS;
		} else {
			decided = false;
		}
		break;
	}
	case CXCursor_MemberRefExpr:
	case CXCursor_ArraySubscriptExpr:
		v->kind = VALUE_PLACE;
		cfg_place_build(b, s, &v->place);
		break;
	case CXCursor_CXXNewExpr: {
		/* `return new (mem) T();` gives mem. */
		CXCursor where = cfg_placement_pointer(s);
		if (clang_Cursor_isNull(where)) {
			decided = false;
			break;
		}
		char *text = v->text;
		v->text = NULL;
		cfg_value_build(b, where, v);
		free(v->text);
		v->text = text;
		return;
	}
	case CXCursor_ConditionalOperator:
		build_alternatives(b, s, v);
		decided = false;
		break;
	case CXCursor_BinaryOperator: {
		/* a[i] = b[j] = Fn: the value of the chained store is the function
		 * (the inner store is an event of its own); other chains stay unknown.
		 * The chain is walked to its last operand, which alone is built: each
		 * level built whole would read the rest of the chain again; past
		 * STORE_CHAIN_MAX stores (each level asks again) it stays unknown. */
		CXCursor last = s;
		size_t stores = 0;
		for (;; stores++) {
			if (stores > STORE_CHAIN_MAX) {
				stores = 0;
				break;
			}
			struct cursor_list kids = cursor_children(last);
			char *op = kids.n == 2 && last.kind == CXCursor_BinaryOperator
					   ? cursor_binary_operator(b->tu, last)
					   : NULL;
			bool store = cfg_op_is(op, "=");
			free(op);
			if (!store)
				break;
			last = cursor_strip(kids.items[1]);
		}
		decided = false;
		if (stores) {
			struct cfg_value inner;
			cfg_value_build(b, last, &inner);
			if (inner.kind == VALUE_FUNCTION) {
				v->kind = VALUE_FUNCTION;
				v->name = inner.name;
				inner.name = NULL;
				decided = true;
			}
			cfg_value_release(&inner);
		}
		break;
	}
	default:
		decided = false;
		break;
	}
	CXType array = clang_getCanonicalType(clang_getCursorType(s));
	if (v->kind == VALUE_PLACE && array.kind == CXType_ConstantArray && clang_getArraySize(array) > 0)
		v->array_length = clang_getArraySize(array);
	else if (v->kind == VALUE_PLACE && s.kind == CXCursor_ArraySubscriptExpr)
		v->array_length = table_longest(s);
	if (!decided && v->text && str_starts_with(v->text, "NT_SUCCESS("))
		v->success_of = success_test(b, c);
	if (decided || cfg_has_side_effects(b, c))
		return;
	long long n;
	CXType type = clang_getCanonicalType(clang_getCursorType(c));
	bool pointer = type.kind == CXType_Pointer || type.kind == CXType_NullPtr;
	if (pointer && s.kind == CXCursor_IntegerLiteral && cfg_int_constant(s, &n) && n == 0) {
		v->kind = VALUE_NULL;
		v->name = single_identifier(b, c);
	} else if (cfg_int_constant(c, &n) || cfg_int_constant(s, &n)) {
		v->kind = VALUE_CONSTANT;
		v->number = n;
		v->name = single_identifier(b, c);
	}
}
