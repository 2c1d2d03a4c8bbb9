/* SPDX-License-Identifier: Apache-2.0 */
/* Synthesized declarations, chosen from the tokens around a name's first
 * use. The header is plain text: what it declares is readable by a person
 * who wants to see what entrycheck assumed. */
#include "front/synth.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/str.h"
#include "front/synth_parts.h"
#include "front/cursor.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

/* The C++ stand-in for a value of unknown type: made from anything, converts
 * to anything, and takes the operators a member of unknown type meets
 * (template conversions alone serve no built-in operator). */
static const char ANY_TYPE[] =
	"struct entrycheck_unknown {\n"
	"  entrycheck_unknown();\n"
	"  template <class T> entrycheck_unknown(const T &);\n"
	"  template <class T> operator T() const;\n"
	"  template <class T> entrycheck_unknown &operator=(const T &);\n"
	"#define ENTRYCHECK_OP(op) template <class T> entrycheck_unknown &operator op(const T &);\n"
	"  ENTRYCHECK_OP(+=) ENTRYCHECK_OP(-=) ENTRYCHECK_OP(*=) ENTRYCHECK_OP(/=) ENTRYCHECK_OP(%=)\n"
	"  ENTRYCHECK_OP(|=) ENTRYCHECK_OP(&=) ENTRYCHECK_OP(^=) ENTRYCHECK_OP(<<=) ENTRYCHECK_OP(>>=)\n"
	"#undef ENTRYCHECK_OP\n"
	"  entrycheck_unknown &operator++(); entrycheck_unknown operator++(int);\n"
	"  entrycheck_unknown &operator--(); entrycheck_unknown operator--(int);\n"
	"  entrycheck_unknown operator*() const;\n"
	"  template <class T> entrycheck_unknown operator[](const T &) const;\n"
	"  template <class... A> entrycheck_unknown operator()(A &&...) const;\n"
	"  bool operator!() const;\n"
	"  entrycheck_unknown operator~() const;\n"
	"  entrycheck_unknown operator-() const;\n"
	"};\n"
	/* Each side deduced, never converted, as the stand-in: were either side
	 * converted to it, `mode == KernelMode` (char and an enumeration) would
	 * be ambiguous, and `handle == 0` (a structure assumed for a handle type)
	 * no error, which is what revises that guess. */
	"template <class U, class T, class R> struct entrycheck_if_one {};\n"
	"template <class T, class R> struct entrycheck_if_one<entrycheck_unknown, T, R> { typedef R type; };\n"
	"template <class R> struct entrycheck_if_one<entrycheck_unknown, entrycheck_unknown, R> {};\n"
	"template <class U, class R> struct entrycheck_if_unknown {};\n"
	"template <class R> struct entrycheck_if_unknown<entrycheck_unknown, R> { typedef R type; };\n"
	"#define ENTRYCHECK_OP(op, R) \\\n"
	"  template <class U, class T> typename entrycheck_if_one<U, T, R>::type operator op(const U &, const T &); \\\n"
	"  template <class T, class U> typename entrycheck_if_one<U, T, R>::type operator op(const T &, const U &); \\\n"
	"  template <class U> typename entrycheck_if_unknown<U, R>::type operator op(const U &, const U &);\n"
	"ENTRYCHECK_OP(==, bool) ENTRYCHECK_OP(!=, bool) ENTRYCHECK_OP(<, bool) ENTRYCHECK_OP(>, bool)\n"
	"ENTRYCHECK_OP(<=, bool) ENTRYCHECK_OP(>=, bool) ENTRYCHECK_OP(&&, bool) ENTRYCHECK_OP(||, bool)\n"
	"ENTRYCHECK_OP(+, entrycheck_unknown) ENTRYCHECK_OP(-, entrycheck_unknown)\n"
	"ENTRYCHECK_OP(*, entrycheck_unknown) ENTRYCHECK_OP(/, entrycheck_unknown)\n"
	"ENTRYCHECK_OP(%, entrycheck_unknown) ENTRYCHECK_OP(|, entrycheck_unknown)\n"
	"ENTRYCHECK_OP(&, entrycheck_unknown) ENTRYCHECK_OP(^, entrycheck_unknown)\n"
	"ENTRYCHECK_OP(<<, entrycheck_unknown) ENTRYCHECK_OP(>>, entrycheck_unknown)\n"
	"#undef ENTRYCHECK_OP\n";

