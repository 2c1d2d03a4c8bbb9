/* SPDX-License-Identifier: Apache-2.0 */
/* Types: the guesses for a name used as a type or a structure tag, and their revisions
 * when a diagnostic shows the code uses the name otherwise (a pointer, a structure, a number). */
#include "front/synth.h"
#include "base/alloc.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "front/synth_parts.h"
#include "front/cursor.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

/* `NAME const x = {...}`: a qualifier, then the declarator, after the name
 * make the name the type (before `const GUID x`, a macro would have a type
 * next). */
static bool qualified_declaration(CXTranslationUnit tu, CXFile file, unsigned offset, const char *name)
{
	size_t len = 0, next;
	const char *text = clang_getFileContents(tu, file, &len);
	struct token qualifier, declarator, after;
	synth_token_after(text, len, offset + strlen(name), &qualifier, &next);
	if (!synth_token_is(&qualifier, "const") && !synth_token_is(&qualifier, "volatile"))
		return false;
	synth_token_after(text, len, next, &declarator, &next);
	synth_token_after(text, len, next, &after, &next);
	return declarator.kind == TOK_IDENT && after.kind == TOK_PUNCT && strchr("=;[,)", after.text[0]);
}

void synth_type(struct synth *s, const char *name, CXTranslationUnit tu, CXFile file,
		       unsigned line, unsigned column, unsigned offset)
{
	struct token before, after, after2;
	bool known = synth_tokens_around(tu, file, offset, name, &before, &after, &after2);
	if (known && synth_token_is(&after, "::"))
		return; /* a namespace or class we cannot invent members for */
	/* `NAME NTSTATUS F(`, `NAME VOID *p`, `NAME extern "C" ...`, `NAME static
	 * void f(`: a code-segment or annotation macro before a declaration. */
	if (known && !qualified_declaration(tu, file, offset, name) &&
	    ((after.kind == TOK_IDENT && (after2.kind == TOK_IDENT || synth_token_is(&after2, "*"))) ||
	     synth_token_is_storage_class(&after)))
		synth_add(s, name, "an attribute-like macro that expands to nothing", file, line, column,
		    offset, "#define %s", name);
	else if (synth_is_role_type_name(name))
		synth_add(s, name, "a routine type", file, line, column, offset,
		    s->cplusplus ? "typedef long %s(...);" : "typedef long %s();", name);
	else if ((name[0] == 'P' || name[0] == 'p') && isupper((unsigned char)name[1])) {
		/* PDEVICE_EXTENSION, and the Hungarian pMPDriverInfo. It points to
		 * the structure DEVICE_EXTENSION would be, should that name turn up
		 * too (CONTAINING_RECORD(e, DEVICE_EXTENSION, Link) assigned to one). */
		synth_struct_new(s, name + 1, false);
		synth_add(s, name, "a pointer to an opaque structure", file, line, column, offset,
		    "typedef struct entrycheck_%s *%s;", name + 1, name);
	} else {
		synth_struct_new(s, name, true);
		synth_add(s, name, "an opaque structure type", file, line, column, offset,
		    "typedef struct entrycheck_%s %s;", name, name);
	}
}

/* A structure tag of a missing header that the code needs complete
 * (`struct btrfs_key k;`, sizeof, `p->f`, "... incomplete type 'struct
 * btrfs_key'") is defined with the members its uses name. Not the kit's
 * opaque tags (_KTHREAD, _OBJECT_TYPE): those begin with an underscore. */
bool synth_tag(struct synth *s, const char *message, CXSourceLocation loc)
{
	const char *p = strstr(message, "incomplete") ? strstr(message, "'struct ") : NULL;
	if (!p || clang_Location_isInSystemHeader(loc)) /* the model's own gaps are not guessed at */
		return false;
	p += 8;
	size_t n = 0;
	while (str_ident_char(p[n]))
		n++;
	if (!n || p[n] != '\'' || p[0] == '_' || !strncmp(p, "entrycheck_", 11))
		return false;
	char *tag = alloc_strndup(p, n);
	bool added = !synth_struct_by_tag(s, tag);
	if (added) {
		CXFile file;
		unsigned line, column, offset;
		clang_getFileLocation(loc, &file, &line, &column, &offset);
		synth_struct_new_tagged(s, alloc_strdup(tag), true);
		char *name = alloc_printf("struct %s", tag);
		synth_add(s, name, "a structure", file, line, column, offset, "struct %s;", tag);
		free(name);
	}
	free(tag);
	return added;
}

