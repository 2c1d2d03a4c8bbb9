/* SPDX-License-Identifier: Apache-2.0 */
/* Declaration facts of a translation unit: how each function of the driver
 * is declared (role types, _Dispatch_type_ annotations), and the initializer
 * lists of file-scope variables such as an FLT_REGISTRATION. Annotations are
 * read from tokens, since SAL macros expand to nothing outside Code Analysis. */
#include "facts/decls.h"

#include <stdlib.h>
#include <string.h>

#include "front/cursor.h"
#include "facts/entry.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/strvec.h"

/* How far before a declaration to look for its annotations. */
#define LOOKBACK_BYTES 512

static char *token_text(CXTranslationUnit tu, CXToken t)
{
	return cxstring_take(clang_getTokenSpelling(tu, t));
}

static unsigned token_line(CXTranslationUnit tu, CXToken t)
{
	unsigned line;
	clang_getFileLocation(clang_getTokenLocation(tu, t), NULL, &line, NULL, NULL);
	return line;
}

/* The tokens from shortly before the declaration to its name: the previous
 * declaration's end (';', '{' or '}') and preprocessor lines are cut off. */
static void specifier_tokens(CXTranslationUnit tu, CXCursor decl, const char *name, struct strvec *out)
{
	CXSourceRange extent = clang_getCursorExtent(decl);
	CXFile file;
	unsigned start;
	clang_getFileLocation(clang_getRangeStart(extent), &file, NULL, NULL, &start);
	CXSourceLocation name_loc = clang_getCursorLocation(decl);
	unsigned name_offset;
	clang_getFileLocation(name_loc, NULL, NULL, NULL, &name_offset);
	if (!file)
		return;
	unsigned from = start > LOOKBACK_BYTES ? start - LOOKBACK_BYTES : 0;
	CXSourceRange range = clang_getRange(clang_getLocationForOffset(tu, file, from),
					     clang_getLocationForOffset(tu, file, name_offset));
	CXToken *tokens = NULL;
	unsigned n = 0;
	clang_tokenize(tu, range, &tokens, &n);

	/* Lines holding a directive, and where the previous declaration ended. */
	size_t begin = 0;
	unsigned directive_line = 0;
	for (unsigned i = 0; i < n; i++) {
		char *t = token_text(tu, tokens[i]);
		unsigned off;
		clang_getFileLocation(clang_getTokenLocation(tu, tokens[i]), NULL, NULL, NULL, &off);
		if (off >= name_offset) {
			free(t);
			n = i;
			break;
		}
		if (!strcmp(t, "#"))
			directive_line = token_line(tu, tokens[i]);
		if (!strcmp(t, ";") || !strcmp(t, "{") || !strcmp(t, "}") ||
		    token_line(tu, tokens[i]) == directive_line)
			begin = i + 1;
		free(t);
	}
	for (unsigned i = (unsigned)begin; i < n; i++) {
		if (clang_getTokenKind(tokens[i]) != CXToken_Identifier &&
		    clang_getTokenKind(tokens[i]) != CXToken_Keyword && clang_getTokenKind(tokens[i]) != CXToken_Punctuation)
			continue;
		char *t = token_text(tu, tokens[i]);
		if (strcmp(t, name))
			strvec_push(out, t);
		free(t);
	}
	clang_disposeTokens(tu, tokens, n);
}

/* The first argument of each annotation named `a` or `b` in `tokens`:
 * _Dispatch_type_(IRP_MJ_CREATE) gives IRP_MJ_CREATE. */
static void annotation_args(const struct strvec *tokens, const char *a, const char *b, struct strvec *out)
{
	for (size_t i = 0; i + 2 < tokens->len; i++) {
		if ((strcmp(tokens->items[i], a) && strcmp(tokens->items[i], b)) || strcmp(tokens->items[i + 1], "("))
			continue;
		if (!strvec_contains(out, tokens->items[i + 2]))
			strvec_push(out, tokens->items[i + 2]);
	}
}