/* What `d` is now taken to be: `decl` (taken over) and the words that say so. */
void synth_revise_decl(struct synth_decl *d, char *decl, const char *assumed)
{
	free(d->decl);
	free(d->assumed);
	d->decl = decl;
	d->assumed = alloc_strdup(assumed);
}

/* Names that by convention are routine role types: EVT_WDF_..., ..._ROUTINE. */
bool synth_is_role_type_name(const char *name)
{
	return !strncmp(name, "EVT_", 4) || str_ends_with(name, "_ROUTINE") ||
	       str_ends_with(name, "_CALLBACK") || str_ends_with(name, "_HANDLER") || str_ends_with(name, "_FN");
}

bool synth_declared(const struct synth *s, const char *name)
{
	for (size_t i = 0; i < s->len; i++)
		if (!s->items[i].member && !strcmp(s->items[i].name, name))
			return true;
	return false;
}

struct synth_decl *synth_record(struct synth *s, const char *name, const char *assumed, CXFile file,
				 unsigned line, unsigned column, unsigned offset)
{
	GROW(s->items, s->cap, s->len + 1);
	struct synth_decl *d = &s->items[s->len++];
	memset(d, 0, sizeof(*d));
	d->name = alloc_strdup(name);
	d->assumed = alloc_strdup(assumed);
	d->file = file ? cxstring_take(clang_getFileName(file)) : NULL;
	d->line = line;
	d->column = column;
	d->offset = offset;
	return d;
}

void synth_add(struct synth *s, const char *name, const char *assumed, CXFile file, unsigned line,
		unsigned column, unsigned offset, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *decl = alloc_vprintf(fmt, ap);
	va_end(ap);
	synth_record(s, name, assumed, file, line, column, offset)->decl = decl;
}

struct synth_struct *synth_struct_by_tag(struct synth *s, const char *tag)
{
	for (size_t i = 0; i < s->nstructs; i++)
		if (!strcmp(s->structs[i].tag, tag))
			return &s->structs[i];
	return NULL;
}

/* The structure of ours a diagnostic names ('struct entrycheck_X' in C,
 * 'entrycheck_X' in C++), or NULL. */
struct synth_struct *synth_struct_in_message(struct synth *s, const char *message, const char *prefix)
{
	const char *p = strstr(message, prefix);
	if (!p)
		return NULL;
	p += strlen(prefix);
	if (!strncmp(p, "const ", 6)) /* `const XDP_HOOK_ID Id = { .Layer = ... }` */
		p += 6;
	if (!strncmp(p, "struct ", 7))
		p += 7;
	const char *end = strchr(p, '\'');
	if (!end)
		return NULL;
	char *tag = alloc_strndup(p, (size_t)(end - p));
	struct synth_struct *st = synth_struct_by_tag(s, tag); /* ours: entrycheck_X, or a tag (synth_tag) */
	free(tag);
	return st;
}

/* A structure of ours under `tag` (taken): entrycheck_NAME for a type
 * name, or a missing header's own tag (synth_tag). Its body is written before
 * every declaration (see synth_write), so members may name it by value. */
struct synth_struct *synth_struct_new_tagged(struct synth *s, char *tag, bool defined)
{
	struct synth_struct *st = synth_struct_by_tag(s, tag);
	if (st) {
		free(tag);
		st->defined |= defined;
		return st;
	}
	GROW(s->structs, s->cap_structs, s->nstructs + 1);
	st = &s->structs[s->nstructs++];
	memset(st, 0, sizeof(*st));
	st->tag = tag;
	st->defined = defined;
	return st;
}