/* Second looks, once a guess met its use:
 * - C: a member assumed an integer that is assigned a structure ("assigning
 *   to 'long long' from incompatible type 'GUID'") takes that type, when a
 *   header of the model declares it (the assumed header is read after the
 *   model, before the driver's own headers) or it is a structure of ours;
 * - an all-capitals name assumed a function that stands in a constant
 *   initializer (`{ MAKE_VERSION(1, 0) }`) is a function-like macro. */
bool synth_revise(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	CXFile file;
	unsigned offset;
	size_t len;
	const char *text = synth_file_text_at(tu, loc, &file, &offset, &len);
	if (!text)
		return false;
	static const char assigning[] = "assigning to 'long long' from incompatible type '";
	if (!s->cplusplus && !strncmp(message, assigning, sizeof(assigning) - 1)) {
		struct token member, op;
		size_t rhs;
		synth_token_before(text, offset, &member);
		synth_token_after(text, len, offset, &op, &rhs);
		while (rhs < len && isspace((unsigned char)text[rhs]))
			rhs++;
		if (member.kind != TOK_IDENT || !synth_token_is(&op, "="))
			return false;
		/* The value's type, when a model header declares it by a name, or
		 * when it is a structure of ours (then held by value, so given a
		 * body). */
		CXCursor value = clang_getCursor(tu, clang_getLocationForOffset(tu, file, (unsigned)rhs));
		CXType type = clang_getCursorType(value);
		CXCursor decl = clang_getTypeDeclaration(type);
		char *canonical = cxstring_take(clang_getTypeSpelling(clang_getCanonicalType(type)));
		struct synth_struct *ours =
			!strncmp(canonical, "struct entrycheck_", 18) ? synth_struct_by_tag(s, canonical + 7) : NULL;
		free(canonical);
		char *name;
		if (ours) {
			ours->defined = true;
			name = alloc_printf("struct %s", ours->tag);
		} else if (s->prelude && (decl.kind == CXCursor_TypedefDecl || decl.kind == CXCursor_StructDecl) &&
			   clang_Location_isInSystemHeader(clang_getCursorLocation(decl))) {
			char *spelled = cursor_spelling(decl);
			name = decl.kind == CXCursor_StructDecl ? alloc_printf("struct %s", spelled) : alloc_strdup(spelled);
			free(spelled);
		} else {
			return false;
		}
		bool revised = false;
		for (size_t i = 0; i < s->nstructs; i++) {
			struct synth_struct *st = &s->structs[i];
			for (size_t m = 0; m < st->members.len; m++) {
				if (strcmp(st->members.items[m], member.text) ||
				    strcmp(st->types.items[m], SCALAR_MEMBER))
					continue;
				free(st->types.items[m]);
				st->types.items[m] = alloc_printf("%s %%s", name);
				revised = true;
			}
		}
		free(name);
		return revised;
	}
	if (s->cplusplus && (!strcmp(message, "no matching function for call to 'operator new'") ||
			     !strcmp(message, "no matching function for call to 'operator new[]'"))) {
		/* A placement form of a missing header (`new (PoolType, Tag) T`). */
		if (synth_declared(s, "operator new"))
			return false;
		unsigned line, column;
		clang_getFileLocation(loc, NULL, &line, &column, NULL);
		synth_add(s, "operator new", "a placement allocation function", file, line, column, offset,
		    "template <class T, class... A> void *operator new(decltype(sizeof 0), const T &, const A &...);\n"
		    "template <class T, class... A> void *operator new[](decltype(sizeof 0), const T &, const A &...);");
		return true;
	}
	if (!strcmp(message, "initializer element is not a compile-time constant") ||
	    !strcmp(message, "initializer element is not constant")) {
		struct token name;
		size_t next;
		synth_token_after(text, len, offset, &name, &next);
		for (size_t i = 0; i < s->len && name.kind == TOK_IDENT && !synth_has_lower(name.text); i++) {
			struct synth_decl *d = &s->items[i];
			if (d->member || strcmp(d->name, name.text) || strncmp(d->assumed, "a function", 10))
				continue;
			synth_revise_decl(d, alloc_printf("#define %s(...) 0", d->name), "a function-like macro for a constant");
			return true;
		}
		/* C declared the call implicitly, where it is made. */
		CXCursor ref = clang_getCursorReferenced(
			clang_getCursor(tu, clang_getLocationForOffset(tu, file, offset)));
		unsigned at;
		clang_getFileLocation(clang_getCursorLocation(ref), NULL, NULL, NULL, &at);
		if (!s->cplusplus && name.kind == TOK_IDENT && !synth_has_lower(name.text) &&
		    !synth_declared(s, name.text) &&
		    ref.kind == CXCursor_FunctionDecl && at == offset) {
			unsigned line, column;
			clang_getFileLocation(loc, NULL, &line, &column, NULL);
			synth_add(s, name.text, "a function-like macro for a constant", file, line, column, offset,
			    "#define %s(...) 0", name.text);
			return true;
		}
	}
	return false;
}

