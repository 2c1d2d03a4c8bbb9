/* SPDX-License-Identifier: Apache-2.0 */
/* Local pointers that only ever hold the address of one global object:
 * `ctx = &Globals;` or `PCTX ctx = &Globals.Port;`, written once and never
 * given away. A place reached through such a pointer is that object's
 * (ctx->Handle is Globals.Handle), so a handle filled through one local and
 * tested or closed through another, or through the global's own name, is one
 * place to the rules and the evaluator. */
#include "cfg/build.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/strvec.h"

struct alias_scan {
	struct builder *b;
	struct strvec usrs;         /* locals written so far... */
	struct strvec targets;      /* ...the global object each was given, or "" */
	struct strvec names;        /* ...and their names */
};

/* The variable a DeclRefExpr names, with its USR, when it is a variable. */
static char *variable_usr(CXCursor ref)
{
	CXCursor d = clang_getCursorReferenced(ref);
	if (d.kind != CXCursor_VarDecl)
		return NULL;
	char *usr = cxstring_take(clang_getCursorUSR(d));
	if (!usr[0]) {
		free(usr);
		return NULL;
	}
	return usr;
}

static bool is_global_variable(CXCursor d)
{
	return d.kind == CXCursor_VarDecl && cfg_is_global_variable(d);
}