static bool is_function_class(const struct strvec *tokens, size_t i)
{
	return i >= 2 && !strcmp(tokens->items[i - 1], "(") &&
	       (!strcmp(tokens->items[i - 2], "_Function_class_") ||
		!strcmp(tokens->items[i - 2], "__drv_functionClass"));
}

/* The macro that wrote the declaration's name, or NULL when the name is
 * written in the file: as a macro's argument, the name's expansion point is
 * the macro's; made in a macro's body, the token there is not the name. */
static char *writing_macro(CXTranslationUnit tu, CXCursor decl, const char *name)
{
	CXSourceLocation loc = clang_getCursorLocation(decl);
	CXFile file, expansion_file;
	unsigned offset, expansion_offset;
	clang_getFileLocation(loc, &file, NULL, NULL, &offset);
	clang_getExpansionLocation(loc, &expansion_file, NULL, NULL, &expansion_offset);
	if (!file || !expansion_file)
		return NULL;
	CXToken *at = clang_getToken(tu, clang_getLocationForOffset(tu, expansion_file, expansion_offset));
	char *text = at ? token_text(tu, *at) : NULL;
	if (at)
		clang_disposeTokens(tu, at, 1);
	bool written = clang_File_isEqual(file, expansion_file) && offset == expansion_offset && text &&
		       !strcmp(text, name);
	if (written) {
		free(text);
		return NULL;
	}
	return text;
}

static void add_decl(struct unit_facts *out, CXTranslationUnit tu, CXCursor c)
{
	char *name = cursor_spelling(c);
	struct strvec tokens = STRVEC_INIT;
	specifier_tokens(tu, c, name, &tokens);
	GROW(out->decls, out->decls_cap, out->ndecls + 1);
	struct decl_facts *d = &out->decls[out->ndecls++];
	memset(d, 0, sizeof(*d));
	d->name = name;
	annotation_args(&tokens, "_Dispatch_type_", "__drv_dispatchType", &d->dispatch_types);
	annotation_args(&tokens, "_Function_class_", "__drv_functionClass", &d->function_classes);
	if (strvec_contains(&tokens, "__drv_dispatchType_other") && !strvec_contains(&d->dispatch_types, "IRP_MJ_OTHER"))
		strvec_push(&d->dispatch_types, "IRP_MJ_OTHER");
	for (size_t i = 0; i < tokens.len; i++) {
		const char *t = tokens.items[i];
		if ((t[0] == '_' || (t[0] >= 'A' && t[0] <= 'z')) && !is_function_class(&tokens, i) &&
		    !strvec_contains(&d->specifiers, t))
			strvec_push(&d->specifiers, t);
	}
	/* `DRIVER_DISPATCH Create;` written by a macro (DECLARE_DISPATCH(Create))
	 * shows no specifier in the file's tokens; its type still names the typedef. */
	CXType type = clang_getCursorType(c);
	if (type.kind == CXType_Elaborated) /* libclang 16 and later wrap a written type name */
		type = clang_Type_getNamedType(type);
	if (type.kind == CXType_Typedef) {
		char *typedef_name = cxstring_take(clang_getTypedefName(type));
		if (typedef_name && typedef_name[0] && !strvec_contains(&d->specifiers, typedef_name))
			strvec_push(&d->specifiers, typedef_name);
		free(typedef_name);
	}
	d->macro = writing_macro(tu, c, name);
	strvec_clear(&tokens);
}

/* The expression as written, the way cfg values show it: "sizeof(FLT_REGISTRATION)". */
static char *compact_text(CXTranslationUnit tu, CXCursor c)
{
	struct cursor_tokens t;
	cursor_tokens_of_span(tu, cursor_span_of(c), &t);
	char *s = cursor_tokens_join(&t, 0, t.len);
	cursor_tokens_release(&t);
	return s;
}