/* The name whose address the `n`th argument (from 1) of the call whose
 * callee starts at `at` takes (`&v`, `&x.M`, `&p->M`; `*member` says which
 * form), or NULL. */
static char *address_argument(const char *text, size_t len, size_t at, unsigned n, bool *member)
{
	while (at < len && text[at] != '(' && text[at] != ';')
		at++;
	if (at >= len || text[at] != '(')
		return NULL;
	size_t start = ++at;
	unsigned index = 1;
	int depth = 0;
	for (; at < len && depth >= 0; at++) {
		char c = text[at];
		if (c == '(' || c == '[' || c == '{')
			depth++;
		else if (c == ')' || c == ']' || c == '}')
			depth--;
		if ((depth < 0 || (depth == 0 && c == ',')) && index++ == n)
			break;
		if (depth == 0 && c == ',')
			start = at + 1;
	}
	if (at >= len || index <= n)
		return NULL;
	while (start < at && isspace((unsigned char)text[start]))
		start++;
	size_t end = at;
	while (end > start && isspace((unsigned char)text[end - 1]))
		end--;
	size_t m = end;
	while (m > start && str_ident_char(text[m - 1]))
		m--;
	if (start >= end || text[start] != '&' || m == end)
		return NULL;
	size_t before = m;
	while (before > start + 1 && isspace((unsigned char)text[before - 1]))
		before--;
	*member = text[before - 1] == '.' || (text[before - 1] == '>' && before >= 2 && text[before - 2] == '-') ||
		  (text[before - 1] == ':' && before >= 2 && text[before - 2] == ':');
	if (!*member && before != start + 1)
		return NULL;
	return alloc_strndup(text + m, end - m);
}

/* C++: a variable or member assumed of unknown type whose address a
 * routine of the model takes (`InitializeListHead(&g.Head)`,
 * `IoCreateDevice(..., &Device)`) is of the type that routine points to;
 * the note on the candidate says which. */
bool synth_retype_argument(struct synth *s, const char *message, CXDiagnostic d, CXTranslationUnit tu)
{
	if (!s->cplusplus || !s->prelude || strncmp(message, "no matching function for call to '", 34))
		return false;
	CXFile file;
	unsigned offset;
	size_t len;
	const char *text = synth_file_text_at(tu, clang_getDiagnosticLocation(d), &file, &offset, &len);
	static const char from[] = "candidate function not viable: no known conversion from 'entrycheck_unknown *' to '";
	bool revised = false;
	CXDiagnosticSet notes = clang_getChildDiagnostics(d);
	for (unsigned i = 0, n = notes ? clang_getNumDiagnosticsInSet(notes) : 0; text && i < n; i++) {
		CXDiagnostic note = clang_getDiagnosticInSet(notes, i);
		char *said = cxstring_take(clang_getDiagnosticSpelling(note));
		clang_disposeDiagnostic(note);
		const char *type = !strncmp(said, from, sizeof(from) - 1) ? said + sizeof(from) - 1 : NULL;
		const char *type_end = type ? strchr(type, '\'') : NULL;
		const char *ordinal = type_end ? strstr(type_end, " for ") : NULL;
		bool member = false;
		char *name = ordinal ? address_argument(text, len, offset, (unsigned)atoi(ordinal + 5), &member) : NULL;
		char *target = name ? alloc_strndup(type, (size_t)(type_end - type)) : NULL;
		if (target && !strstr(target, "entrycheck_")) {
			for (size_t k = 0; member && k < s->nstructs; k++) {
				struct synth_struct *st = &s->structs[k];
				for (size_t m = 0; m < st->members.len; m++) {
					bool is_static = !strcmp(st->types.items[m], "static " UNKNOWN_MEMBER_TYPE " %s");
					if (strcmp(st->members.items[m], name) ||
					    (strcmp(st->types.items[m], UNKNOWN_MEMBER) && !is_static))
						continue;
					free(st->types.items[m]);
					st->types.items[m] = alloc_printf("%s__typeof__(*(%s)0) %%s", is_static ? "static " : "", target);
					revised = true;
				}
			}
			for (size_t k = 0; !member && k < s->len; k++) {
				struct synth_decl *v = &s->items[k];
				if (v->member || strcmp(v->name, name) || strncmp(v->decl, "extern entrycheck_unknown ", 26))
					continue;
				free(v->decl);
				v->decl = alloc_printf("extern __typeof__(*(%s)0) %s;", target, name);
				revised = true;
			}
		}
		free(target);
		free(name);
		free(said);
	}
	return revised;
}