struct synth_struct *synth_struct_new(struct synth *s, const char *name, bool defined)
{
	return synth_struct_new_tagged(s, alloc_printf("entrycheck_%s", name), defined);
}

/* How notes name a structure of ours: X for entrycheck_X, `struct X` for a
 * tag of a missing header (synth_tag). */
char *synth_struct_shown_name(const struct synth_struct *st)
{
	return strncmp(st->tag, "entrycheck_", 11) ? alloc_printf("struct %s", st->tag) : alloc_strdup(st->tag + 11);
}

/* Adds member `member` to `st`, typed by the token after its use: a
 * structure of ours when its own members are reached (`.` or `->`), a
 * routine pointer when called, a pointer when indexed, else a value of
 * unknown type (C: an integer, which C's implicit conversions let stand for a
 * pointer too; C++: entrycheck_unknown). */
void synth_struct_add_member(struct synth *s, struct synth_struct *st, const char *member, bool scoped, bool type,
			     const struct token *after, CXFile file, unsigned line, unsigned column,
		       unsigned offset)
{
	if (strvec_contains(&st->members, member))
		return;
	bool tagged = strncmp(st->tag, "entrycheck_", 11) != 0;
	const char *owner = tagged ? st->tag : st->tag + strlen("entrycheck_");
	char *shown = synth_struct_shown_name(st);
	char *assumed;
	if (scoped && s->cplusplus && synth_token_is(after, "::")) {
		/* `Outer::Inner::Member`: a class in the class. */
		char *inner = alloc_printf("%s_%s", owner, member);
		size_t index = (size_t)(st - s->structs);
		synth_struct_new(s, inner, true);
		st = &s->structs[index]; /* synth_struct_new may have moved the array */
		strvec_pushf(&st->types, "typedef struct entrycheck_%s %%s", inner);
		assumed = alloc_printf("a class in %s", shown);
		free(inner);
	} else if (scoped && s->cplusplus && type && !synth_token_is(after, "(")) {
		/* `Class::Type name`: a type of the class. */
		strvec_push(&st->types, "typedef entrycheck_unknown %s");
		assumed = alloc_printf("a member type of %s", shown);
	} else if (scoped && s->cplusplus) {
		/* `Class::Member`: a static routine or value of the class. */
		bool routine = synth_token_is(after, "(");
		strvec_push(&st->types, routine ? "template <class... A> static entrycheck_unknown %s(A &&...)"
						: "static " UNKNOWN_MEMBER_TYPE " %s");
		assumed = alloc_printf("a static %s of %s", routine ? "routine" : "member", shown);
	} else if (synth_token_is(after, ".") || synth_token_is(after, "->")) {
		char *inner = alloc_printf("%s_%s", owner, member);
		size_t index = (size_t)(st - s->structs);
		synth_struct_new(s, inner, synth_token_is(after, "."));
		st = &s->structs[index]; /* synth_struct_new may have moved the array */
		strvec_pushf(&st->types, "struct entrycheck_%s %s%%s", inner, synth_token_is(after, ".") ? "" : "*");
		assumed = alloc_printf("a %s member of %s", synth_token_is(after, ".") ? "structure" : "pointer", shown);
		free(inner);
	} else if (synth_token_is(after, "(")) {
		strvec_push(&st->types, s->cplusplus ? "entrycheck_unknown (*%s)(...)" : "long (*%s)()");
		assumed = alloc_printf("a routine pointer member of %s", shown);
	} else if (synth_token_is(after, "[")) {
		strvec_push(&st->types, s->cplusplus ? "entrycheck_unknown *%s" : "long long *%s");
		assumed = alloc_printf("a pointer member of %s", shown);
	} else {
		strvec_push(&st->types, s->cplusplus ? UNKNOWN_MEMBER : SCALAR_MEMBER);
		assumed = alloc_printf("a member of %s", shown);
	}
	strvec_push(&st->members, member);
	st->defined = true;
	synth_record(s, member, assumed, file, line, column, offset)->member = true;
	free(assumed);
	free(shown);
}