struct kids {
	CXCursor *items;
	size_t len, cap;
};

static enum CXChildVisitResult collect_kid(CXCursor c, CXCursor parent, CXClientData data)
{
	struct kids *k = data;
	(void)parent;
	GROW(k->items, k->cap, k->len + 1);
	k->items[k->len++] = c;
	return CXChildVisit_Continue;
}

static struct kids kids_of(CXCursor c)
{
	struct kids k = { NULL, 0, 0 };
	clang_visitChildren(c, collect_kid, &k);
	return k;
}

/* The function an initializer names (`OpenCount::Unload`, `&Unload`, a
 * cast of it), by the name cfg values give it, or NULL: a static member
 * function is named as its class's methods are, without the class. */
static char *named_function(CXCursor v)
{
	for (int depth = 0; depth < 6; depth++) {
		if (v.kind == CXCursor_DeclRefExpr) {
			CXCursor ref = clang_getCursorReferenced(v);
			return ref.kind == CXCursor_FunctionDecl || ref.kind == CXCursor_CXXMethod ? cursor_spelling(ref)
												     : NULL;
		}
		struct kids k = kids_of(v);
		bool one = k.len == 1 || (k.len == 2 && k.items[0].kind == CXCursor_TypeRef);
		CXCursor next = one ? k.items[k.len - 1] : clang_getNullCursor();
		free(k.items);
		if (!one)
			return NULL;
		v = next;
	}
	return NULL;
}

static enum CXVisitorResult collect_field(CXCursor field, CXClientData data)
{
	CXString s = clang_getCursorSpelling(field);
	strvec_push(data, clang_getCString(s));
	clang_disposeString(s);
	return CXVisit_Continue;
}

static bool scalar_type(CXType t)
{
	switch (clang_getCanonicalType(t).kind) {
	case CXType_Bool: case CXType_Char_U: case CXType_UChar: case CXType_UShort: case CXType_UInt:
	case CXType_ULong: case CXType_ULongLong: case CXType_Char_S: case CXType_SChar: case CXType_Short:
	case CXType_Int: case CXType_Long: case CXType_LongLong: case CXType_Enum: case CXType_Pointer:
		return true;
	default:
		return false;
	}
}

/* A file-scope variable this declaration defines: a definition, or in C a
 * tentative one (`static ULONG g_Count;`, no initializer, not extern) that
 * no definition with an initializer in the same file completes. */
static bool defines(CXCursor var)
{
	if (clang_isCursorDefinition(var))
		return true;
	return clang_Cursor_getStorageClass(var) != CX_SC_Extern &&
	       clang_Cursor_isNull(clang_getCursorDefinition(var));
}

/* A scalar variable's value when the driver is loaded: its initializer when
 * that is a constant, 0 when it has none (static storage starts zeroed). */
static bool load_value(CXCursor var, const struct kids *k, long long *value)
{
	if (!scalar_type(clang_getCursorType(var)) || clang_Cursor_getStorageClass(var) == CX_SC_Extern ||
	    !defines(var))
		return false;
	CXCursor init = clang_getNullCursor();
	for (size_t i = 0; i < k->len; i++)
		if (clang_isExpression(clang_getCursorKind(k->items[i])))
			init = k->items[i];
	if (clang_Cursor_isNull(init)) {
		*value = 0;
		return true;
	}
	CXEvalResult r = cursor_is_constant(init) ? cursor_evaluate(init) : NULL;
	bool ok = r && clang_EvalResult_getKind(r) == CXEval_Int;
	if (ok)
		*value = clang_EvalResult_getAsLongLong(r);
	if (r)
		clang_EvalResult_dispose(r);
	return ok;
}

/* A structure defined here without an initializer, plain data (no
 * constructor a C++ object would run): all zero when the driver is loaded. */