/* C++: a member assumed a pointer to a structure of ours, for the members
 * reached through it (`ext->Lower->DriverObject`), that the code passes to a
 * routine of the model (`IoCallDriver(ext->Lower, Irp)`) is of the type the
 * routine takes, which has those members; the note on the candidate says
 * which. */
bool synth_retype_member_pointer(struct synth *s, const char *message, CXDiagnostic d)
{
	if (!s->cplusplus || !s->prelude || strncmp(message, "no matching function for call to '", 34))
		return false;
	static const char from[] = "candidate function not viable: no known conversion from 'struct ";
	bool revised = false;
	CXDiagnosticSet notes = clang_getChildDiagnostics(d);
	for (unsigned i = 0, n = notes ? clang_getNumDiagnosticsInSet(notes) : 0; i < n; i++) {
		CXDiagnostic note = clang_getDiagnosticInSet(notes, i);
		char *said = cxstring_take(clang_getDiagnosticSpelling(note));
		clang_disposeDiagnostic(note);
		const char *tag = !strncmp(said, from, sizeof(from) - 1) ? said + sizeof(from) - 1 : NULL;
		const char *tag_end = tag ? strstr(tag, " *' to '") : NULL;
		const char *type = tag_end ? tag_end + 8 : NULL;
		const char *type_end = type ? strchr(type, '\'') : NULL;
		if (!type_end || strncmp(tag, "entrycheck_", 11)) {
			free(said);
			continue;
		}
		char *held = alloc_printf("struct %.*s *%%s", (int)(tag_end - tag), tag);
		char *target = alloc_strndup(type, (size_t)(type_end - type));
		for (size_t k = 0; !strstr(target, "entrycheck_") && k < s->nstructs; k++) {
			struct synth_struct *st = &s->structs[k];
			for (size_t m = 0; m < st->types.len; m++) {
				if (strcmp(st->types.items[m], held))
					continue;
				free(st->types.items[m]);
				st->types.items[m] = alloc_printf("__typeof__((%s)0) %%s", target);
				revised = true;
				char *owner = synth_struct_shown_name(st);
				char *was = alloc_printf("a pointer member of %s", owner);
				for (size_t r = 0; r < s->len; r++) {
					struct synth_decl *rec = &s->items[r];
					if (!rec->member || strcmp(rec->name, st->members.items[m]) ||
					    strcmp(rec->assumed, was))
						continue;
					free(rec->assumed);
					rec->assumed = alloc_printf("a member of %s, a %s as a routine of the kit takes it",
								 owner, target);
				}
				free(was);
				free(owner);
			}
		}
		free(held);
		free(target);
		free(said);
	}
	return revised;
}

/* An opaque structure assumed for a type name that the code then uses as a
 * number (`XDP_STATUS s = XdpInit(); if (s != 0)`, `bool ok = TRUE`) is an
 * integer type (C) or a value of unknown type (C++) instead: any error
 * naming it that is not about its members (a designator names one) says so. */
bool synth_retype_opaque(struct synth *s, const char *message)
{
	const char *p = strstr(message, "'struct entrycheck_");
	p = p ? p + 19 : (p = strstr(message, "'entrycheck_")) ? p + 12 : NULL;
	const char *end = p ? strchr(p, '\'') : NULL;
	if (!end || strstr(message, "member") || strstr(message, "incomplete") ||
	    !strncmp(message, "out-of-line definition", 22) || !strncmp(message, "field designator '", 18))
		return false;
	char *name = alloc_strndup(p, (size_t)(end - p));
	char *tag = alloc_printf("entrycheck_%s", name);
	const struct synth_struct *st = synth_struct_by_tag(s, tag);
	free(tag);
	bool revised = false;
	for (size_t i = 0; st && !st->members.len && i < s->len && !revised; i++) {
		struct synth_decl *d = &s->items[i];
		if (d->member || strcmp(d->name, name) || strcmp(d->assumed, "an opaque structure type"))
			continue;
		synth_revise_decl(d, alloc_printf(s->cplusplus ? "typedef entrycheck_unknown %s;" : "typedef long long %s;", name),
		       s->cplusplus ? "a type of unknown kind" : "an integer type");
		revised = true;
	}
	free(name);
	return revised;
}

/* A member assumed a value of unknown type that the code then reaches into
 * (`g->Device = NULL;` first, `g->Device->Flags` later) is a structure of
 * ours, or a pointer to one, given the members used. Clang reports the
 * member after the operator (C) or the operator (C++). */