static enum CXChildVisitResult first_ref(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (c.kind == CXCursor_DeclRefExpr) {
		*(CXCursor *)data = c;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* `value` without the parentheses and casts around it: C casts, and C++'s
 * static and reinterpret casts when `cxx` (NULL cursor if one is empty). */
static CXCursor without_casts(CXCursor value, bool cxx)
{
	CXCursor v = cursor_strip(value);
	while (v.kind == CXCursor_CStyleCastExpr || v.kind == CXCursor_ParenExpr ||
	       (cxx && (v.kind == CXCursor_CXXStaticCastExpr || v.kind == CXCursor_CXXReinterpretCastExpr))) {
		struct cursor_list kids = cursor_children(v);
		if (!kids.n)
			return clang_getNullCursor();
		v = cursor_strip(kids.last);
	}
	return v;
}

/* The text of a place with each subscript that is not a number as [*]
 * (`g_Table[i].Entry` as "g_Table[*].Entry"), when it is only names, dots
 * and subscripts; else NULL. */
static char *plain_object(const char *text)
{
	if (!text || !(isalpha((unsigned char)text[0]) || text[0] == '_'))
		return NULL;
	struct strbuf out = STRBUF_INIT;
	for (const char *p = text; *p; p++) {
		if (*p == '[') {
			const char *end = strchr(p, ']');
			size_t digits = strspn(p + 1, "0123456789");
			const char *inner = strchr(p + 1, '[');
			if (!end || (inner && inner < end)) {
				strbuf_release(&out);
				return NULL;
			}
			if (digits && p + 1 + digits == end)
				strbuf_add(&out, p, (size_t)(end - p) + 1);
			else
				strbuf_adds(&out, "[*]");
			p = end;
		} else if (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == ':') {
			strbuf_addc(&out, *p);
		} else {
			strbuf_release(&out);
			return NULL;
		}
	}
	return strbuf_detach(&out);
}

/* `&G`, `&G.a.b` or `&G[i].a` with G a global variable: "G.a.b", "G[*].a",
 * else NULL; with `object`, the value is the object itself (what a C++
 * reference is bound to: `Entry& e = G[i];`). */
static char *global_address(struct builder *b, CXCursor value, bool object)
{
	CXCursor v = without_casts(value, false);
	if (clang_Cursor_isNull(v))
		return NULL;
	char *op = !object && v.kind == CXCursor_UnaryOperator ? cfg_unary_op(b, v) : NULL;
	bool address = object || (op && !strcmp(op, "&"));
	free(op);
	struct cursor_list kids = cursor_children(v);
	if (!address || (!object && kids.n != 1))
		return NULL;
	CXCursor written = object ? v : kids.items[0];
	char *whole = cfg_cursor_text(b, written);
	char *text = plain_object(whole);
	free(whole);
	bool plain = text != NULL;
	CXCursor ref = clang_getNullCursor();
	if (plain) {
		CXCursor operand = cursor_strip(written);
		if (operand.kind == CXCursor_DeclRefExpr)
			ref = operand;
		else
			clang_visitChildren(operand, first_ref, &ref);
	}
	if (!plain || clang_Cursor_isNull(ref) || !is_global_variable(clang_getCursorReferenced(ref))) {
		free(text);
		return NULL;
	}
	/* A class's static member by its qualified name, as places name it
	 * (`s_Entries[*]` in a method is "Table::s_Entries[*]"). */
	char *name = cursor_variable_name(clang_getCursorReferenced(ref));
	const char *own = strstr(name, "::") ? strrchr(name, ':') + 1 : NULL;
	size_t n = own ? strlen(own) : 0;
	const char *at = own ? strstr(text, own) : NULL;
	if (at && strchr(".[", at[n] ? at[n] : '.')) {
		char *full = alloc_printf("%s%s", name, at + n);
		free(text);
		text = full;
	}
	free(name);
	return text;
}

/* `Accessor(Device)`, a function (or a static method) whose body ends in `return
 * Device->DeviceExtension;` (a cast allowed; an assertion may come first):
 * what it returns. */
static CXCursor accessor_result(CXCursor call)
{
	CXCursor def = clang_getCursorDefinition(clang_getCursorReferenced(call));
	if (def.kind != CXCursor_FunctionDecl && !(def.kind == CXCursor_CXXMethod && clang_CXXMethod_isStatic(def)))
		return clang_getNullCursor(); /* a class's static accessor is one too (`Filter::Ext(dev)`) */
	struct cursor_list parts = cursor_children(def);
	CXCursor body = parts.n ? parts.last : clang_getNullCursor();
	struct cursor_list stmts = body.kind == CXCursor_CompoundStmt ? cursor_children(body) : (struct cursor_list){ .n = 0 };
	if (!stmts.n || stmts.last.kind != CXCursor_ReturnStmt)
		return clang_getNullCursor();
	struct cursor_list value = cursor_children(stmts.last);
	return value.n == 1 ? value.items[0] : clang_getNullCursor();
}

/* `X->DeviceExtension` of a DEVICE_OBJECT (or an accessor's call that
 * returns it), given to a local pointing to a structure: "<extension USR>"
 * (the structure's), the one object the extensions of that type are to a
 * path (the extension a creating helper filled is the one a teardown helper
 * walking the devices tests), else NULL. */
static char *device_extension(CXCursor value, CXType local)
{
	CXCursor v = without_casts(value, true);
	if (v.kind == CXCursor_CallExpr) {
		CXCursor r = accessor_result(v);
		v = clang_Cursor_isNull(r) ? r : without_casts(r, true);
	}
	if (clang_Cursor_isNull(v))
		return NULL;
	struct cursor_list kids = cursor_children(v);
	if (v.kind != CXCursor_MemberRefExpr || kids.n < 1 || !clang_isExpression(clang_getCursorKind(kids.items[0])))
		return NULL;
	char *member = cursor_spelling(v);
	bool named = !strcmp(member, "DeviceExtension");
	free(member);
	CXType base = clang_getCanonicalType(clang_getCursorType(cfg_strip_implicit(kids.items[0])));
	CXType to = clang_getCanonicalType(local);
	if (!named || base.kind != CXType_Pointer || to.kind != CXType_Pointer)
		return NULL;
	char *device = cursor_spelling(clang_getTypeDeclaration(clang_getCanonicalType(clang_getPointeeType(base))));
	CXCursor record = clang_getTypeDeclaration(clang_getCanonicalType(clang_getPointeeType(to)));
	char *type = record.kind == CXCursor_StructDecl ? cursor_usr(record) : NULL; /* also when unnamed */
	char *target = !strcmp(device, "_DEVICE_OBJECT") && type && type[0] ? alloc_printf("<extension %s>", type)
									  : NULL;
	for (char *p = target ? target : ""; *p; p++)
		if (*p == '.')
			*p = '_'; /* an unnamed structure's USR names its file: one root */
	free(device);
	free(type);
	return target;
}

void cfg_extension_rewrite(CXCursor c, struct cfg_place *p)
{
	if (!p->path || strchr(p->path, '['))
		return;
	const char *names[16];
	bool arrows[16];
	char *owned[16];
	size_t n = 0;
	char *target = NULL;
	CXCursor v = cursor_strip(c);
	while (n < 16 && v.kind == CXCursor_MemberRefExpr && !target) {
		struct cursor_list kids = cursor_children(v);
		if (kids.n < 1 || !clang_isExpression(clang_getCursorKind(kids.items[0])))
			break;
		CXCursor base = cfg_strip_implicit(kids.items[0]);
		owned[n] = cursor_spelling(v);
		names[n] = owned[n];
		arrows[n] = clang_getCanonicalType(clang_getCursorType(base)).kind == CXType_Pointer;
		n++;
		target = arrows[n - 1] ? device_extension(base, clang_getCursorType(base)) : NULL;
		v = cursor_strip(base);
	}
	if (target) {
		struct strbuf path = STRBUF_INIT;
		strbuf_adds(&path, target);
		for (size_t i = n; i-- > 0;)
			strbuf_addf(&path, "%s%s", i + 1 == n ? "." : arrows[i] ? "->" : ".", names[i]);
		free(p->path);
		p->path = strbuf_detach(&path);
		free(p->root);
		p->root = alloc_strndup(target, strcspn(target, ".["));
		p->root_is_global = true;
		p->root_is_param = p->root_is_this = false;
		p->deref = strstr(p->path, "->") != NULL;
		free(target);
	}
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
}

/* A write of the local `usr` (named `name`): its first gives the target, or
 * "" when it is no global's address; another one spoils it unless it gives
 * the same target (each device's extension is the one object). */
static void note_write(struct alias_scan *s, char *usr, const char *name, char *target)
{
	for (size_t i = 0; i < s->usrs.len; i++)
		if (!strcmp(s->usrs.items[i], usr)) {
			if (!target || strcmp(s->targets.items[i], target)) {
				free(s->targets.items[i]);
				s->targets.items[i] = alloc_strdup("");
			}
			free(usr);
			free(target);
			return;
		}
	strvec_push(&s->usrs, usr);
	strvec_push(&s->targets, target ? target : "");
	strvec_push(&s->names, name);
	free(usr);
	free(target);
}

static enum CXChildVisitResult scan(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct alias_scan *s = data;
	struct builder *b = s->b;
	if (c.kind == CXCursor_VarDecl && !is_global_variable(c)) {
		struct cursor_list kids = cursor_children(c);
		CXCursor init = kids.n ? kids.last : clang_getNullCursor();
		if (!clang_Cursor_isNull(init) && clang_isExpression(clang_getCursorKind(init))) {
			char *usr = cxstring_take(clang_getCursorUSR(c));
			char *name = cursor_spelling(c);
			enum CXTypeKind type = clang_getCanonicalType(clang_getCursorType(c)).kind;
			char *to = global_address(b, init, type == CXType_LValueReference);
			if (!to)
				to = device_extension(init, clang_getCursorType(c));
			if (usr[0]) {
				note_write(s, usr, name, to);
			} else {
				free(usr);
				free(to);
			}
			free(name);
		}
		return CXChildVisit_Recurse;
	}
	struct cursor_list kids = cursor_children(c);
	CXCursor target = clang_getNullCursor();
	CXCursor value = clang_getNullCursor();
	if (c.kind == CXCursor_BinaryOperator || c.kind == CXCursor_CompoundAssignOperator) {
		char *op = kids.n == 2 ? cursor_binary_operator(b->tu, c) : NULL;
		if (op && strchr(op, '=') && strcmp(op, "==") && strcmp(op, "!=") && strcmp(op, "<=") &&
		    strcmp(op, ">=")) {
			target = cursor_strip(kids.items[0]);
			if (!strcmp(op, "="))
				value = kids.items[1];
		}
		free(op);
	} else if (c.kind == CXCursor_UnaryOperator && kids.n == 1) {
		char *op = cfg_unary_op(b, c);
		if (op && (!strcmp(op, "&") || !strcmp(op, "++") || !strcmp(op, "--")))
			target = cursor_strip(kids.items[0]);
		/* &x kept anywhere but as a call's argument (a query table's
		 * EntryContext): later calls may write x through it. */
		CXCursor operand = kids.n == 1 ? cursor_strip(kids.items[0]) : clang_getNullCursor();
		if (op && !strcmp(op, "&") && operand.kind == CXCursor_DeclRefExpr &&
		    cursor_strip(parent).kind != CXCursor_CallExpr && parent.kind != CXCursor_CallExpr) {
			CXCursor d = clang_getCursorReferenced(operand);
			char *name = d.kind == CXCursor_VarDecl && !is_global_variable(d) ? cursor_spelling(d) : NULL;
			if (name && !strvec_contains(&b->escaped, name))
				strvec_push(&b->escaped, name);
			free(name);
		}
		free(op);
	}
	/* A C++ reference is never bound again: `key = x` and `&key` write or
	 * give away the object it names, which stays its target. */
	if (target.kind == CXCursor_DeclRefExpr &&
	    clang_getCanonicalType(clang_getCursorType(clang_getCursorReferenced(target))).kind == CXType_LValueReference)
		return CXChildVisit_Recurse;
	if (target.kind == CXCursor_DeclRefExpr) {
		char *usr = variable_usr(target);
		char *name = cursor_spelling(target);
		char *to = clang_Cursor_isNull(value) ? NULL : global_address(b, value, false);
		if (!to && !clang_Cursor_isNull(value))
			to = device_extension(value, clang_getCursorType(target));
		if (usr)
			note_write(s, usr, name, to);
		else
			free(to);
		free(name);
	}
	return CXChildVisit_Recurse;
}

void cfg_aliases_find(struct builder *b, CXCursor body)
{
	struct alias_scan s = { b, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT };
	clang_visitChildren(body, scan, &s);
	for (size_t i = 0; i < s.usrs.len; i++)
		if (s.targets.items[i][0]) {
			strvec_push(&b->alias_names, s.names.items[i]);
			strvec_push(&b->alias_targets, s.targets.items[i]);
		}
	strvec_clear(&s.usrs);
	strvec_clear(&s.targets);
	strvec_clear(&s.names);
}

/* `text` with its leading `from` followed by `->` (or `.`: a reference's
 * member, which no pointer has) as `to.`, or NULL. */
static char *rewritten(const char *text, const char *from, const char *to)
{
	size_t n = strlen(from);
	if (!text || strncmp(text, from, n))
		return NULL;
	if (!strncmp(text + n, "->", 2))
		return alloc_printf("%s.%s", to, text + n + 2);
	return text[n] == '.' ? alloc_printf("%s.%s", to, text + n + 1) : NULL;
}

void cfg_alias_rewrite(struct builder *b, struct cfg_place *p)
{
	if (!p->root || p->root_is_global || p->root_is_param || p->root_is_this)
		return;
	p->escapes = strvec_contains(&b->escaped, p->root);
	for (size_t i = 0; i < b->alias_names.len; i++) {
		const char *name = b->alias_names.items[i], *target = b->alias_targets.items[i];
		char *path = strcmp(p->root, name) ? NULL : rewritten(p->path, name, target);
		if (!path)
			continue;
		char *key = rewritten(p->key, name, target);
		free(p->path);
		p->path = path;
		if (key) {
			free(p->key);
			p->key = key;
		}
		free(p->root);
		p->root = alloc_strndup(target, strcspn(target, ".["));
		p->root_is_global = true;
		p->deref = strstr(path, "->") != NULL;
		return;
	}
}

bool cfg_alias_address(const struct builder *b, struct cfg_place *p)
{
	if (!p->root || p->root_is_global || p->root_is_param || p->root_is_this || p->deref || p->field ||
	    p->index || strcmp(p->root, p->path))
		return false;
	for (size_t i = 0; i < b->alias_names.len; i++) {
		if (strcmp(p->root, b->alias_names.items[i]))
			continue;
		const char *target = b->alias_targets.items[i];
		const char *dot = strrchr(target, '.');
		cfg_place_release(p);
		memset(p, 0, sizeof(*p));
		p->root = alloc_strndup(target, strcspn(target, "."));
		p->path = alloc_strdup(target);
		p->field = dot ? alloc_strdup(dot + 1) : NULL;
		p->root_is_global = true;
		return true;
	}
	return false;
}

bool cfg_alias_names_global(const struct builder *b, const char *var)
{
	size_t n = strcspn(var, ".-[");
	for (size_t i = 0; i < b->alias_targets.len; i++) {
		const char *t = b->alias_targets.items[i];
		if (strcspn(t, ".") == n && !strncmp(t, var, n))
			return true;
	}
	return false;
}

char *cfg_alias_readable(const char *name)
{
	if (!name)
		return alloc_strdup("?");
	if (str_starts_with(name, CFG_DEVICE_LIST))
		return alloc_printf("DriverObject->DeviceObject%s", name + strlen(CFG_DEVICE_LIST));
	if (str_starts_with(name, "<extension ")) {
		const char *rest = strchr(name, '>');
		if (rest)
			return alloc_printf("DeviceExtension->%s", rest[1] == '.' ? rest + 2 : rest + 1);
	}
	return alloc_strdup(name);
}