static bool zeroed_structure(CXCursor var)
{
	CXType t = clang_getCanonicalType(clang_getCursorType(var));
	return t.kind == CXType_Record && clang_isPODType(t) && defines(var);
}

/* A new entry of `out->globals` for `var`, named and placed: in `header`
 * (NULL: the unit's file). */
static struct global_facts *new_global(struct unit_facts *out, CXCursor var, const char *header)
{
	GROW(out->globals, out->globals_cap, out->nglobals + 1);
	struct global_facts *g = &out->globals[out->nglobals++];
	memset(g, 0, sizeof(*g));
	g->name = cursor_variable_name(var);
	g->header = header ? alloc_strdup(header) : NULL;
	g->loc.file = g->header ? g->header : out->path;
	g->is_static = clang_getCursorLinkage(var) == CXLinkage_Internal;
	clang_getExpansionLocation(clang_getCursorLocation(var), NULL, &g->loc.line, &g->loc.column, NULL);
	return g;
}

static void add_global(struct unit_facts *out, CXTranslationUnit tu, CXCursor var, const char *header)
{
	struct kids k = kids_of(var);
	CXCursor init = clang_getNullCursor();
	for (size_t i = 0; i < k.len; i++)
		if (k.items[i].kind == CXCursor_InitListExpr)
			init = k.items[i];
	long long value;
	bool scalar = clang_Cursor_isNull(init) && load_value(var, &k, &value);
	free(k.items);
	if (scalar) {
		struct global_facts *g = new_global(out, var, header);
		g->scalar = true;
		g->value = value;
		return;
	}
	if (clang_Cursor_isNull(init)) {
		if (zeroed_structure(var)) {
			char *name = cursor_spelling(var);
			if (!strvec_contains(&out->zeroed, name))
				strvec_push(&out->zeroed, name);
			free(name);
		}
		return;
	}
	struct strvec order = STRVEC_INIT;
	clang_Type_visitFields(clang_getCanonicalType(clang_getCursorType(var)), collect_field, &order);

	struct global_facts *g = new_global(out, var, header);

	struct kids values = kids_of(init);
	for (size_t i = 0; i < values.len; i++) {
		CXCursor v = values.items[i];
		char *field = NULL;
		/* A designated initializer (.Size = x) shows as the field's reference then the value. */
		struct kids parts = kids_of(v);
		if (v.kind == CXCursor_UnexposedExpr && parts.len >= 2 && parts.items[0].kind == CXCursor_MemberRef) {
			field = cursor_spelling(parts.items[0]);
			v = parts.items[parts.len - 1];
		} else if (i < order.len) {
			field = alloc_strdup(order.items[i]);
		} else if (!order.len) {
			/* An array's elements, by index: an operation table's rows
			 * name the callbacks the filter registers. */
			field = alloc_printf("[%zu]", i);
		}
		free(parts.items);
		if (!field)
			continue;
		char *text = named_function(v);
		if (!text)
			text = compact_text(tu, v);
		strvec_push(&g->fields, field);
		strvec_push(&g->values, text);
		free(text);
		free(field);
	}
	free(values.items);
	strvec_clear(&order);
}

struct collect {
	CXTranslationUnit tu;
	struct unit_facts *out;
	CXFile main_file;
};

struct field_init {
	int skip;                   /* expressions before the initializer: a bit-field's width */
	bool set;                   /* an initializer whose value is not 0 */
};

static enum CXChildVisitResult field_kid(CXCursor c, CXCursor parent, CXClientData data)
{
	struct field_init *fi = data;
	(void)parent;
	if (!clang_isExpression(clang_getCursorKind(c)))
		return CXChildVisit_Continue;
	if (fi->skip > 0) {
		fi->skip--;
		return CXChildVisit_Continue;
	}
	CXEvalResult r = clang_Cursor_Evaluate(c);
	bool zero = r && clang_EvalResult_getKind(r) == CXEval_Int && clang_EvalResult_getAsLongLong(r) == 0;
	if (r)
		clang_EvalResult_dispose(r);
	fi->set |= !zero;
	return CXChildVisit_Break;
}

