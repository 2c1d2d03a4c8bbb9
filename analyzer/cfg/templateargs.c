/* SPDX-License-Identifier: Apache-2.0 */
/* What a call in a method of an instantiation of a class template reaches
 * through the template's arguments (see build.h). */
#include "cfg/build.h"

#include "base/alloc.h"

/* The position among the parameters of `template` of the one spelled
 * `name`, when it is a non-type parameter; -1 otherwise. */
static int template_parameter_index(CXCursor template, const char *name)
{
	struct cursor_vec k;
	cursor_vec_children(template, &k);
	int at = -1, n = 0;
	for (size_t i = 0; i < k.len && at < 0; i++) {
		enum CXCursorKind kind = k.items[i].kind;
		if (kind != CXCursor_TemplateTypeParameter && kind != CXCursor_NonTypeTemplateParameter &&
		    kind != CXCursor_TemplateTemplateParameter)
			continue;
		char *spelled = cursor_spelling(k.items[i]);
		if (kind == CXCursor_NonTypeTemplateParameter && !strcmp(spelled, name))
			at = n;
		free(spelled);
		n++;
	}
	cursor_vec_release(&k);
	return at;
}

/* libclang names the parameter there, not the argument (no referenced
 * declaration, no spelling): the argument is read from the instantiation's
 * name as clang prints it. */
char *cfg_template_callee(struct builder *b, CXCursor call)
{
	struct cursor_list kids = cursor_children(call);
	CXCursor callee = kids.n ? cursor_strip(kids.items[0]) : clang_getNullCursor();
	CXCursor cls = clang_getCursorSemanticParent(b->fn);
	CXCursor template = clang_getSpecializedCursorTemplate(cls);
	if (callee.kind != CXCursor_DeclRefExpr || !clang_isInvalid(clang_getCursorReferenced(callee).kind) ||
	    (cls.kind != CXCursor_ClassDecl && cls.kind != CXCursor_StructDecl) || clang_Cursor_isNull(template))
		return NULL;
	char *spelled = cfg_cursor_text(b, callee); /* libclang names nothing there */
	int index = spelled ? template_parameter_index(template, spelled) : -1;
	free(spelled);
	if (index < 0)
		return NULL;
	char *name = cxstring_take(clang_getCursorDisplayName(cls));
	char *args = name ? strchr(name, '<') : NULL;
	char *found = NULL;
	int depth = 0, at = 0;
	for (char *p = args ? args + 1 : NULL, *start = p; p && *p && !found; p++) {
		if (*p == '<' || *p == '(')
			depth++;
		else if ((*p == '>' || *p == ')') && depth > 0)
			depth--;
		else if ((*p == ',' || *p == '>') && depth == 0) {
			if (at++ == index) {
				while (*start == ' ' || *start == '&')
					start++;
				found = alloc_printf("%.*s", (int)(p - start), start);
			}
			start = p + 1;
		}
	}
	free(name);
	/* The function's own name, as calls name it: mfh::close_port is close_port. */
	char *colon = found ? strrchr(found, ':') : NULL;
	if (colon) {
		char *last = alloc_strdup(colon + 1);
		free(found);
		found = last;
	}
	bool identifier = found && *found && strspn(found, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") == strlen(found);
	if (!identifier) {
		free(found);
		return NULL;
	}
	return found;
}
