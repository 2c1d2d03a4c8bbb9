/* SPDX-License-Identifier: Apache-2.0 */
/* Calls of a C++ accessor whose whole body returns a member or its address
 * (`PHANDLE Put() { return &m_Handle; }`, `HANDLE Get() const { return
 * m_Handle; }`), read as that member of the object called on: a wrapper's
 * handle filled through `key.Put()` is `key.m_Handle`, the one its
 * destructor tests and closes. Without this the call hid where the handle
 * went, and the release in the destructor looked like another object's. */
#include "cfg/build.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

/* The one statement of a method's body when it is `return E;`: E, or a null
 * cursor. */
static CXCursor single_return(CXCursor method)
{
	CXCursor def = clang_getCursorDefinition(method);
	if (clang_Cursor_isNull(def))
		return clang_getNullCursor();
	/* The body is a definition's last child. */
	struct cursor_list kids = cursor_children(def);
	CXCursor body = kids.last;
	if (!kids.n || body.kind != CXCursor_CompoundStmt)
		return clang_getNullCursor();
	struct cursor_list stmts = cursor_children(body);
	if (stmts.n != 1 || stmts.items[0].kind != CXCursor_ReturnStmt)
		return clang_getNullCursor();
	struct cursor_list ret = cursor_children(stmts.items[0]);
	return ret.n == 1 ? cursor_strip(ret.items[0]) : clang_getNullCursor();
}

/* Whether `e` names a data member of the object itself (`m_Handle`,
 * `this->m_Handle`), with its name in *member. */
static bool own_member(CXCursor e, char **member)
{
	if (e.kind != CXCursor_MemberRefExpr || clang_getCursorReferenced(e).kind != CXCursor_FieldDecl)
		return false;
	struct cursor_list base = cursor_children(e);
	if (base.n > 1 || (base.n == 1 && cursor_strip(base.items[0]).kind != CXCursor_CXXThisExpr))
		return false;
	*member = cursor_spelling(clang_getCursorReferenced(e));
	return *member && **member;
}

bool cfg_accessor_result(struct builder *b, CXCursor call, struct cfg_value *v)
{
	CXCursor method = clang_getCursorReferenced(call);
	if (method.kind != CXCursor_CXXMethod || clang_CXXMethod_isStatic(method) ||
	    clang_Cursor_getNumArguments(call) != 0)
		return false;
	/* The object: `key` of `key.Put()`, `p` of `p->Put()`. */
	struct cursor_list callee = cursor_children(call);
	if (callee.n != 1 || cursor_strip(callee.items[0]).kind != CXCursor_MemberRefExpr)
		return false;
	struct cursor_list object = cursor_children(cursor_strip(callee.items[0]));
	if (object.n != 1)
		return false;
	CXCursor obj = cursor_strip(object.items[0]);
	if (obj.kind != CXCursor_DeclRefExpr && obj.kind != CXCursor_MemberRefExpr)
		return false;
	CXCursor ret = single_return(method);
	bool address = false;
	char *member = NULL;
	if (ret.kind == CXCursor_UnaryOperator) {
		char *op = cfg_unary_op(b, ret);
		struct cursor_list operand = cursor_children(ret);
		address = cfg_op_is(op, "&") && operand.n == 1 && own_member(cursor_strip(operand.items[0]), &member);
		free(op);
		if (!address)
			return false;
	} else if (!own_member(ret, &member)) {
		return false;
	}
	struct cfg_place p;
	cfg_place_build(b, obj, &p);
	if (!p.root || p.index) {
		cfg_place_release(&p);
		free(member);
		return false;
	}
	CXType type = clang_getCanonicalType(clang_getCursorType(cfg_strip_implicit(object.items[0])));
	const char *sep = type.kind == CXType_Pointer ? "->" : ".";
	char *path = alloc_printf("%s%s%s", p.path, sep, member);
	free(p.path);
	p.path = path;
	if (p.key) {
		char *key = alloc_printf("%s%s%s", p.key, sep, member);
		free(p.key);
		p.key = key;
	}
	free(p.field);
	p.field = member;
	p.deref |= type.kind == CXType_Pointer;
	v->kind = address ? VALUE_ADDRESS : VALUE_PLACE;
	v->place = p;
	return true;
}