/* The fields of a class or structure given a value other than 0 where they
 * are declared (`bool m_On = true;`), into out->set_fields. */
static enum CXChildVisitResult visit_record(CXCursor c, CXCursor parent, CXClientData data)
{
	struct unit_facts *out = data;
	(void)parent;
	enum CXCursorKind kind = clang_getCursorKind(c);
	if (kind == CXCursor_StructDecl || kind == CXCursor_ClassDecl || kind == CXCursor_UnionDecl ||
	    kind == CXCursor_ClassTemplate) {
		clang_visitChildren(c, visit_record, out);
	} else if (kind == CXCursor_FieldDecl) {
		struct field_init fi = { clang_getFieldDeclBitWidth(c) >= 0 ? 1 : 0, false };
		clang_visitChildren(c, field_kid, &fi);
		char *name = cxstring_take(clang_getCursorSpelling(c));
		if (fi.set && name && !strvec_contains(&out->set_fields, name))
			strvec_push(&out->set_fields, name);
		free(name);
	}
	return CXChildVisit_Continue;
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
	struct collect *ctx = data;
	(void)parent;
	CXSourceLocation loc = clang_getCursorLocation(c);
	if (clang_Location_isInSystemHeader(loc))
		return CXChildVisit_Continue;
	enum CXCursorKind kind = clang_getCursorKind(c);
	if (kind == CXCursor_LinkageSpec || kind == CXCursor_Namespace || kind == CXCursor_UnexposedDecl) {
		clang_visitChildren(c, visit_top, ctx);
		return CXChildVisit_Continue;
	}
	if (kind == CXCursor_StructDecl || kind == CXCursor_ClassDecl || kind == CXCursor_ClassTemplate) {
		visit_record(c, parent, ctx->out);
	} else if (kind == CXCursor_FunctionDecl) {
		add_decl(ctx->out, ctx->tu, c);
	} else if (kind == CXCursor_VarDecl && defines(c)) {
		/* The driver's own headers define globals too (system headers were
		 * left above): a registration structure in "filter.h". */
		CXFile f = NULL;
		clang_getExpansionLocation(loc, &f, NULL, NULL, NULL);
		if (f && clang_File_isEqual(f, ctx->main_file)) {
			add_global(ctx->out, ctx->tu, c, NULL);
		} else if (f) {
			char *name = cxstring_take(clang_getFileName(f));
			char *header = name ? path_absolute(name, NULL) : NULL;
			if (header)
				add_global(ctx->out, ctx->tu, c, header);
			free(header);
			free(name);
		}
	}
	return CXChildVisit_Continue;
}

void decls_collect(CXTranslationUnit tu, const char *main_path, struct unit_facts *out)
{
	struct collect ctx = { tu, out, clang_getFile(tu, main_path) };
	clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, &ctx);
}

const char *decls_field_initializer(const struct global_facts *g, const char *field)
{
	for (size_t i = 0; i < g->fields.len; i++)
		if (!strcmp(g->fields.items[i], field))
			return g->values.items[i];
	return NULL;
}

void decls_release(struct unit_facts *facts)
{
	for (size_t i = 0; i < facts->ndecls; i++) {
		free(facts->decls[i].name);
		strvec_clear(&facts->decls[i].specifiers);
		strvec_clear(&facts->decls[i].dispatch_types);
		strvec_clear(&facts->decls[i].function_classes);
		free(facts->decls[i].macro);
	}
	free(facts->decls);
	for (size_t i = 0; i < facts->nglobals; i++) {
		free(facts->globals[i].name);
		free(facts->globals[i].header);
		strvec_clear(&facts->globals[i].fields);
		strvec_clear(&facts->globals[i].values);
	}
	free(facts->globals);
}