bool synth_has_lower(const char *name)
{
	for (; *name; name++)
		if (islower((unsigned char)*name))
			return true;
	return false;
}

/* Our declaration of `name` (not a member) of a kind `kind` accepts, or NULL. */
static struct synth_decl *assumed_as(struct synth *s, const char *name, bool (*kind)(const char *assumed))
{
	for (size_t i = 0; i < s->len; i++)
		if (!s->items[i].member && !strcmp(s->items[i].name, name) && kind(s->items[i].assumed))
			return &s->items[i];
	return NULL;
}

bool synth_is_value_kind(const char *assumed)
{
	return !strcmp(assumed, "a variable") || !strcmp(assumed, "a constant");
}

/* Any variable not yet declared ahead of its definition. */
bool synth_is_variable_kind(const char *assumed)
{
	return strstr(assumed, "variable") && !strstr(assumed, "ahead");
}

/* Our declaration of `name` (of `kind`) that a redefinition revises: the
 * one the diagnostic `diag` is at, when the cursor there is a `want` that
 * names `name` (left in `*at`). */
struct synth_decl *synth_redefined_decl(struct synth *s, const char *name, bool (*kind)(const char *assumed),
					enum CXCursorKind want, CXDiagnostic diag, CXTranslationUnit tu, CXCursor *at)
{
	struct synth_decl *ours = assumed_as(s, name, kind);
	*at = ours ? clang_getCursor(tu, clang_getDiagnosticLocation(diag)) : clang_getNullCursor();
	char *spelled = at->kind == want ? cursor_spelling(*at) : NULL;
	bool same = spelled && !strcmp(spelled, name);
	free(spelled);
	return same ? ours : NULL;
}

/* A case label's constant, distinct for each assumed name (its index): the
 * low byte starts high, so a switch on a UCHAR (IRP minor codes) keeps the
 * labels apart from the small values the kit's constants have. */
char *synth_case_constant(const char *name, size_t index)
{
	return alloc_printf("enum entrycheck_constant_%s { %s = 0x7ec000c0 + %zu };", name, name, index);
}

/* An undeclared identifier's first use and the strongest use seen. */
struct pending_name {
	char *name;
	enum use use;
	unsigned uses;        /* every use seen, as bits 1 << USE_... */
	CXFile file;
	unsigned line, column, offset;
};