bool synth_retype_reached(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	const char *unknown = s->cplusplus ? "entrycheck_unknown" : "long long";
	char *through_arrow = alloc_printf("member reference type '%s' is not a pointer", unknown);
	char *through_dot = alloc_printf("member reference base type '%s' is not a structure or union", unknown);
	bool arrow = !strncmp(message, through_arrow, strlen(through_arrow));
	bool dot = !arrow && !strncmp(message, through_dot, strlen(through_dot));
	/* C++ at the member after the operator: "no member named 'M' in 'entrycheck_unknown'". */
	const char *in_unknown = strstr(message, "' in 'entrycheck_unknown'");
	dot |= s->cplusplus && !strncmp(message, "no member named '", 17) && in_unknown && !in_unknown[25];
	free(through_arrow);
	free(through_dot);
	CXFile file;
	unsigned offset;
	size_t len;
	const char *text = arrow || dot ? synth_file_text_at(tu, loc, &file, &offset, &len) : NULL;
	if (!text)
		return false;
	size_t at = offset;
	if (str_ident_char(text[at])) { /* C: at the member after the operator */
		struct token op;
		synth_token_before(text, at, &op);
		while (at > 0 && isspace((unsigned char)text[at - 1]))
			at--;
		at -= strlen(op.text);
	}
	struct token op, member;
	size_t after;
	synth_token_after(text, len, at, &op, &after);
	synth_token_before(text, at, &member);
	if (member.kind != TOK_IDENT || !(synth_token_is(&op, "->") || synth_token_is(&op, ".")))
		return false;
	const char *scalar = s->cplusplus ? UNKNOWN_MEMBER : SCALAR_MEMBER;
	bool revised = false;
	for (size_t k = 0; k < s->nstructs; k++) {
		for (size_t m = 0; m < s->structs[k].members.len; m++) {
			struct synth_struct *st = &s->structs[k];
			if (strcmp(st->members.items[m], member.text) || strcmp(st->types.items[m], scalar))
				continue;
			/* A structure named in a message keeps the code's own tag. */
			const char *outer = st->tag;
			if (!strncmp(outer, "entrycheck_", strlen("entrycheck_")))
				outer += strlen("entrycheck_");
			char *inner = alloc_printf("%s_%s", outer, member.text);
			synth_struct_new(s, inner, synth_token_is(&op, "."));
			st = &s->structs[k]; /* synth_struct_new may have moved the array */
			free(st->types.items[m]);
			st->types.items[m] =
				alloc_printf("struct entrycheck_%s %s%%s", inner, synth_token_is(&op, ".") ? "" : "*");
			free(inner);
			revised = true;
		}
	}
	return revised;
}

/* C++: a routine of a class of ours defined out of line (`void Globals::Init()
 * { ... }`, the class in a missing header) is declared in the class with the
 * definition's type. */
bool synth_out_of_line(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	static const char prefix[] = "out-of-line definition of '";
	struct synth_struct *st = s->cplusplus && !strncmp(message, prefix, sizeof(prefix) - 1)
		? synth_struct_in_message(s, message, "declaration in '") : NULL;
	CXCursor fn = st ? clang_getCursor(tu, loc) : clang_getNullCursor();
	if (fn.kind != CXCursor_CXXMethod)
		return false;
	char *name = cursor_spelling(fn);
	if (strvec_contains(&st->members, name)) {
		free(name); /* declared already, with another type: an overload we cannot tell */
		return false;
	}
	CXType type = clang_getCursorType(fn);
	struct strbuf decl = STRBUF_INIT;
	char *result = cxstring_take(clang_getTypeSpelling(clang_getResultType(type)));
	strbuf_addf(&decl, "%s %%s(", result);
	free(result);
	for (int i = 0, n = clang_getNumArgTypes(type); i < n; i++) {
		char *arg = cxstring_take(clang_getTypeSpelling(clang_getArgType(type, (unsigned)i)));
		strbuf_addf(&decl, "%s%s", i ? ", " : "", arg);
		free(arg);
	}
	strbuf_addf(&decl, ")%s", clang_CXXMethod_isConst(fn) ? " const" : "");
	strvec_push(&st->types, strbuf_str(&decl));
	strvec_push(&st->members, name);
	st->defined = true;
	CXFile file;
	unsigned line, column, offset;
	clang_getFileLocation(loc, &file, &line, &column, &offset);
	char *assumed = alloc_printf("a routine of %s", st->tag + strlen("entrycheck_"));
	synth_record(s, name, assumed, file, line, column, offset)->member = true;
	free(assumed);
	strbuf_release(&decl);
	free(name);
	return true;
}

/* A type assumed an integer (C) or of unknown kind (C++) whose values the
 * code then reaches into (`T p = Alloc(...); p->Field = 0;`) is a pointer to
 * a structure of ours, or one by value (`.`): the members come next round. */
