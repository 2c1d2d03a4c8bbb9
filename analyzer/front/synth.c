/* Synthesized declarations, chosen from the tokens around a name's first
 * use. The header is plain text: what it declares is readable by a person
 * who wants to see what entrycheck assumed. */
#include "front/synth.h"
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

/* The quoted name in a message of the form PREFIX'name'..., or NULL. */
static char *quoted_name(const char *message, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(message, prefix, n) || message[n] != '\'')
		return NULL;
	const char *start = message + n + 1, *end = strchr(start, '\'');
	if (!end || end == start)
		return NULL;
	for (const char *p = start; p < end; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return NULL;
	return xstrndup(start, (size_t)(end - start));
}

/* A token next to the name: its kind and, for identifiers and punctuation,
 * its text (at most a few characters are ever compared). */
struct token {
	enum { TOK_NONE, TOK_IDENT, TOK_STRING, TOK_PUNCT } kind;
	char text[64];
};

/* What `d` is now taken to be: `decl` (taken over) and the words that say so. */
static void revise(struct synth_decl *d, char *decl, const char *assumed)
{
	free(d->decl);
	free(d->assumed);
	d->decl = decl;
	d->assumed = xstrdup(assumed);
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static void token_after(const char *text, size_t len, size_t at, struct token *t, size_t *next)
{
	while (at < len && isspace((unsigned char)text[at]))
		at++;
	t->kind = TOK_NONE;
	t->text[0] = '\0';
	*next = at;
	if (at >= len)
		return;
	size_t start = at;
	if (ident_char(text[at])) {
		while (at < len && ident_char(text[at]))
			at++;
		/* L"..." is a string, not an identifier. */
		if (at < len && text[at] == '"' && at - start <= 2) {
			t->kind = TOK_STRING;
		} else {
			t->kind = TOK_IDENT;
		}
	} else if (text[at] == '"') {
		t->kind = TOK_STRING;
		at++;
	} else {
		t->kind = TOK_PUNCT;
		at++;
		if (at < len && strchr("=+-&|<>:", text[at]) && strchr("=+-&|<>:!", text[start]))
			at++;
		if (at < len && text[start] == '-' && text[at - 1] == '-' && text[at] == '>')
			at++;
	}
	size_t n = at - start < sizeof(t->text) - 1 ? at - start : sizeof(t->text) - 1;
	memcpy(t->text, text + start, n);
	t->text[n] = '\0';
	*next = at;
}

static size_t line_start(const char *text, size_t at)
{
	while (at > 0 && text[at - 1] != '\n')
		at--;
	return at;
}

/* Whether the line starting at `ls` belongs to a preprocessor directive: it
 * starts with '#', or continues (backslash) a line that does. */
static bool directive_line(const char *text, size_t ls)
{
	for (;;) {
		size_t p = ls;
		while (text[p] == ' ' || text[p] == '\t')
			p++;
		if (text[p] == '#')
			return true;
		if (ls < 2)
			return false;
		size_t end = ls - 1; /* the previous line's '\n' */
		if (end > 0 && text[end - 1] == '\r')
			end--;
		if (end == 0 || text[end - 1] != '\\')
			return false;
		ls = line_start(text, end);
	}
}

/* Where the code before `at` ends, past blanks, comments and preprocessor
 * lines; SIZE_MAX when a directive comes first (it ends what was before it
 * as a ';' would). */
static size_t code_end_before(const char *text, size_t at)
{
	for (int guard = 0; guard < 256; guard++) {
		size_t was = at;
		while (at > 0 && isspace((unsigned char)text[at - 1]))
			at--;
		if (at >= 2 && text[at - 1] == '/' && text[at - 2] == '*') {
			size_t open = at - 2;
			while (open >= 2 && !(text[open - 2] == '/' && text[open - 1] == '*'))
				open--;
			if (open < 2)
				return at;
			at = open - 2;
			continue;
		}
		if (at == 0 || memchr(text + at, '\n', was - at) == NULL)
			return at;
		/* A line before the name's: a directive, or code with a // comment. */
		size_t ls = line_start(text, at);
		if (directive_line(text, ls))
			return SIZE_MAX;
		bool quoted = false;
		size_t comment = at;
		for (size_t p = ls; p + 1 < at; p++) {
			if (text[p] == '"' && (p == ls || text[p - 1] != '\\'))
				quoted = !quoted;
			else if (!quoted && text[p] == '/' && text[p + 1] == '/') {
				comment = p;
				break;
			}
		}
		if (comment == at)
			return at;
		at = comment;
	}
	return at;
}

static void token_before(const char *text, size_t at, struct token *t)
{
	at = code_end_before(text, at);
	t->kind = TOK_NONE;
	t->text[0] = '\0';
	if (at == SIZE_MAX) {
		t->kind = TOK_PUNCT;
		strcpy(t->text, ";");
		return;
	}
	if (at == 0)
		return;
	size_t end = at;
	if (text[at - 1] == '"') {
		t->kind = TOK_STRING;
		return;
	}
	if (ident_char(text[at - 1])) {
		while (at > 0 && ident_char(text[at - 1]))
			at--;
		t->kind = TOK_IDENT;
	} else {
		at--;
		if (at > 0 && strchr("+-:", text[at]) && text[at - 1] == text[at])
			at--;
		else if (at > 0 && text[at] == '>' && text[at - 1] == '-')
			at--;
		t->kind = TOK_PUNCT;
	}
	size_t n = end - at < sizeof(t->text) - 1 ? end - at : sizeof(t->text) - 1;
	memcpy(t->text, text + at, n);
	t->text[n] = '\0';
}

static bool is(const struct token *t, const char *text)
{
	return t->kind != TOK_NONE && !strcmp(t->text, text);
}

/* The tokens around `name` at `offset` of the diagnostic's file. Returns
 * false when the text there is not the name (a macro expansion). */
static bool context(CXTranslationUnit tu, CXFile file, unsigned offset, const char *name,
		    struct token *before, struct token *after, struct token *after2)
{
	size_t len = 0;
	const char *text = file ? clang_getFileContents(tu, file, &len) : NULL;
	size_t n = strlen(name);
	if (!text || offset + n > len || strncmp(text + offset, name, n) ||
	    (offset + n < len && ident_char(text[offset + n])))
		return false;
	size_t next;
	token_before(text, offset, before);
	token_after(text, len, offset + n, after, &next);
	token_after(text, len, next, after2, &next);
	return true;
}

/* The text of the file `loc` is spelled in, with the location's offset in
 * it; NULL when there is no such text or the offset lies past its end. */
static const char *text_at(CXTranslationUnit tu, CXSourceLocation loc, CXFile *file, unsigned *offset, size_t *len)
{
	clang_getFileLocation(loc, file, NULL, NULL, offset);
	*len = 0;
	const char *text = *file ? clang_getFileContents(tu, *file, len) : NULL;
	return text && *offset < *len ? text : NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* Names that by convention are routine role types: EVT_WDF_..., ..._ROUTINE. */
static bool role_type_name(const char *name)
{
	return !strncmp(name, "EVT_", 4) || ends_with(name, "_ROUTINE") ||
	       ends_with(name, "_CALLBACK") || ends_with(name, "_HANDLER") || ends_with(name, "_FN");
}

static bool declared(const struct synth *s, const char *name)
{
	for (size_t i = 0; i < s->len; i++)
		if (!s->items[i].member && !strcmp(s->items[i].name, name))
			return true;
	return false;
}

static void add(struct synth *s, const char *name, const char *assumed, CXFile file, unsigned line,
		unsigned column, unsigned offset, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

static struct synth_decl *record(struct synth *s, const char *name, const char *assumed, CXFile file,
				 unsigned line, unsigned column, unsigned offset)
{
	GROW(s->items, s->cap, s->len + 1);
	struct synth_decl *d = &s->items[s->len++];
	memset(d, 0, sizeof(*d));
	d->name = xstrdup(name);
	d->assumed = xstrdup(assumed);
	d->file = file ? cxstring_take(clang_getFileName(file)) : NULL;
	d->line = line;
	d->column = column;
	d->offset = offset;
	return d;
}

static void add(struct synth *s, const char *name, const char *assumed, CXFile file, unsigned line,
		unsigned column, unsigned offset, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *decl = xvasprintf(fmt, ap);
	va_end(ap);
	record(s, name, assumed, file, line, column, offset)->decl = decl;
}

/* A member of unknown type in C: an integer, which C's implicit conversions
 * let stand for a pointer too; in C++, a value that converts to anything. */
static const char SCALAR_MEMBER[] = "long long %s";
#define UNKNOWN_MEMBER_TYPE "entrycheck_unknown"
static const char UNKNOWN_MEMBER[] = UNKNOWN_MEMBER_TYPE " %s";

static struct synth_struct *find_struct(struct synth *s, const char *tag)
{
	for (size_t i = 0; i < s->nstructs; i++)
		if (!strcmp(s->structs[i].tag, tag))
			return &s->structs[i];
	return NULL;
}

/* A structure of ours under `tag` (taken): entrycheck_NAME for a type
 * name, or a missing header's own tag (synth_tag). Its body is written before
 * every declaration (see synth_write), so members may name it by value. */
static struct synth_struct *new_tagged(struct synth *s, char *tag, bool defined)
{
	struct synth_struct *st = find_struct(s, tag);
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

static struct synth_struct *new_struct(struct synth *s, const char *name, bool defined)
{
	return new_tagged(s, xasprintf("entrycheck_%s", name), defined);
}

/* A keyword that may begin a declaration but never follows its type. */
static bool storage_class(const struct token *t)
{
	static const char *const words[] = { "extern", "static", "inline", "__inline", "__forceinline", "typedef" };
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (is(t, words[i]))
			return true;
	return false;
}

/* `NAME const x = {...}`: a qualifier, then the declarator, after the name
 * make the name the type (before `const GUID x`, a macro would have a type
 * next). */
static bool qualified_declaration(CXTranslationUnit tu, CXFile file, unsigned offset, const char *name)
{
	size_t len = 0, next;
	const char *text = clang_getFileContents(tu, file, &len);
	struct token qualifier, declarator, after;
	token_after(text, len, offset + strlen(name), &qualifier, &next);
	if (!is(&qualifier, "const") && !is(&qualifier, "volatile"))
		return false;
	token_after(text, len, next, &declarator, &next);
	token_after(text, len, next, &after, &next);
	return declarator.kind == TOK_IDENT && after.kind == TOK_PUNCT && strchr("=;[,)", after.text[0]);
}

static void synth_type(struct synth *s, const char *name, CXTranslationUnit tu, CXFile file,
		       unsigned line, unsigned column, unsigned offset)
{
	struct token before, after, after2;
	bool known = context(tu, file, offset, name, &before, &after, &after2);
	if (known && is(&after, "::"))
		return; /* a namespace or class we cannot invent members for */
	/* `NAME NTSTATUS F(`, `NAME VOID *p`, `NAME extern "C" ...`, `NAME static
	 * void f(`: a code-segment or annotation macro before a declaration. */
	if (known && !qualified_declaration(tu, file, offset, name) &&
	    ((after.kind == TOK_IDENT && (after2.kind == TOK_IDENT || is(&after2, "*"))) || storage_class(&after)))
		add(s, name, "an attribute-like macro that expands to nothing", file, line, column,
		    offset, "#define %s", name);
	else if (role_type_name(name))
		add(s, name, "a routine type", file, line, column, offset,
		    s->cplusplus ? "typedef long %s(...);" : "typedef long %s();", name);
	else if ((name[0] == 'P' || name[0] == 'p') && isupper((unsigned char)name[1])) {
		/* PDEVICE_EXTENSION, and the Hungarian pMPDriverInfo. It points to
		 * the structure DEVICE_EXTENSION would be, should that name turn up
		 * too (CONTAINING_RECORD(e, DEVICE_EXTENSION, Link) assigned to one). */
		new_struct(s, name + 1, false);
		add(s, name, "a pointer to an opaque structure", file, line, column, offset,
		    "typedef struct entrycheck_%s *%s;", name + 1, name);
	} else {
		new_struct(s, name, true);
		add(s, name, "an opaque structure type", file, line, column, offset,
		    "typedef struct entrycheck_%s %s;", name, name);
	}
}

/* The structure of ours a diagnostic names ('struct entrycheck_X' in C,
 * 'entrycheck_X' in C++), or NULL. */
static struct synth_struct *named_struct(struct synth *s, const char *message, const char *prefix)
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
	char *tag = xstrndup(p, (size_t)(end - p));
	struct synth_struct *st = find_struct(s, tag); /* ours: entrycheck_X, or a tag (synth_tag) */
	free(tag);
	return st;
}

/* A structure tag of a missing header that the code needs complete
 * (`struct btrfs_key k;`, sizeof, `p->f`, "... incomplete type 'struct
 * btrfs_key'") is defined with the members its uses name. Not the kit's
 * opaque tags (_KTHREAD, _OBJECT_TYPE): those begin with an underscore. */
static bool synth_tag(struct synth *s, const char *message, CXSourceLocation loc)
{
	const char *p = strstr(message, "incomplete") ? strstr(message, "'struct ") : NULL;
	if (!p || clang_Location_isInSystemHeader(loc)) /* the model's own gaps are not guessed at */
		return false;
	p += 8;
	size_t n = 0;
	while (ident_char(p[n]))
		n++;
	if (!n || p[n] != '\'' || p[0] == '_' || !strncmp(p, "entrycheck_", 11))
		return false;
	char *tag = xstrndup(p, n);
	bool added = !find_struct(s, tag);
	if (added) {
		CXFile file;
		unsigned line, column, offset;
		clang_getFileLocation(loc, &file, &line, &column, &offset);
		new_tagged(s, xstrdup(tag), true);
		char *name = xasprintf("struct %s", tag);
		add(s, name, "a structure", file, line, column, offset, "struct %s;", tag);
		free(name);
	}
	free(tag);
	return added;
}

/* How notes name a structure of ours: X for entrycheck_X, `struct X` for a
 * tag of a missing header (synth_tag). */
static char *shown_name(const struct synth_struct *st)
{
	return strncmp(st->tag, "entrycheck_", 11) ? xasprintf("struct %s", st->tag) : xstrdup(st->tag + 11);
}

/* Adds member `member` to `st`, typed by the token after its use: a
 * structure of ours when its own members are reached (`.` or `->`), a
 * routine pointer when called, a pointer when indexed, else a value of
 * unknown type (C: an integer, which C's implicit conversions let stand for a
 * pointer too; C++: entrycheck_unknown). */
static void add_member(struct synth *s, struct synth_struct *st, const char *member, bool scoped, bool type,
		       const struct token *after, CXFile file, unsigned line, unsigned column,
		       unsigned offset)
{
	if (strvec_contains(&st->members, member))
		return;
	bool tagged = strncmp(st->tag, "entrycheck_", 11) != 0;
	const char *owner = tagged ? st->tag : st->tag + strlen("entrycheck_");
	char *shown = shown_name(st);
	char *assumed;
	if (scoped && s->cplusplus && is(after, "::")) {
		/* `Outer::Inner::Member`: a class in the class. */
		char *inner = xasprintf("%s_%s", owner, member);
		size_t index = (size_t)(st - s->structs);
		new_struct(s, inner, true);
		st = &s->structs[index]; /* new_struct may have moved the array */
		strvec_pushf(&st->types, "typedef struct entrycheck_%s %%s", inner);
		assumed = xasprintf("a class in %s", shown);
		free(inner);
	} else if (scoped && s->cplusplus && type && !is(after, "(")) {
		/* `Class::Type name`: a type of the class. */
		strvec_push(&st->types, "typedef entrycheck_unknown %s");
		assumed = xasprintf("a member type of %s", shown);
	} else if (scoped && s->cplusplus) {
		/* `Class::Member`: a static routine or value of the class. */
		bool routine = is(after, "(");
		strvec_push(&st->types, routine ? "template <class... A> static entrycheck_unknown %s(A &&...)"
						: "static " UNKNOWN_MEMBER_TYPE " %s");
		assumed = xasprintf("a static %s of %s", routine ? "routine" : "member", shown);
	} else if (is(after, ".") || is(after, "->")) {
		char *inner = xasprintf("%s_%s", owner, member);
		size_t index = (size_t)(st - s->structs);
		new_struct(s, inner, is(after, "."));
		st = &s->structs[index]; /* new_struct may have moved the array */
		strvec_pushf(&st->types, "struct entrycheck_%s %s%%s", inner, is(after, ".") ? "" : "*");
		assumed = xasprintf("a %s member of %s", is(after, ".") ? "structure" : "pointer", shown);
		free(inner);
	} else if (is(after, "(")) {
		strvec_push(&st->types, s->cplusplus ? "entrycheck_unknown (*%s)(...)" : "long (*%s)()");
		assumed = xasprintf("a routine pointer member of %s", shown);
	} else if (is(after, "[")) {
		strvec_push(&st->types, s->cplusplus ? "entrycheck_unknown *%s" : "long long *%s");
		assumed = xasprintf("a pointer member of %s", shown);
	} else {
		strvec_push(&st->types, s->cplusplus ? UNKNOWN_MEMBER : SCALAR_MEMBER);
		assumed = xasprintf("a member of %s", shown);
	}
	strvec_push(&st->members, member);
	st->defined = true;
	record(s, member, assumed, file, line, column, offset)->member = true;
	free(assumed);
	free(shown);
}

static bool has_lower(const char *name)
{
	for (; *name; name++)
		if (islower((unsigned char)*name))
			return true;
	return false;
}

/* Second looks, once a guess met its use:
 * - C: a member assumed an integer that is assigned a structure ("assigning
 *   to 'long long' from incompatible type 'GUID'") takes that type, when a
 *   header of the model declares it (the assumed header is read after the
 *   model, before the driver's own headers) or it is a structure of ours;
 * - an all-capitals name assumed a function that stands in a constant
 *   initializer (`{ MAKE_VERSION(1, 0) }`) is a function-like macro. */
static bool synth_revise(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	CXFile file;
	unsigned offset;
	size_t len;
	const char *text = text_at(tu, loc, &file, &offset, &len);
	if (!text)
		return false;
	static const char assigning[] = "assigning to 'long long' from incompatible type '";
	if (!s->cplusplus && !strncmp(message, assigning, sizeof(assigning) - 1)) {
		struct token member, op;
		size_t rhs;
		token_before(text, offset, &member);
		token_after(text, len, offset, &op, &rhs);
		while (rhs < len && isspace((unsigned char)text[rhs]))
			rhs++;
		if (member.kind != TOK_IDENT || !is(&op, "="))
			return false;
		/* The value's type, when a model header declares it by a name, or
		 * when it is a structure of ours (then held by value, so given a
		 * body). */
		CXCursor value = clang_getCursor(tu, clang_getLocationForOffset(tu, file, (unsigned)rhs));
		CXType type = clang_getCursorType(value);
		CXCursor decl = clang_getTypeDeclaration(type);
		char *canonical = cxstring_take(clang_getTypeSpelling(clang_getCanonicalType(type)));
		struct synth_struct *ours = !strncmp(canonical, "struct entrycheck_", 18) ? find_struct(s, canonical + 7) : NULL;
		free(canonical);
		char *name;
		if (ours) {
			ours->defined = true;
			name = xasprintf("struct %s", ours->tag);
		} else if (s->prelude && (decl.kind == CXCursor_TypedefDecl || decl.kind == CXCursor_StructDecl) &&
			   clang_Location_isInSystemHeader(clang_getCursorLocation(decl))) {
			char *spelled = cursor_spelling(decl);
			name = decl.kind == CXCursor_StructDecl ? xasprintf("struct %s", spelled) : xstrdup(spelled);
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
				st->types.items[m] = xasprintf("%s %%s", name);
				revised = true;
			}
		}
		free(name);
		return revised;
	}
	if (s->cplusplus && (!strcmp(message, "no matching function for call to 'operator new'") ||
			     !strcmp(message, "no matching function for call to 'operator new[]'"))) {
		/* A placement form of a missing header (`new (PoolType, Tag) T`). */
		if (declared(s, "operator new"))
			return false;
		unsigned line, column;
		clang_getFileLocation(loc, NULL, &line, &column, NULL);
		add(s, "operator new", "a placement allocation function", file, line, column, offset,
		    "template <class T, class... A> void *operator new(decltype(sizeof 0), const T &, const A &...);\n"
		    "template <class T, class... A> void *operator new[](decltype(sizeof 0), const T &, const A &...);");
		return true;
	}
	if (!strcmp(message, "initializer element is not a compile-time constant") ||
	    !strcmp(message, "initializer element is not constant")) {
		struct token name;
		size_t next;
		token_after(text, len, offset, &name, &next);
		for (size_t i = 0; i < s->len && name.kind == TOK_IDENT && !has_lower(name.text); i++) {
			struct synth_decl *d = &s->items[i];
			if (d->member || strcmp(d->name, name.text) || strncmp(d->assumed, "a function", 10))
				continue;
			revise(d, xasprintf("#define %s(...) 0", d->name), "a function-like macro for a constant");
			return true;
		}
		/* C declared the call implicitly, where it is made. */
		CXCursor ref = clang_getCursorReferenced(
			clang_getCursor(tu, clang_getLocationForOffset(tu, file, offset)));
		unsigned at;
		clang_getFileLocation(clang_getCursorLocation(ref), NULL, NULL, NULL, &at);
		if (!s->cplusplus && name.kind == TOK_IDENT && !has_lower(name.text) && !declared(s, name.text) &&
		    ref.kind == CXCursor_FunctionDecl && at == offset) {
			unsigned line, column;
			clang_getFileLocation(loc, NULL, &line, &column, NULL);
			add(s, name.text, "a function-like macro for a constant", file, line, column, offset,
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
	while (m > start && ident_char(text[m - 1]))
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
	return xstrndup(text + m, end - m);
}

/* C++: a variable or member assumed of unknown type whose address a
 * routine of the model takes (`InitializeListHead(&g.Head)`,
 * `IoCreateDevice(..., &Device)`) is of the type that routine points to;
 * the note on the candidate says which. */
static bool synth_retype_argument(struct synth *s, const char *message, CXDiagnostic d, CXTranslationUnit tu)
{
	if (!s->cplusplus || !s->prelude || strncmp(message, "no matching function for call to '", 34))
		return false;
	CXFile file;
	unsigned offset;
	size_t len;
	const char *text = text_at(tu, clang_getDiagnosticLocation(d), &file, &offset, &len);
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
		char *target = name ? xstrndup(type, (size_t)(type_end - type)) : NULL;
		if (target && !strstr(target, "entrycheck_")) {
			for (size_t k = 0; member && k < s->nstructs; k++) {
				struct synth_struct *st = &s->structs[k];
				for (size_t m = 0; m < st->members.len; m++) {
					bool is_static = !strcmp(st->types.items[m], "static " UNKNOWN_MEMBER_TYPE " %s");
					if (strcmp(st->members.items[m], name) ||
					    (strcmp(st->types.items[m], UNKNOWN_MEMBER) && !is_static))
						continue;
					free(st->types.items[m]);
					st->types.items[m] = xasprintf("%s__typeof__(*(%s)0) %%s", is_static ? "static " : "", target);
					revised = true;
				}
			}
			for (size_t k = 0; !member && k < s->len; k++) {
				struct synth_decl *v = &s->items[k];
				if (v->member || strcmp(v->name, name) || strncmp(v->decl, "extern entrycheck_unknown ", 26))
					continue;
				free(v->decl);
				v->decl = xasprintf("extern __typeof__(*(%s)0) %s;", target, name);
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
static bool synth_retype_member_pointer(struct synth *s, const char *message, CXDiagnostic d)
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
		char *held = xasprintf("struct %.*s *%%s", (int)(tag_end - tag), tag);
		char *target = xstrndup(type, (size_t)(type_end - type));
		for (size_t k = 0; !strstr(target, "entrycheck_") && k < s->nstructs; k++) {
			struct synth_struct *st = &s->structs[k];
			for (size_t m = 0; m < st->types.len; m++) {
				if (strcmp(st->types.items[m], held))
					continue;
				free(st->types.items[m]);
				st->types.items[m] = xasprintf("__typeof__((%s)0) %%s", target);
				revised = true;
				char *owner = shown_name(st);
				char *was = xasprintf("a pointer member of %s", owner);
				for (size_t r = 0; r < s->len; r++) {
					struct synth_decl *rec = &s->items[r];
					if (!rec->member || strcmp(rec->name, st->members.items[m]) ||
					    strcmp(rec->assumed, was))
						continue;
					free(rec->assumed);
					rec->assumed = xasprintf("a member of %s, a %s as a routine of the kit takes it",
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
static bool synth_retype_opaque(struct synth *s, const char *message)
{
	const char *p = strstr(message, "'struct entrycheck_");
	p = p ? p + 19 : (p = strstr(message, "'entrycheck_")) ? p + 12 : NULL;
	const char *end = p ? strchr(p, '\'') : NULL;
	if (!end || strstr(message, "member") || strstr(message, "incomplete") ||
	    !strncmp(message, "out-of-line definition", 22) || !strncmp(message, "field designator '", 18))
		return false;
	char *name = xstrndup(p, (size_t)(end - p));
	char *tag = xasprintf("entrycheck_%s", name);
	const struct synth_struct *st = find_struct(s, tag);
	free(tag);
	bool revised = false;
	for (size_t i = 0; st && !st->members.len && i < s->len && !revised; i++) {
		struct synth_decl *d = &s->items[i];
		if (d->member || strcmp(d->name, name) || strcmp(d->assumed, "an opaque structure type"))
			continue;
		revise(d, xasprintf(s->cplusplus ? "typedef entrycheck_unknown %s;" : "typedef long long %s;", name),
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
static bool synth_retype_reached(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	const char *unknown = s->cplusplus ? "entrycheck_unknown" : "long long";
	char *through_arrow = xasprintf("member reference type '%s' is not a pointer", unknown);
	char *through_dot = xasprintf("member reference base type '%s' is not a structure or union", unknown);
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
	const char *text = arrow || dot ? text_at(tu, loc, &file, &offset, &len) : NULL;
	if (!text)
		return false;
	size_t at = offset;
	if (ident_char(text[at])) { /* C: at the member after the operator */
		struct token op;
		token_before(text, at, &op);
		while (at > 0 && isspace((unsigned char)text[at - 1]))
			at--;
		at -= strlen(op.text);
	}
	struct token op, member;
	size_t after;
	token_after(text, len, at, &op, &after);
	token_before(text, at, &member);
	if (member.kind != TOK_IDENT || !(is(&op, "->") || is(&op, ".")))
		return false;
	const char *scalar = s->cplusplus ? UNKNOWN_MEMBER : SCALAR_MEMBER;
	bool revised = false;
	for (size_t k = 0; k < s->nstructs; k++) {
		for (size_t m = 0; m < s->structs[k].members.len; m++) {
			struct synth_struct *st = &s->structs[k];
			if (strcmp(st->members.items[m], member.text) || strcmp(st->types.items[m], scalar))
				continue;
			char *inner = xasprintf("%s_%s", st->tag + strlen("entrycheck_"), member.text);
			new_struct(s, inner, is(&op, "."));
			st = &s->structs[k]; /* new_struct may have moved the array */
			free(st->types.items[m]);
			st->types.items[m] = xasprintf("struct entrycheck_%s %s%%s", inner, is(&op, ".") ? "" : "*");
			free(inner);
			revised = true;
		}
	}
	return revised;
}

/* C++: a routine of a class of ours defined out of line (`void Globals::Init()
 * { ... }`, the class in a missing header) is declared in the class with the
 * definition's type. */
static bool synth_out_of_line(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	static const char prefix[] = "out-of-line definition of '";
	struct synth_struct *st = s->cplusplus && !strncmp(message, prefix, sizeof(prefix) - 1)
		? named_struct(s, message, "declaration in '") : NULL;
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
	char *assumed = xasprintf("a routine of %s", st->tag + strlen("entrycheck_"));
	record(s, name, assumed, file, line, column, offset)->member = true;
	free(assumed);
	strbuf_release(&decl);
	free(name);
	return true;
}

/* A type assumed an integer (C) or of unknown kind (C++) whose values the
 * code then reaches into (`T p = Alloc(...); p->Field = 0;`) is a pointer to
 * a structure of ours, or one by value (`.`): the members come next round. */
static bool synth_retype_reached_type(struct synth *s, const char *message)
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
	char *name = xstrndup(p, (size_t)(end - p));
	bool revised = false;
	for (size_t i = 0; i < s->len && !revised; i++) {
		struct synth_decl *d = &s->items[i];
		if (d->member || strcmp(d->name, name) ||
		    strcmp(d->assumed, s->cplusplus ? "a type of unknown kind" : "an integer type"))
			continue;
		new_struct(s, name, !through_arrow);
		revise(d, xasprintf("typedef struct entrycheck_%s %s%s;", name, through_arrow ? "*" : "", name),
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
static bool synth_retype_call_reached(struct synth *s, const char *message, CXTranslationUnit tu,
				      CXSourceLocation loc)
{
	const char *expected = s->cplusplus ? "member reference type 'entrycheck_unknown' is not a pointer"
					    : "member reference type 'int' is not a pointer";
	CXFile file;
	unsigned offset;
	size_t len;
	const char *text = !strncmp(message, expected, strlen(expected)) ? text_at(tu, loc, &file, &offset, &len) : NULL;
	if (!text)
		return false;
	/* Back from the operator (C++) or the member after it (C) to the `)`. */
	size_t at = offset;
	if (ident_char(text[at]))
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
	token_before(text, open, &callee);
	if (callee.kind != TOK_IDENT)
		return false;
	const char *assumed = "a function returning a pointer to a structure";
	char *result = xasprintf("%s_result", callee.text);
	char *decl = xasprintf(s->cplusplus ? "template <class... A> struct entrycheck_%s *%s(A &&...);"
					    : "struct entrycheck_%s *%s();", result, callee.text);
	bool revised = false;
	for (size_t i = 0; i < s->len; i++) {
		struct synth_decl *d = &s->items[i];
		if (d->member || strcmp(d->name, callee.text))
			continue;
		if (!strcmp(d->assumed, s->cplusplus ? "a function" : "a function returning an integer")) {
			revise(d, xstrdup(decl), assumed);
			new_struct(s, result, false);
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
		new_struct(s, result, false);
		record(s, callee.text, assumed, file, line, column, where)->decl = xstrdup(decl);
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
	const char *text = text_at(tu, loc, &file, &offset, &len);
	char *path = file ? cxstring_take(clang_getFileName(file)) : NULL;
	size_t from = offset, to = offset + 1;
	if (text && text[offset] == '&') {
		from = offset + 1;
		while (from < len && isspace((unsigned char)text[from]))
			from++;
		to = from + 1;
	} else if (text && ident_char(text[offset])) {
		struct token name, open;
		size_t next;
		token_after(text, len, offset, &name, &next);
		token_after(text, len, next, &open, &next);
		for (int depth = 1; is(&open, "(") && next < len && depth > 0; next++)
			depth += text[next] == '(' ? 1 : text[next] == ')' ? -1 : 0;
		to = is(&open, "(") ? next : offset + 1;
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

/* C: a name assumed a constant that the code uses otherwise:
 * - its address taken (`&DEVICE_CLASS_GUID`, or a macro of the model taking
 *   the address of a name it builds, as WDF_GET_CONTEXT_TYPE_INFO does for
 *   a context type of a missing header): a variable, a structure of ours,
 *   which converts to the pointer wanted with a warning only;
 * - indexed or initializing an array inside a macro
 *   (`RTL_CONSTANT_STRING(DEVICE_NAME)`, DECLARE_CONST_UNICODE_STRING): a string. */
static bool synth_retype_constant(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	bool address = !strcmp(message, "cannot take the address of an rvalue of type 'int'");
	bool indexed = !strcmp(message, "subscripted value is not an array, pointer, or vector") ||
		       !strncmp(message, "array initializer must be an initializer list", 45);
	struct synth_decl *d = !s->cplusplus && (address || indexed) ? constant_at(s, tu, loc) : NULL;
	if (!d)
		return false;
	if (address) {
		new_struct(s, d->name, true);
		revise(d, xasprintf("extern struct entrycheck_%s %s;", d->name, d->name), "a structure variable");
	} else {
		/* Wide: these macros make UNICODE_STRINGs (narrow would do for
		 * RTL_CONSTANT_STRING's ANSI_STRING with a warning only). */
		revise(d, xasprintf("#define %s L\"\"", d->name), "a string macro");
	}
	return true;
}

/* C: a routine called before its definition, whose prototype a missing
 * header held, was declared implicitly (returning int), so its definition
 * conflicts, and clang drops every statement that uses it: it is declared
 * ahead with the definition's type, spelled in builtin and tagged types that
 * need no declaration of the unit's own. */
/* `static long F(int, struct _IRP *);`: the declaration of the routine `fn`
 * defines, its types spelled canonically (a typedef of a missing header may
 * stand in them); false for a variadic routine or one whose types have no
 * spelling outside it. */
static bool prototype_of(CXCursor fn, const char *name, struct strbuf *decl)
{
	CXType type = clang_getCursorType(fn);
	bool ok = type.kind == CXType_FunctionProto && !clang_isFunctionTypeVariadic(type);
	for (int i = -1, n = ok ? clang_getNumArgTypes(type) : -1; ok && i < n; i++) {
		CXType t = clang_getCanonicalType(i < 0 ? clang_getResultType(type) : clang_getArgType(type, (unsigned)i));
		char *text = cxstring_take(clang_getTypeSpelling(t));
		ok = !strstr(text, "(unnamed") && !strstr(text, "(anonymous") && !(i < 0 && strchr(text, '('));
		if (i < 0)
			strbuf_addf(decl, "%s%s %s(", clang_Cursor_getStorageClass(fn) == CX_SC_Static ? "static " : "",
				    text, name);
		else
			strbuf_addf(decl, "%s%s", i ? ", " : "", text);
		free(text);
	}
	if (ok)
		strbuf_addf(decl, "%s);", clang_getNumArgTypes(type) ? "" : "void");
	return ok;
}

static bool synth_prototype(struct synth *s, const char *message, CXDiagnostic diag, CXTranslationUnit tu)
{
	char *name = s->cplusplus ? NULL : quoted_name(message, "conflicting types for ");
	if (!s->cplusplus && !name)
		name = quoted_name(message, "static declaration of ");
	if (!name)
		return false;
	bool implicit = false;
	CXDiagnosticSet notes = clang_getChildDiagnostics(diag);
	for (unsigned i = 0, n = notes ? clang_getNumDiagnosticsInSet(notes) : 0; i < n && !implicit; i++) {
		CXDiagnostic note = clang_getDiagnosticInSet(notes, i);
		char *said = cxstring_take(clang_getDiagnosticSpelling(note));
		implicit = !strcmp(said, "previous implicit declaration is here");
		free(said);
		clang_disposeDiagnostic(note);
	}
	CXCursor fn = implicit ? clang_getCursor(tu, clang_getDiagnosticLocation(diag)) : clang_getNullCursor();
	char *spelled = fn.kind == CXCursor_FunctionDecl ? cursor_spelling(fn) : NULL;
	struct strbuf decl = STRBUF_INIT;
	bool ok = spelled && !strcmp(spelled, name) && !declared(s, name) && prototype_of(fn, name, &decl);
	if (ok) {
		CXFile file;
		unsigned line, column, offset;
		clang_getFileLocation(clang_getDiagnosticLocation(diag), &file, &line, &column, &offset);
		record(s, name, "a routine declared ahead of its definition", file, line, column, offset)->decl =
			xstrdup(strbuf_str(&decl));
	}
	strbuf_release(&decl);
	free(spelled);
	free(name);
	return ok;
}

/* Our declaration of `name` (not a member) of a kind `kind` accepts, or NULL. */
static struct synth_decl *assumed_as(struct synth *s, const char *name, bool (*kind)(const char *assumed))
{
	for (size_t i = 0; i < s->len; i++)
		if (!s->items[i].member && !strcmp(s->items[i].name, name) && kind(s->items[i].assumed))
			return &s->items[i];
	return NULL;
}

static bool value_kind(const char *assumed)
{
	return !strcmp(assumed, "a variable") || !strcmp(assumed, "a constant");
}

/* Any variable not yet declared ahead of its definition. */
static bool variable_kind(const char *assumed)
{
	return strstr(assumed, "variable") && !strstr(assumed, "ahead");
}

/* Our declaration of `name` (of `kind`) that a redefinition revises: the
 * one the diagnostic `diag` is at, when the cursor there is a `want` that
 * names `name` (left in `*at`). */
static struct synth_decl *redefined(struct synth *s, const char *name, bool (*kind)(const char *assumed),
				    enum CXCursorKind want, CXDiagnostic diag, CXTranslationUnit tu, CXCursor *at)
{
	struct synth_decl *ours = assumed_as(s, name, kind);
	*at = ours ? clang_getCursor(tu, clang_getDiagnosticLocation(diag)) : clang_getNullCursor();
	char *spelled = at->kind == want ? cursor_spelling(*at) : NULL;
	bool same = spelled && !strcmp(spelled, name);
	free(spelled);
	return same ? ours : NULL;
}

/* A name assumed a variable or constant that the file then defines as a
 * routine ("redefinition of 'EvtUnload' as different kind of symbol": its
 * address was taken, `config.EvtDriverUnload = EvtUnload;`, before the
 * definition, and the prototype was in a missing header) is that routine,
 * declared ahead. */
static bool synth_redefined(struct synth *s, const char *message, CXDiagnostic diag, CXTranslationUnit tu)
{
	char *name = strstr(message, "as different kind of symbol") ? quoted_name(message, "redefinition of ") : NULL;
	if (!name)
		return false;
	CXCursor fn;
	struct synth_decl *ours = redefined(s, name, value_kind, CXCursor_FunctionDecl, diag, tu, &fn);
	struct strbuf decl = STRBUF_INIT;
	bool ok = ours && prototype_of(fn, name, &decl);
	if (ok)
		revise(ours, strbuf_detach(&decl), "a routine declared ahead of its definition");
	strbuf_release(&decl);
	free(name);
	return ok;
}

/* A case label's constant, distinct for each assumed name (its index): the
 * low byte starts high, so a switch on a UCHAR (IRP minor codes) keeps the
 * labels apart from the small values the kit's constants have. */
static char *case_constant(const char *name, size_t index)
{
	return xasprintf("enum entrycheck_constant_%s { %s = 0x7ec000c0 + %zu };", name, name, index);
}

/* A name assumed a pointer type by its P prefix (PKTMON_CLIENT_DISPATCH:
 * the prefix of "packet monitor") that the code uses as the structure itself
 * (`PKTMON_X d = { .Size = ... }`, `ctx.Count`) is the structure's type. */
static bool synth_retype_pointer(struct synth *s, const char *message)
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
	char *name = xstrndup(p, (size_t)(end - p));
	bool revised = false;
	for (size_t i = 0; i < s->len && !revised; i++) {
		struct synth_decl *d = &s->items[i];
		if (d->member || strcmp(d->name, name) || strcmp(d->assumed, "a pointer to an opaque structure"))
			continue;
		new_struct(s, name + 1, true);
		revise(d, xasprintf("typedef struct entrycheck_%s %s;", name + 1, name), "an opaque structure type");
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
static bool synth_retyped_variable(struct synth *s, const char *message, CXDiagnostic diag, CXTranslationUnit tu)
{
	char *name = strstr(message, "' with a different type: '") ? quoted_name(message, "redefinition of ") : NULL;
	if (!name)
		return false;
	CXCursor var;
	struct synth_decl *ours = redefined(s, name, variable_kind, CXCursor_VarDecl, diag, tu, &var);
	char *text = ours ? cxstring_take(clang_getTypeSpelling(clang_getCanonicalType(clang_getCursorType(var))))
			  : NULL;
	bool ok = text && !strpbrk(text, "([") && !strstr(text, "(unnamed") && !strstr(text, "(anonymous");
	if (ok)
		revise(ours, xasprintf("extern %s %s;", text, name), "a variable declared ahead of its definition");
	free(text);
	free(name);
	return ok;
}

/* Constants assumed 0 that label cases of one switch ("duplicate case
 * value: 'A' and 'B' both equal '0'") are distinct, as case labels are: the
 * labels were written as a macro's arguments (`CASE_STR(IRP_MN_X)`), where
 * their uses did not show the `case`. */
static bool synth_distinct_cases(struct synth *s, const char *message)
{
	if (strncmp(message, "duplicate case value: '", 23))
		return false;
	bool revised = false;
	const char *p = message + 22;
	for (int k = 0; k < 2 && p; k++) {
		char *name = quoted_name(p, "");
		for (size_t i = 0; name && i < s->len; i++) {
			struct synth_decl *d = &s->items[i];
			if (d->member || strcmp(d->name, name) || strcmp(d->assumed, "a constant") ||
			    !strstr(d->decl, " = 0 }"))
				continue;
			free(d->decl);
			d->decl = case_constant(name, i);
			revised = true;
		}
		free(name);
		p = strstr(p + 1, " and '");
		p = p ? p + 5 : NULL;
	}
	return revised;
}

/* The text of the file a call diagnostic points into, the called name (clang
 * points at the name or at the call's parenthesis) and, when `end` is not
 * NULL, where the name ends; NULL when there is no such text. */
static const char *callee_at(CXTranslationUnit tu, CXSourceLocation loc, struct token *name, size_t *len,
			     size_t *end)
{
	CXFile file;
	unsigned offset;
	size_t past;
	const char *text = text_at(tu, loc, &file, &offset, len);
	if (!text)
		return NULL;
	token_after(text, *len, offset, name, &past);
	if (is(name, "(")) {
		token_before(text, offset, name);
		past = offset;
	}
	if (end)
		*end = past;
	return text;
}

/* C: a member assumed an integer that the code calls (`h->Dispatch->Cleanup(...)`
 * after `h->Dispatch->Cleanup != NULL`) is a routine pointer. */
static bool member_called(struct synth *s, CXTranslationUnit tu, CXSourceLocation loc)
{
	struct token name, op;
	size_t len, at;
	const char *text = callee_at(tu, loc, &name, &len, &at);
	if (!text)
		return false;
	while (at > 0 && isspace((unsigned char)text[at - 1]))
		at--;
	token_before(text, at - strlen(name.text), &op);
	if (name.kind != TOK_IDENT || !(is(&op, "->") || is(&op, ".")))
		return false;
	bool revised = false;
	for (size_t k = 0; k < s->nstructs; k++) {
		struct synth_struct *st = &s->structs[k];
		for (size_t m = 0; m < st->members.len; m++) {
			if (strcmp(st->members.items[m], name.text) || strcmp(st->types.items[m], SCALAR_MEMBER))
				continue;
			free(st->types.items[m]);
			st->types.items[m] = xstrdup("long (*%s)()");
			revised = true;
		}
	}
	return revised;
}

/* C: a name assumed a variable that the code then calls (`Unload = X;` first,
 * `X(d);` later) is a function; a type assumed an integer that a called
 * object has (`fn = (tRoutine)MmGetSystemRoutineAddress(...); fn();`) is a
 * routine pointer type. */
static bool synth_retype_called(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	static const char typed[] = "called object type '";
	static const char integer[] = "' (aka 'long long') is not a function or function pointer";
	const char *end = s->cplusplus ? NULL : strstr(message, integer);
	if (end && !strncmp(message, typed, sizeof(typed) - 1)) {
		char *type = xstrndup(message + sizeof(typed) - 1, (size_t)(end - message) - (sizeof(typed) - 1));
		bool revised = false;
		for (size_t i = 0; i < s->len && !revised; i++) {
			struct synth_decl *d = &s->items[i];
			if (d->member || strcmp(d->name, type) || strcmp(d->assumed, "an integer type"))
				continue;
			revise(d, xasprintf("typedef long (*%s)();", d->name), "a routine pointer type");
			revised = true;
		}
		free(type);
		return revised;
	}
	if (!s->cplusplus && !strcmp(message, "called object type 'long long' is not a function or function pointer"))
		return member_called(s, tu, loc);
	if (s->cplusplus || strcmp(message, "called object type 'long' is not a function or function pointer"))
		return false;
	struct token name;
	size_t len;
	const char *text = callee_at(tu, loc, &name, &len, NULL);
	if (!text)
		return false;
	for (size_t i = 0; name.kind == TOK_IDENT && i < s->len; i++) {
		struct synth_decl *d = &s->items[i];
		if (d->member || strcmp(d->name, name.text) || strcmp(d->assumed, "a variable"))
			continue;
		/* Stored to as well (`fn = (tRoutine)Lookup(...)`): a routine pointer. */
		bool stored = false;
		size_t n = strlen(d->name);
		for (size_t at = 0; at + n <= len && !stored; at++) {
			if (text[at] != d->name[0] || strncmp(text + at, d->name, n) ||
			    (at > 0 && ident_char(text[at - 1])) || (at + n < len && ident_char(text[at + n])))
				continue;
			struct token op;
			size_t past;
			token_after(text, len, at + n, &op, &past);
			stored = is(&op, "=");
		}
		revise(d, xasprintf(stored ? "extern long (*%s)();" : "long %s();", d->name),
		       stored ? "a routine pointer variable" : "a function returning an integer");
		return true;
	}
	return false;
}

/* Where `word` is written as a whole word from `from` to the end of the
 * statement (`;`, `{` or `}`), or `len`. */
static size_t word_in_statement(const char *text, size_t len, size_t from, const char *word)
{
	size_t n = strlen(word);
	for (size_t i = from; i + n <= len && !strchr(";{}", text[i]); i++)
		if (!strncmp(text + i, word, n) && !ident_char(text[i - 1]) &&
		    (i + n == len || !ident_char(text[i + n])))
			return i;
	return len;
}

/* "no member named 'M' in ..." (at M) or a member access into one of our
 * incomplete structures (at the `.` or `->` before M). */
static bool synth_member(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	/* C++ reads `Class::Routine(x);` as a declaration first: "no type named". */
	bool as_type = !strncmp(message, "no type named '", 15);
	/* C's designated initializer `{ .Field = x }`; a member's own member
	 * (`.Info.Name = x`) is in a type that has no typedef name to explain. */
	bool designator = !strncmp(message, "field designator '", 18);
	bool missing = as_type || designator || !strncmp(message, "no member named '", 17);
	struct synth_struct *st = designator && strstr(message, "(aka '") ? named_struct(s, message, "(aka '")
			  : designator ? named_struct(s, message, "in type '")
			  : missing ? named_struct(s, message, "' in '")
			  : !strncmp(message, "incomplete definition of type '", 31)
				  ? named_struct(s, message, "of type '")
			  : !strncmp(message, "member access into incomplete type '", 36)
				  ? named_struct(s, message, "type '")
				  : NULL;
	if (!st)
		return false;
	CXFile file;
	unsigned line, column, offset;
	size_t len;
	const char *text = text_at(tu, loc, &file, &offset, &len);
	if (!text)
		return false;
	clang_getFileLocation(loc, NULL, &line, &column, NULL);
	size_t at = offset;
	if (!missing) {
		struct token op;
		size_t next;
		token_after(text, len, at, &op, &next);
		if (!is(&op, ".") && !is(&op, "->"))
			return false;
		at = next;
		while (at < len && isspace((unsigned char)text[at]))
			at++;
	}
	size_t end = at;
	while (end < len && ident_char(text[end]))
		end++;
	if (end == at)
		return false;
	char *member = xstrndup(text + at, end - at);
	if (missing) {
		char *quoted = quoted_name(message, as_type ? "no type named " : designator ? "field designator "
											  : "no member named ");
		bool same = quoted && !strcmp(quoted, member);
		/* At a macro's name (FIELD_OFFSET(T, Field)): the member is one
		 * of its arguments, further on in the statement. */
		size_t found = quoted && !same ? word_in_statement(text, len, end, quoted) : len;
		if (found < len) {
			free(member);
			member = xstrdup(quoted);
			at = found;
			end = found + strlen(quoted);
			same = true;
		}
		free(quoted);
		if (!same) { /* written inside a macro's body: the text there is not the name */
			free(member);
			return false;
		}
	}
	struct token after, scope;
	size_t next;
	token_after(text, len, end, &after, &next);
	token_before(text, at, &scope);
	if (!missing) {
		CXSourceLocation at_member = clang_getLocationForOffset(tu, file, (unsigned)at);
		clang_getFileLocation(at_member, NULL, &line, &column, NULL);
	}
	size_t before = s->len;
	add_member(s, st, member, is(&scope, "::"), as_type, &after, file, line, column, (unsigned)at);
	free(member);
	return s->len > before;
}

/* What an undeclared identifier's use asks for, strongest last: a use in
 * string concatenation outweighs the rest, since a macro like __MODULE__ is
 * used both ways and only a string serves both; a structure's member
 * reached through the name outweighs a plain read or store of it. */
enum use { USE_SCOPE, USE_CONSTANT, USE_CASE, USE_VARIABLE, USE_POINTER, USE_STRUCT, USE_STRUCT_POINTER,
	   USE_FUNCTION, USE_STRING, USE_TYPE };

/* Whether a `*` before a name, itself after `before`, dereferences it
 * rather than multiplies: nothing that ends an operand comes before it. */
static bool unary_star(const struct token *before)
{
	if (before->kind == TOK_IDENT)
		return is(before, "return") || is(before, "case");
	return before->kind == TOK_NONE || (before->kind == TOK_PUNCT && !is(before, ")") && !is(before, "]") &&
					     !is(before, "++") && !is(before, "--"));
}

static enum use use_in_context(const char *name, const struct token *before, const struct token *after,
			       const struct token *after2, const struct token *before_star)
{
	if (is(after, "::"))
		return USE_SCOPE;
	if (is(after, "."))
		return USE_STRUCT;
	if (is(after, "->"))
		return USE_STRUCT_POINTER;
	/* `NAME x` or `NAME *x` in a statement: clang took NAME for an
	 * expression, but a product whose value is dropped is no statement
	 * anyone writes. */
	if (before->kind == TOK_PUNCT && strchr(";{}", before->text[0]) &&
	    (after->kind == TOK_IDENT || (is(after, "*") && after2->kind == TOK_IDENT)))
		return USE_TYPE;
	/* `(NAME)Lookup(...)`: a parenthesized name before a name is a cast,
	 * unless the parenthesis holds a call's or a macro's arguments
	 * (`CASE_STR(NAME) CASE_STR(...)`) or a condition (`if (NAME) x = 0;`). */
	if (is(before, "(") && is(after, ")") && after2->kind == TOK_IDENT &&
	    !(before_star->kind == TOK_IDENT && !is(before_star, "return") && !is(before_star, "case")))
		return USE_TYPE;
	/* `(NAME*)p`: no product ends in its operator. */
	if (is(before, "(") && is(after, "*") && is(after2, ")"))
		return USE_TYPE;
	/* `sizeof(MY_INFO)`: an all-capitals name measured is a type far more
	 * often than a constant (a variable's name has lower case). */
	if (is(before, "(") && is(after, ")") && is(before_star, "sizeof") && !has_lower(name))
		return USE_TYPE;
	if (before->kind == TOK_STRING || after->kind == TOK_STRING)
		return USE_STRING;
	/* Two names side by side in an expression: only string literals may
	 * stand so (`PREFIX NAME`, both macros of a missing header). */
	if (after->kind == TOK_IDENT && !is(before, "case") && !is(before, "return"))
		return USE_STRING;
	if (is(after, "("))
		return USE_FUNCTION;
	if (is(before, "case"))
		return USE_CASE;
	if (is(after, "[") || (is(before, "*") && unary_star(before_star)))
		return USE_POINTER;
	if (is(after, "=") || is(after, "+=") || is(after, "-=") || is(after, "|=") ||
	    is(after, "&=") || is(after, "++") || is(after, "--") || is(before, "++") ||
	    is(before, "--"))
		return USE_VARIABLE;
	return USE_CONSTANT;
}

/* The token before the token that ends at `at` (for `x * NAME`). */
static void token_before_before(const char *text, size_t at, const struct token *before, struct token *t)
{
	while (at > 0 && isspace((unsigned char)text[at - 1]))
		at--;
	size_t n = strlen(before->text);
	token_before(text, at >= n ? at - n : 0, t);
}

/* Whether the name at `at`, with `after` next, is an argument the kit's
 * macros read as a type: CONTAINING_RECORD(p, OPEN_INSTANCE, Link),
 * FIELD_OFFSET(T, f), and the framework's context-type macros. A constant
 * there would read `(0 *)`. A template's name (`Item<T>`) is left to the
 * rest. */
static bool type_argument(const char *text, size_t at, const struct token *after)
{
	if (!is(after, ",") && !is(after, ")"))
		return false;
	static const struct { const char *macro; unsigned index; } takes[] = {
		{ "CONTAINING_RECORD", 1 }, { "FIELD_OFFSET", 0 }, { "RTL_FIELD_SIZE", 0 },
		{ "RTL_SIZEOF_THROUGH_FIELD", 0 }, { "RTL_FIELD_TYPE", 0 }, { "TYPE_ALIGNMENT", 0 },
		{ "offsetof", 0 }, { "WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE", 1 },
		{ "WDF_OBJECT_ATTRIBUTES_SET_CONTEXT_TYPE", 1 }, { "WDF_DECLARE_CONTEXT_TYPE", 0 },
		{ "WDF_DECLARE_CONTEXT_TYPE_WITH_NAME", 0 }, { "WDF_GET_CONTEXT_TYPE_INFO", 0 },
	};
	unsigned depth = 0, commas = 0;
	size_t i = at, floor = at > 4096 ? at - 4096 : 0;
	while (i > floor) {
		char c = text[--i];
		if (c == ')')
			depth++;
		else if (c == '(' && depth)
			depth--;
		else if (c == ',' && !depth)
			commas++;
		else if (c == '(')
			break;
		else if (c == ';' || c == '{' || c == '}')
			return false;
	}
	if (i == floor || text[i] != '(')
		return false;
	while (i > 0 && isspace((unsigned char)text[i - 1]))
		i--;
	size_t end = i;
	while (i > 0 && ident_char(text[i - 1]))
		i--;
	for (size_t k = 0; k < sizeof(takes) / sizeof(takes[0]); k++)
		if (end - i == strlen(takes[k].macro) && !strncmp(text + i, takes[k].macro, end - i))
			return takes[k].index == commas;
	return false;
}

struct use_search {
	CXTranslationUnit tu;
	const char *name;
	enum use use;
	bool found;
};

/* Every use of the name in one file of the unit (not the system headers). */
static void uses_in_file(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	struct use_search *u = data;
	if (depth > 0 && clang_Location_isInSystemHeader(stack[0]))
		return;
	size_t len = 0;
	const char *text = clang_getFileContents(u->tu, file, &len);
	size_t n = strlen(u->name);
	for (size_t at = 0; text && at + n <= len; at++) {
		if (text[at] != u->name[0] || strncmp(text + at, u->name, n))
			continue;
		if ((at > 0 && ident_char(text[at - 1])) || (at + n < len && ident_char(text[at + n])))
			continue;
		struct token before, after, after2, before_star;
		size_t next;
		token_before(text, at, &before);
		token_before_before(text, at, &before, &before_star);
		token_after(text, len, at + n, &after, &next);
		token_after(text, len, next, &after2, &next);
		enum use use = type_argument(text, at, &after) ? USE_TYPE
							: use_in_context(u->name, &before, &after, &after2, &before_star);
		if (!u->found || use > u->use)
			u->use = use;
		u->found = true;
	}
}

static enum use identifier_use(CXTranslationUnit tu, CXFile file, unsigned offset, const char *name)
{
	struct token before, after, after2;
	if (context(tu, file, offset, name, &before, &after, &after2)) {
		size_t len = 0;
		const char *text = clang_getFileContents(tu, file, &len);
		struct token before_star;
		token_before_before(text, offset, &before, &before_star);
		if (type_argument(text, offset, &after))
			return USE_TYPE;
		return use_in_context(name, &before, &after, &after2, &before_star);
	}
	/* Used inside a macro's body: libclang gives the expansion site, so
	 * judge by every place the name is written in the unit's files. */
	struct use_search u = { tu, name, USE_CONSTANT, false };
	clang_getInclusions(tu, uses_in_file, &u);
	return u.use;
}

static void synth_identifier(struct synth *s, const char *name, enum use use, CXFile file,
			     unsigned line, unsigned column, unsigned offset)
{
	/* C's true and false are <stdbool.h>'s, which the missing header
	 * included: a variable would make `bool b = false;` at file scope an
	 * error and `b == true` a guess. */
	if (!s->cplusplus && (!strcmp(name, "true") || !strcmp(name, "false"))) {
		add(s, name, "a constant of <stdbool.h>", file, line, column, offset, "#define %s %d", name,
		    name[0] == 't');
		return;
	}
	switch (use) {
	case USE_TYPE:
		return; /* declared as a type by the caller */
	case USE_SCOPE:
		/* C++ `NAME::Member`: a class whose static members come as used
		 * (a scoped enumeration, a class of static routines). The
		 * standard library's namespace comes with the compiler, not with
		 * a missing header. */
		if (s->cplusplus && strcmp(name, "std")) {
			new_struct(s, name, true);
			add(s, name, "a class", file, line, column, offset, "typedef struct entrycheck_%s %s;",
			    name, name);
		}
		return;
	case USE_STRUCT:
	case USE_STRUCT_POINTER:
		/* A global of a missing header reached by its members: a
		 * structure (or a pointer to one) given the members used. */
		new_struct(s, name, use == USE_STRUCT);
		add(s, name, use == USE_STRUCT ? "a structure variable" : "a pointer to a structure variable", file,
		    line, column, offset, "extern struct entrycheck_%s %s%s;", name,
		    use == USE_STRUCT ? "" : "*", name);
		return;
	case USE_POINTER:
		add(s, name, "a pointer variable", file, line, column, offset,
		    s->cplusplus ? "extern entrycheck_unknown %s;" : "extern long long *%s;", name);
		return;
	case USE_STRING:
		add(s, name, "a string macro", file, line, column, offset, "#define %s \"\"", name);
		return;
	case USE_FUNCTION:
		if (s->cplusplus)
			add(s, name, "a function", file, line, column, offset,
			    "template <class... A> entrycheck_unknown %s(A &&...);", name);
		else
			add(s, name, "a function returning an integer", file, line, column, offset,
			    "long %s();", name);
		return;
	case USE_CASE: {
		char *decl = case_constant(name, s->len);
		record(s, name, "a constant", file, line, column, offset)->decl = decl;
		return;
	}
	case USE_CONSTANT:
		/* A status code (NDIS_STATUS_ADAPTER_NOT_READY) read as 0 would be
		 * a success: by the NTSTATUS naming, one that names neither success
		 * nor pending is a failure. */
		if (!has_lower(name) && strstr(name, "STATUS_") && !strstr(name, "SUCCESS") &&
		    !strstr(name, "PENDING")) {
			add(s, name, "a failure status constant", file, line, column, offset,
			    "enum entrycheck_constant_%s { %s = (int)0xC0000001 };", name, name);
			return;
		}
		if (!has_lower(name)) {
			add(s, name, "a constant", file, line, column, offset,
			    "enum entrycheck_constant_%s { %s = 0 };", name, name);
			return;
		}
		/* A mixed-case name read as a value is more likely a variable or
		 * a routine (`Unload = SampleUnload`) than a constant, and 0
		 * would read as NULL. */
		/* fall through */
	case USE_VARIABLE:
		add(s, name, "a variable", file, line, column, offset,
		    s->cplusplus ? "extern entrycheck_unknown %s;" : "extern long %s;", name);
		return;
	}
}

struct define_search {
	CXTranslationUnit tu;
	const char *name;
	bool found;
};

/* Whether a `#define name` line sits in one of the unit's user files. */
static void defines_in_file(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	struct define_search *u = data;
	if (u->found || (depth > 0 && clang_Location_isInSystemHeader(stack[0])))
		return;
	size_t len = 0;
	const char *text = clang_getFileContents(u->tu, file, &len);
	size_t n = strlen(u->name);
	for (size_t at = 0; text && at + n <= len && !u->found; at++) {
		if (text[at] != '#')
			continue;
		size_t p = at + 1;
		while (p < len && (text[p] == ' ' || text[p] == '\t'))
			p++;
		if (p + 6 > len || strncmp(text + p, "define", 6))
			continue;
		p += 6;
		while (p < len && (text[p] == ' ' || text[p] == '\t'))
			p++;
		u->found = p + n <= len && !strncmp(text + p, u->name, n) &&
			   (p + n == len || !ident_char(text[p + n]));
	}
}

/* Whether a name seen beside a string may be assumed a string macro: not
 * the compiler's (`__FUNCTION__`), not assumed already, and defined by no
 * `#define` of the unit's own files. */
static bool assumable(const struct synth *s, CXTranslationUnit tu, const char *name)
{
	if (!strncmp(name, "__", 2) || declared(s, name))
		return false;
	struct define_search d = { tu, name, false };
	clang_getInclusions(tu, defines_in_file, &d);
	return !d.found;
}

/* Skips a string literal (with its encoding prefix) at `at`; returns the
 * offset after it, or `at` when there is none. */
static size_t skip_string(const char *text, size_t len, size_t at)
{
	size_t p = at;
	while (p < len && p - at < 2 && (text[p] == 'L' || text[p] == 'u' || text[p] == 'U' ||
					 text[p] == '8'))
		p++;
	if (p >= len || text[p] != '"')
		return at;
	for (p++; p < len && text[p] != '"' && text[p] != '\n'; p++)
		if (text[p] == '\\')
			p++;
	return p < len && text[p] == '"' ? p + 1 : at;
}

/* Clang stops at the first undeclared name of a string concatenation, so
 * `A "." B "." C` would take a round per name: the names after `name` (a
 * string macro) in the same concatenation are string macros too (nothing
 * else can sit next to a string), unless the unit defines them. */
static void synth_string_chain(struct synth *s, CXTranslationUnit tu, CXFile file, unsigned offset,
			       const char *name)
{
	size_t len = 0;
	const char *text = file ? clang_getFileContents(tu, file, &len) : NULL;
	size_t at = offset + strlen(name);
	if (!text || at > len)
		return;
	bool after_string = true;
	for (int tokens = 0; tokens < 64; tokens++) {
		while (at < len && isspace((unsigned char)text[at]))
			at++;
		size_t end = skip_string(text, len, at);
		if (end > at) {
			after_string = true;
			at = end;
			continue;
		}
		if (at >= len || !ident_char(text[at]) || isdigit((unsigned char)text[at]))
			return;
		size_t start = at;
		while (at < len && ident_char(text[at]))
			at++;
		size_t next = at;
		while (next < len && isspace((unsigned char)text[next]))
			next++;
		bool before_string = skip_string(text, len, next) > next;
		if (!after_string && !before_string)
			return;
		char *other = xstrndup(text + start, at - start);
		after_string = assumable(s, tu, other);
		if (after_string) {
			unsigned line = 0, column = 0;
			CXSourceLocation loc = clang_getLocationForOffset(tu, file, (unsigned)start);
			clang_getFileLocation(loc, NULL, &line, &column, NULL);
			add(s, other, "a string macro", file, line, column, (unsigned)start, "#define %s \"\"", other);
		}
		free(other);
	}
}

/* Clang reports a name written after a string literal (`L"\\Device\\"
 * NAME`) as a syntax error ("expected ')'"), not as undeclared: such a name,
 * defined nowhere in the unit, is a string macro of a missing header. */
static bool synth_after_string(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	if (strncmp(message, "expected ", 9))
		return false;
	CXFile file;
	unsigned line, column, offset;
	size_t len;
	const char *text = text_at(tu, loc, &file, &offset, &len);
	if (!text || !ident_char(text[offset]) || isdigit((unsigned char)text[offset]) ||
	    (offset > 0 && ident_char(text[offset - 1])))
		return false;
	clang_getFileLocation(loc, NULL, &line, &column, NULL);
	struct token before;
	token_before(text, offset, &before);
	if (before.kind != TOK_STRING)
		return false;
	size_t end = offset;
	while (end < len && ident_char(text[end]))
		end++;
	char *name = xstrndup(text + offset, end - offset);
	bool added = assumable(s, tu, name);
	if (added) {
		add(s, name, "a string macro", file, line, column, offset, "#define %s \"\"", name);
		synth_string_chain(s, tu, file, offset, name);
	}
	free(name);
	return added;
}

/* Clang reports "expected expression" at an operator passed as an argument
 * (`ASSERT3U(x, ==, 0)`): only a macro takes one, so an undefined callee
 * there is a function-like macro, assumed to expand to nothing. */
static bool synth_operator_argument(struct synth *s, const char *message, CXTranslationUnit tu, CXSourceLocation loc)
{
	if (strcmp(message, "expected expression"))
		return false;
	CXFile file;
	unsigned offset;
	size_t len;
	const char *text = text_at(tu, loc, &file, &offset, &len);
	if (!text)
		return false;
	struct token op, before, after;
	size_t next;
	token_after(text, len, offset, &op, &next);
	token_before(text, offset, &before);
	token_after(text, len, next, &after, &next);
	if (op.kind != TOK_PUNCT || !strchr("=!<>&|+-*/%^", op.text[0]) || !is(&before, ",") ||
	    !(is(&after, ",") || is(&after, ")")))
		return false;
	/* Back to the unmatched `(` and the name before it. */
	size_t at = offset;
	for (int depth = 0; at > 0; at--) {
		char c = text[at - 1];
		if (c == ')' || c == ']')
			depth++;
		else if ((c == '(' || c == '[') && depth-- == 0)
			break;
		else if (c == ';' || c == '{' || c == '}')
			return false;
	}
	if (at == 0 || text[at - 1] != '(')
		return false;
	struct token callee;
	token_before(text, at - 1, &callee);
	if (callee.kind != TOK_IDENT)
		return false;
	struct define_search defined = { tu, callee.text, false };
	clang_getInclusions(tu, defines_in_file, &defined);
	if (defined.found)
		return false;
	unsigned line, column;
	size_t start = at - 1;
	while (start > 0 && isspace((unsigned char)text[start - 1]))
		start--;
	start -= strlen(callee.text);
	clang_getFileLocation(clang_getLocationForOffset(tu, file, (unsigned)start), NULL, &line, &column, NULL);
	for (size_t i = 0; i < s->len; i++) {
		struct synth_decl *d = &s->items[i];
		if (d->member || strcmp(d->name, callee.text))
			continue;
		if (!strncmp(d->assumed, "a function-like macro", 21))
			return false;
		revise(d, xasprintf("#define %s(...) ((void)0)", d->name), "a function-like macro that takes an operator");
		return true;
	}
	add(s, callee.text, "a function-like macro that takes an operator", file, line, column, (unsigned)start,
	    "#define %s(...) ((void)0)", callee.text);
	return true;
}

/* C++ reads `Locker locker(Lock);` as a function declaration, so clang
 * calls Lock an unknown type; when the code elsewhere reaches into it
 * (`Lock.Init()`), it is an object passed to a constructor. */
static bool vexing_parse(const struct synth *s, CXTranslationUnit tu, CXFile file, unsigned offset, const char *name)
{
	struct token before, after, after2;
	if (!s->cplusplus || !context(tu, file, offset, name, &before, &after, &after2) || !is(&before, "(") ||
	    !is(&after, ")"))
		return false;
	struct use_search u = { tu, name, USE_CONSTANT, false };
	clang_getInclusions(tu, uses_in_file, &u);
	return u.use == USE_STRUCT || u.use == USE_STRUCT_POINTER;
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
		char *type = quoted_name(message, "unknown type name ");
		char *ident = type ? NULL : quoted_name(message, "use of undeclared identifier ");
		const char *name = type ? type : ident;
		CXSourceLocation loc = clang_getDiagnosticLocation(d);
		/* Our declarations come before the file's headers, so a name unknown in
		 * them (a type of the driver's header in a class's method) is not
		 * missing: declaring it would clash with the header's own. */
		if (name && !declared(s, name) && !clang_Location_isInSystemHeader(loc) && !synth_header_at(loc)) {
			CXFile file;
			unsigned line, column, offset;
			clang_getFileLocation(loc, &file, &line, &column, &offset);
			if (type && !vexing_parse(s, tu, file, offset, name)) {
				synth_type(s, name, tu, file, line, column, offset);
			} else {
				enum use use = identifier_use(tu, file, offset, name);
				size_t k = 0;
				while (k < nnames && strcmp(names[k].name, name))
					k++;
				if (k == nnames) {
					GROW(names, cap, nnames + 1);
					names[nnames++] = (struct pending_name){ xstrdup(name), use, 0, file, line,
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
		if (declared(s, names[k].name) || (types && names[k].use != USE_TYPE))
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
	unsigned char *state = xcalloc(s->nstructs ? s->nstructs : 1, 1);
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