int synth_from_diagnostics(struct synth *s, CXTranslationUnit tu)
{
	size_t before = s->len;
	int revised = 0;
	struct pending_name *names = NULL;
	size_t nnames = 0, cap = 0;
	for (unsigned i = 0, n = clang_getNumDiagnostics(tu); i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		if (clang_getDiagnosticSeverity(d) < CXDiagnostic_Error) {
			clang_disposeDiagnostic(d);
			continue;
		}
		char *message = cxstring_take(clang_getDiagnosticSpelling(d));
		if (synth_revise(s, message, tu, clang_getDiagnosticLocation(d)) ||
		    synth_retype_argument(s, message, d, tu) || synth_retype_member_pointer(s, message, d) ||
		    synth_retype_opaque(s, message) ||
		    synth_retype_called(s, message, tu, clang_getDiagnosticLocation(d)) ||
		    synth_retype_reached(s, message, tu, clang_getDiagnosticLocation(d)) ||
		    synth_retype_reached_type(s, message) ||
		    synth_retype_call_reached(s, message, tu, clang_getDiagnosticLocation(d)) ||
		    synth_retype_constant(s, message, tu, clang_getDiagnosticLocation(d)) ||
		    synth_out_of_line(s, message, tu, clang_getDiagnosticLocation(d)) ||
		    synth_prototype(s, message, d, tu) || synth_redefined(s, message, d, tu) ||
		    synth_retyped_variable(s, message, d, tu) || synth_distinct_cases(s, message) ||
		    synth_retype_pointer(s, message)) {
			revised++;
			free(message);
			clang_disposeDiagnostic(d);
			continue;
		}
		if (synth_member(s, message, tu, clang_getDiagnosticLocation(d)) ||
		    synth_tag(s, message, clang_getDiagnosticLocation(d)) ||
		    synth_after_string(s, message, tu, clang_getDiagnosticLocation(d)) ||
		    synth_operator_argument(s, message, tu, clang_getDiagnosticLocation(d))) {
			free(message);
			clang_disposeDiagnostic(d);
			continue;
		}
		char *type = synth_quoted_name(message, "unknown type name ");
		char *ident = type ? NULL : synth_quoted_name(message, "use of undeclared identifier ");
		const char *name = type ? type : ident;
		CXSourceLocation loc = clang_getDiagnosticLocation(d);
		/* Our declarations come before the file's headers, so a name unknown in
		 * them (a type of the driver's header in a class's method) is not
		 * missing: declaring it would clash with the header's own. */
		if (name && !synth_declared(s, name) && !clang_Location_isInSystemHeader(loc) && !synth_header_at(loc)) {
			CXFile file;
			unsigned line, column, offset;
			clang_getFileLocation(loc, &file, &line, &column, &offset);
			if (type && !synth_vexing_parse(s, tu, file, offset, name)) {
				synth_type(s, name, tu, file, line, column, offset);
			} else {
				enum use use = synth_identifier_use(tu, file, offset, name);
				size_t k = 0;
				while (k < nnames && strcmp(names[k].name, name))
					k++;
				if (k == nnames) {
					GROW(names, cap, nnames + 1);
					names[nnames++] = (struct pending_name){ alloc_strdup(name), use, 0, file, line,
										 column, offset };
				} else if (use > names[k].use) {
					names[k].use = use;
				}
				names[k].uses |= 1u << use;
			}
		}
		free(type);
		free(ident);
		free(message);
		clang_disposeDiagnostic(d);
	}
	/* Types first: once declarations parse, the variables they declare are
	 * no longer undeclared identifiers, so those wait for the next round. */
	bool types = s->len > before;
	for (size_t k = 0; k < nnames && !types; k++)
		types = names[k].use == USE_TYPE;
	for (size_t k = 0; k < nnames; k++) {
		/* C++: a routine of a missing header both called and stored
		 * (`Unload = X; ... X(d);`) is a value of unknown type, which
		 * converts to a routine pointer and takes a call. */
		unsigned read = 1u << USE_VARIABLE | 1u << USE_CONSTANT;
		if (s->cplusplus && names[k].use == USE_FUNCTION && (names[k].uses & read))
			names[k].use = USE_VARIABLE;
		if (synth_declared(s, names[k].name) || (types && names[k].use != USE_TYPE))
			;
		else if (names[k].use == USE_TYPE)
			synth_type(s, names[k].name, tu, names[k].file, names[k].line, names[k].column,
				   names[k].offset);
		else
			synth_identifier(s, names[k].name, names[k].use, names[k].file, names[k].line,
					 names[k].column, names[k].offset);
		if (!types && names[k].use == USE_STRING)
			synth_string_chain(s, tu, names[k].file, names[k].offset, names[k].name);
		free(names[k].name);
	}
	free(names);
	return (int)(s->len - before) + revised;
}

/* Writes the body of structure i after those of the structures its members
 * hold by value; state: 0 not yet, 1 being written (a cycle, which clang
 * will report), 2 written. */