bool synth_retype_reached_type(struct synth *s, const char *message)
{
	static const char arrow[] = "member reference type '";
	static const char dot[] = "member reference base type '";
	bool through_arrow = !strncmp(message, arrow, sizeof(arrow) - 1);
	if (!through_arrow && strncmp(message, dot, sizeof(dot) - 1))
		return false;
	const char *p = message + (through_arrow ? sizeof(arrow) : sizeof(dot)) - 1;
	const char *end = strchr(p, '\'');
	const char *aka = s->cplusplus ? "' (aka 'entrycheck_unknown') is not a" : "' (aka 'long long') is not a";
	if (!end || strncmp(end, aka, strlen(aka)))
		return false;
	char *name = alloc_strndup(p, (size_t)(end - p));
	bool revised = false;
	for (size_t i = 0; i < s->len && !revised; i++) {
		struct synth_decl *d = &s->items[i];
		if (d->member || strcmp(d->name, name) ||
		    strcmp(d->assumed, s->cplusplus ? "a type of unknown kind" : "an integer type"))
			continue;
		synth_struct_new(s, name, !through_arrow);
		synth_revise_decl(d, alloc_printf("typedef struct entrycheck_%s %s%s;", name, through_arrow ? "*" : "", name),
		       through_arrow ? "a pointer to a structure" : "a structure type");
		revised = true;
	}
	free(name);
	return revised;
}

/* A routine no header declares whose result the code reaches into
 * (`GetDeviceContext(device)->Count`, the accessor a missing header's
 * WDF_DECLARE_CONTEXT_TYPE_WITH_NAME would declare) returns a pointer to a
 * structure of ours: the members come next round. C declared the call
 * implicitly, returning int; C++ took our function of unknown result. */
bool synth_retype_call_reached(struct synth *s, const char *message, CXTranslationUnit tu,
				      CXSourceLocation loc)
{
	const char *expected = s->cplusplus ? "member reference type 'entrycheck_unknown' is not a pointer"
					    : "member reference type 'int' is not a pointer";
	CXFile file;
	unsigned offset;
	size_t len;
	const char *text = !strncmp(message, expected, strlen(expected))
				   ? synth_file_text_at(tu, loc, &file, &offset, &len)
				   : NULL;
	if (!text)
		return false;
	/* Back from the operator (C++) or the member after it (C) to the `)`. */
	size_t at = offset;
	if (str_ident_char(text[at]))
		while (at > 0 && text[at - 1] != '>')
			at--;
	if (at < 1 || text[at - 1] != '>' || at < 2 || text[at - 2] != '-')
		at = at + 2 <= len && text[at] == '-' && text[at + 1] == '>' ? at : 0;
	else
		at -= 2;
	while (at > 0 && isspace((unsigned char)text[at - 1]))
		at--;
	if (at == 0 || text[at - 1] != ')')
		return false;
	int depth = 0;
	size_t open = at;
	while (open-- > 0) {
		if (text[open] == ')')
			depth++;
		else if (text[open] == '(' && --depth == 0)
			break;
	}
	if (open == (size_t)-1)
		return false;
	struct token callee;
	synth_token_before(text, open, &callee);
	if (callee.kind != TOK_IDENT)
		return false;
	const char *assumed = "a function returning a pointer to a structure";
	char *result = alloc_printf("%s_result", callee.text);
	char *decl = alloc_printf(s->cplusplus ? "template <class... A> struct entrycheck_%s *%s(A &&...);"
					    : "struct entrycheck_%s *%s();", result, callee.text);
	bool revised = false;
	for (size_t i = 0; i < s->len; i++) {
		struct synth_decl *d = &s->items[i];
		if (d->member || strcmp(d->name, callee.text))
			continue;
		if (!strcmp(d->assumed, s->cplusplus ? "a function" : "a function returning an integer")) {
			synth_revise_decl(d, alloc_strdup(decl), assumed);
			synth_struct_new(s, result, false);
			revised = true;
		}
		free(result);
		free(decl);
		return revised;
	}
	/* C: not assumed yet, so an implicit declaration; only one of the
	 * unit's own files could have declared it returning int otherwise. */
	CXCursor ref = clang_getCursorReferenced(
		clang_getCursor(tu, clang_getLocationForOffset(tu, file, (unsigned)(open - strlen(callee.text)))));
	unsigned where;
	clang_getFileLocation(clang_getCursorLocation(ref), NULL, NULL, NULL, &where);
	if (!s->cplusplus && ref.kind == CXCursor_FunctionDecl && where == open - strlen(callee.text)) {
		unsigned line, column;
		clang_getFileLocation(clang_getCursorLocation(ref), NULL, &line, &column, NULL);
		synth_struct_new(s, result, false);
		synth_record(s, callee.text, assumed, file, line, column, where)->decl = alloc_strdup(decl);
		revised = true;
	}
	free(result);
	free(decl);
	return revised;
}