static void write_body(FILE *f, const struct synth *s, size_t i, unsigned char *state)
{
	const struct synth_struct *st = &s->structs[i];
	if (state[i] || !st->defined)
		return;
	state[i] = 1;
	for (size_t m = 0; m < st->members.len; m++) {
		/* `struct entrycheck_X %s`, or a class in the class:
		 * `typedef struct entrycheck_X %s`. */
		const char *type = st->types.items[m], *held = strstr(type, "struct entrycheck_");
		if (!held || strchr(type, '*'))
			continue;
		size_t n = strcspn(held + 7, " ");
		for (size_t k = 0; k < s->nstructs; k++)
			if (strlen(s->structs[k].tag) == n && !strncmp(s->structs[k].tag, held + 7, n))
				write_body(f, s, k, state);
	}
	fprintf(f, "struct %s {\n  int entrycheck_opaque;\n", st->tag);
	for (size_t m = 0; m < st->members.len; m++) {
		const char *type = st->types.items[m], *hole = strstr(type, "%s");
		fprintf(f, "  %.*s%s%s;\n", (int)(hole - type), type, st->members.items[m], hole + 2);
	}
	fputs("};\n", f);
	state[i] = 2;
}

/* The declarations that are not members: type names and macros (early), or
 * the others. */
static void write_items(FILE *f, const struct synth *s, bool early)
{
	for (size_t i = 0; i < s->len; i++) {
		const char *decl = s->items[i].decl;
		if (s->items[i].member || !decl)
			continue;
		if ((!strncmp(decl, "typedef ", 8) || !strncmp(decl, "#define ", 8)) == early)
			fprintf(f, "%s /* entrycheck: %s */\n", decl, s->items[i].assumed);
	}
}

int synth_write(const struct synth *s, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("/* Declarations entrycheck assumed for names no header declared. */\n", f);
	if (s->cplusplus)
		fputs(ANY_TYPE, f);
	/* Type names and macros first: a structure's members may name them (a
	 * class's method takes a class of the missing header), and they need no
	 * body (a typedef of a structure declares its tag). Then the bodies, each
	 * after the bodies of the structures it holds by value; then the rest. */
	write_items(f, s, true);
	unsigned char *state = alloc_zeroed(s->nstructs ? s->nstructs : 1, 1);
	for (size_t i = s->nstructs; i-- > 0;)
		write_body(f, s, i, state);
	free(state);
	write_items(f, s, false);
	return fclose(f) == 0 ? 0 : -1;
}

bool synth_header_at(CXSourceLocation loc)
{
	CXFile file = NULL;
	clang_getFileLocation(loc, &file, NULL, NULL, NULL);
	char *name = file ? cxstring_take(clang_getFileName(file)) : NULL;
	bool ours = name && !strcmp(path_basename(name), SYNTH_HEADER);
	free(name);
	return ours;
}

bool synth_shapes_declarations(const struct synth_decl *d)
{
	if (d->member || !d->decl)
		return false;
	if (!strncmp(d->decl, "typedef ", 8))
		return true;
	/* `#define NAME`, not a string, a value or a function-like macro. */
	return !strncmp(d->decl, "#define ", 8) && !strcmp(d->decl + 8, d->name);
}

void synth_release(struct synth *s)
{
	for (size_t i = 0; i < s->len; i++) {
		free(s->items[i].name);
		free(s->items[i].assumed);
		free(s->items[i].file);
		free(s->items[i].decl);
	}
	free(s->items);
	for (size_t i = 0; i < s->nstructs; i++) {
		free(s->structs[i].tag);
		strvec_clear(&s->structs[i].members);
		strvec_clear(&s->structs[i].types);
	}
	free(s->structs);
	memset(s, 0, sizeof(*s));
}

bool synth_unknown_conversion(CXCursor call)
{
	CXCursor decl = clang_getCursorReferenced(call);
	if (decl.kind != CXCursor_ConversionFunction)
		return false;
	char *owner = cursor_spelling(clang_getCursorSemanticParent(decl));
	bool yes = !strcmp(owner, "entrycheck_unknown");
	free(owner);
	return yes;
}