/* The constant assumed for a name at `loc`: the name itself, the name after
 * a `&` there, or a name among the arguments of the macro called there
 * (`RTL_CONSTANT_STRING(NAME)`); NULL when there is none. A name a macro
 * builds is recorded where the macro is expanded, so at `loc` too. */
static struct synth_decl *constant_at(struct synth *s, CXTranslationUnit tu, CXSourceLocation loc)
{
	CXFile file;
	unsigned offset;
	size_t len;
	const char *text = synth_file_text_at(tu, loc, &file, &offset, &len);
	char *path = file ? cxstring_take(clang_getFileName(file)) : NULL;
	size_t from = offset, to = offset + 1;
	if (text && text[offset] == '&') {
		from = offset + 1;
		while (from < len && isspace((unsigned char)text[from]))
			from++;
		to = from + 1;
	} else if (text && str_ident_char(text[offset])) {
		struct token name, open;
		size_t next;
		synth_token_after(text, len, offset, &name, &next);
		synth_token_after(text, len, next, &open, &next);
		for (int depth = 1; synth_token_is(&open, "(") && next < len && depth > 0; next++)
			depth += text[next] == '(' ? 1 : text[next] == ')' ? -1 : 0;
		to = synth_token_is(&open, "(") ? next : offset + 1;
	}
	struct synth_decl *found = NULL;
	for (size_t i = 0; text && path && i < s->len && !found; i++) {
		struct synth_decl *d = &s->items[i];
		if (!d->member && !strcmp(d->assumed, "a constant") && d->file && !strcmp(d->file, path) &&
		    d->offset >= from && d->offset < to)
			found = d;
	}
	free(path);
	return found;
}

/* The first constant assumed in the statement that `loc` begins, up to its ';'. */
static struct synth_decl *constant_in_statement(struct synth *s, CXTranslationUnit tu, CXSourceLocation loc)
{
	CXFile file;
	unsigned offset;
	size_t len;
	const char *text = synth_file_text_at(tu, loc, &file, &offset, &len);
	if (!text || !file)
		return NULL;
	size_t end = offset;
	while (end < len && text[end] != ';')
		end++;
	char *path = cxstring_take(clang_getFileName(file));
	struct synth_decl *found = NULL;
	for (size_t i = 0; i < s->len && !found; i++) {
		struct synth_decl *d = &s->items[i];
		if (!d->member && !strcmp(d->assumed, "a constant") && d->file && !strcmp(d->file, path) &&
		    d->offset >= offset && d->offset < end)
			found = d;
	}
	free(path);
	return found;
}

/* The type T of "initializing 'T' ... with an expression of incompatible type
 * 'int'" (C) or "no viable conversion from 'entrycheck_constant_X' to 'T'"
 * (C++): a constant of a missing header that initializes a structure, as a
 * GUID of DEFINE_GUID does. NULL otherwise. */
static char *initialized_type(const char *message)
{
	static const char c_prefix[] = "initializing '", c_suffix[] = "with an expression of incompatible type 'int'";
	static const char cxx_prefix[] = "no viable conversion from 'entrycheck_constant_";
	const char *t = NULL;
	if (!strncmp(message, c_prefix, sizeof(c_prefix) - 1) && strstr(message, c_suffix))
		t = message + sizeof(c_prefix) - 1;
	else if (!strncmp(message, cxx_prefix, sizeof(cxx_prefix) - 1) && (t = strstr(message, "' to '")))
		t += 6;
	const char *end = t ? strchr(t, '\'') : NULL;
	return end && end > t ? alloc_strndup(t, (size_t)(end - t)) : NULL;
}

/* A name assumed a constant that the code uses otherwise: initializing a
 * structure (a GUID: a value of that type); in C, its address taken
 * (`&DEVICE_CLASS_GUID`, WDF_GET_CONTEXT_TYPE_INFO's: a structure variable of
 * ours) or indexed in a macro (`RTL_CONSTANT_STRING(DEVICE_NAME)`: a string). */
bool synth_retype_constant(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	char *type = initialized_type(message);
	if (type) {
		/* A value of that type, spelled where it is used (where the type is
		 * known), as a macro: (*(T *)0). */
		struct synth_decl *d = constant_at(s, tu, loc);
		if (!d) /* C points at the variable: the constant is in its initializer */
			d = constant_in_statement(s, tu, loc);
		if (d && !strchr(type, '(') && !strchr(type, '[')) {
			synth_revise_decl(d, alloc_printf("#define %s (*(%s *)0)", d->name, type), "a constant of a structure type");
			free(type);
			return true;
		}
		free(type);
		return false;
	}
	bool address = !strcmp(message, "cannot take the address of an rvalue of type 'int'");
	bool indexed = !strcmp(message, "subscripted value is not an array, pointer, or vector") ||
		       !strncmp(message, "array initializer must be an initializer list", 45);
	struct synth_decl *d = !s->cplusplus && (address || indexed) ? constant_at(s, tu, loc) : NULL;
	if (!d)
		return false;
	if (address) {
		synth_struct_new(s, d->name, true);
		synth_revise_decl(d, alloc_printf("extern struct entrycheck_%s %s;", d->name, d->name), "a structure variable");
	} else {
		/* Wide: these macros make UNICODE_STRINGs (narrow would do for
		 * RTL_CONSTANT_STRING's ANSI_STRING with a warning only). */
		synth_revise_decl(d, alloc_printf("#define %s L\"\"", d->name), "a string macro");
	}
	return true;
}

/* A name assumed a pointer type by its P prefix (PKTMON_CLIENT_DISPATCH:
 * the prefix of "packet monitor") that the code uses as the structure itself
 * (`PKTMON_X d = { .Size = ... }`, `ctx.Count`) is the structure's type. */
bool synth_retype_pointer(struct synth *s, const char *message)
{
	const char *p = NULL;
	if (!strncmp(message, "designator in initializer for scalar type '", 43))
		p = message + 43;
	else if (!strncmp(message, "initialization of non-aggregate type '", 38)) /* LLVM 19 */
		p = message + 38;
	else if (!strncmp(message, "member reference type '", 23) && strstr(message, "is a pointer; did you mean"))
		p = message + 23;
	if (!p)
		return false;
	if (!strncmp(p, "const ", 6))
		p += 6;
	const char *end = strchr(p, '\'');
	if (!end || !strstr(end, " *"))
		return false;
	char *name = alloc_strndup(p, (size_t)(end - p));
	bool revised = false;
	for (size_t i = 0; i < s->len && !revised; i++) {
		struct synth_decl *d = &s->items[i];
		if (d->member || strcmp(d->name, name) || strcmp(d->assumed, "a pointer to an opaque structure"))
			continue;
		synth_struct_new(s, name + 1, true);
		synth_revise_decl(d, alloc_printf("typedef struct entrycheck_%s %s;", name + 1, name), "an opaque structure type");
		revised = true;
	}
	free(name);
	return revised;
}

/* A name assumed a variable that the file then defines with a type of the
 * kit's ("redefinition of 'FspDriverObject' with a different type":
 * `PDRIVER_OBJECT FspDriverObject;` after the routines that use it, whose
 * extern declaration was in a missing header) is declared ahead with that
 * type, spelled canonically as in prototype_of. */
bool synth_retyped_variable(struct synth *s, const char *message, CXDiagnostic diag, CXTranslationUnit tu)
{
	char *name = strstr(message, "' with a different type: '") ? synth_quoted_name(message, "redefinition of ")
								   : NULL;
	if (!name)
		return false;
	CXCursor var;
	struct synth_decl *ours =
		synth_redefined_decl(s, name, synth_is_variable_kind, CXCursor_VarDecl, diag, tu, &var);
	char *text = ours ? cxstring_take(clang_getTypeSpelling(clang_getCanonicalType(clang_getCursorType(var))))
			  : NULL;
	bool ok = text && !strpbrk(text, "([") && !strstr(text, "(unnamed") && !strstr(text, "(anonymous");
	if (ok)
		synth_revise_decl(ours, alloc_printf("extern %s %s;", text, name), "a variable declared ahead of its definition");
	free(text);
	free(name);
	return ok;
}

/* Constants assumed 0 that label cases of one switch ("duplicate case
 * value: 'A' and 'B' both equal '0'") are distinct, as case labels are: the
 * labels were written as a macro's arguments (`CASE_STR(IRP_MN_X)`), where
 * their uses did not show the `case`. */
bool synth_distinct_cases(struct synth *s, const char *message)
{
	if (strncmp(message, "duplicate case value: '", 23))
		return false;
	bool revised = false;
	const char *p = message + 22;
	for (int k = 0; k < 2 && p; k++) {
		char *name = synth_quoted_name(p, "");
		for (size_t i = 0; name && i < s->len; i++) {
			struct synth_decl *d = &s->items[i];
			if (d->member || strcmp(d->name, name) || strcmp(d->assumed, "a constant") ||
			    !strstr(d->decl, " = 0 }"))
				continue;
			free(d->decl);
			d->decl = synth_case_constant(name, i);
			revised = true;
		}
		free(name);
		p = strstr(p + 1, " and '");
		p = p ? p + 5 : NULL;
	}
	return revised;
}
