/* SPDX-License-Identifier: Apache-2.0 */
/* A project's WPP configuration and the .tmh stub it gives (wpp.h). The
 * syntax is tracewpp's: "WPP Preprocessor" and "Can I customize WPP tracing"
 * in Microsoft's driver documentation describe FUNC, USEPREFIX, USESUFFIX and
 * CUSTOM_TYPE, and the WPP_<condition>_PRE/_POST macros a FUNC expands
 * between, the condition being the names of its keywords and arguments. */
#include "front/wpp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/source.h"
#include "base/strbuf.h"
#include "project/inputs.h"

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

static bool is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* [from, to) without surrounding space, as a new string. */
static char *trimmed(const char *from, const char *to)
{
	while (from < to && isspace((unsigned char)*from))
		from++;
	while (to > from && isspace((unsigned char)to[-1]))
		to--;
	return alloc_strndup(from, (size_t)(to - from));
}

/* The end of the bracket opened at `open` ('{' or '('), or NULL. */
static const char *closing(const char *open, const char *end)
{
	int depth = 0;
	for (const char *p = open; p < end; p++) {
		if (*p == '(' || *p == '{')
			depth++;
		else if ((*p == ')' || *p == '}') && --depth == 0)
			return p;
	}
	return NULL;
}

/* Calls `item` for each comma-separated part of [from, to) at depth 0. */
static bool split(const char *from, const char *to, bool (*item)(struct wpp_func *, const char *, const char *),
		  struct wpp_func *f)
{
	int depth = 0;
	const char *start = from;
	for (const char *p = from; p <= to; p++) {
		if (p < to && (*p == '(' || *p == '{'))
			depth++;
		else if (p < to && (*p == ')' || *p == '}'))
			depth--;
		else if (p == to || (*p == ',' && depth == 0)) {
			if (!item(f, start, p))
				return false;
			start = p + 1;
		}
	}
	return true;
}

static bool add_keyword(struct wpp_func *f, const char *from, const char *to)
{
	const char *eq = memchr(from, '=', (size_t)(to - from));
	if (!eq)
		return false;
	char *key = trimmed(from, eq), *value = trimmed(eq + 1, to);
	bool ok = key[0] && value[0];
	if (ok) {
		strvec_push(&f->keys, key);
		strvec_push(&f->values, value);
	}
	free(key);
	free(value);
	return ok;
}

static bool add_argument(struct wpp_func *f, const char *from, const char *to)
{
	char *arg = trimmed(from, to);
	bool ok = true;
	if (!strcmp(arg, "..."))
		f->varargs = true;
	else if (!strcmp(arg, "MSG"))
		f->msg = true;
	else if (arg[0] && !f->msg && !f->varargs)
		strvec_push(&f->args, arg);
	else
		ok = arg[0] == '\0' && f->args.len == 0 && !f->msg; /* FUNC F() */
	free(arg);
	return ok;
}

static void func_release(struct wpp_func *f)
{
	free(f->name);
	strvec_clear(&f->keys);
	strvec_clear(&f->values);
	strvec_clear(&f->args);
}

/* NAME{KEY=VALUE,...}(ARG, ..., MSG, ...) in [p, end). */
static bool parse_func(struct wpp_config *c, const char *p, const char *end)
{
	struct wpp_func f = { 0 };
	p = skip_space(p, end);
	const char *name = p;
	while (p < end && is_word_char(*p))
		p++;
	if (p == name || isdigit((unsigned char)*name))
		return false;
	f.name = alloc_strndup(name, (size_t)(p - name));
	p = skip_space(p, end);
	bool ok = true;
	if (p < end && *p == '{') {
		const char *close = closing(p, end);
		ok = close && split(p + 1, close, add_keyword, &f);
		p = close ? skip_space(close + 1, end) : end;
	}
	const char *close = ok && p < end && *p == '(' ? closing(p, end) : NULL;
	ok = ok && close && split(p + 1, close, add_argument, &f);
	for (size_t i = 0; ok && i < c->len; i++)
		ok = strcmp(c->funcs[i].name, f.name) != 0; /* the first one counts */
	if (!ok) {
		func_release(&f);
		return false;
	}
	GROW(c->funcs, c->cap, c->len + 1);
	c->funcs[c->len++] = f;
	return true;
}

bool wpp_config_add_func(struct wpp_config *c, const char *spec)
{
	return parse_func(c, spec, spec + strlen(spec));
}

/* The first word of a USEPREFIX(NAME, ...) or CUSTOM_TYPE(NAME, ...) line. */
static void add_named(struct strvec *names, const char *p, const char *end)
{
	p = skip_space(p, end);
	if (p >= end || *p != '(')
		return;
	p = skip_space(p + 1, end);
	const char *name = p;
	while (p < end && is_word_char(*p))
		p++;
	if (p > name) {
		char *n = alloc_strndup(name, (size_t)(p - name));
		if (!strvec_contains(names, n))
			strvec_push(names, n);
		free(n);
	}
}

static bool starts_word(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && !strncmp(p, word, n) && (p + n == end || !is_word_char(p[n]));
}

/* `#define WPP_<condition>_PRE(` or `_POST(` in [p, end): the condition
 * added to c->pre or c->post. */
static void add_hook(struct wpp_config *c, const char *p, const char *end)
{
	p = skip_space(p + 1, end);
	if (!starts_word(p, end, "define"))
		return;
	p = skip_space(p + 6, end);
	const char *name = p;
	while (p < end && is_word_char(*p))
		p++;
	size_t n = (size_t)(p - name);
	if (p >= end || *p != '(' || n < 4 || strncmp(name, "WPP_", 4))
		return;
	struct strvec *to = NULL;
	size_t suffix = 0;
	if (n > 8 && !strncmp(p - 4, "_PRE", 4)) {
		to = &c->pre;
		suffix = 4;
	} else if (n > 9 && !strncmp(p - 5, "_POST", 5)) {
		to = &c->post;
		suffix = 5;
	} else {
		return;
	}
	char *cond = alloc_strndup(name + 4, n - 4 - suffix);
	if (!strvec_contains(to, cond))
		strvec_push(to, cond);
	free(cond);
}

void wpp_config_scan(struct wpp_config *c, const char *text)
{
	bool in_block = false;
	for (const char *line = text; *line;) {
		const char *eol = strchr(line, '\n');
		const char *end = eol ? eol : line + strlen(line);
		const char *p = skip_space(line, end);
		if (p < end && *p == '#')
			add_hook(c, p, end);
		/* Configuration lines are comments: `// FUNC ...` (or in a block comment). */
		if (end - p >= 2 && p[0] == '/' && (p[1] == '/' || p[1] == '*'))
			p += 2;
		else if (end - p >= 1 && p[0] == '*')
			p += 1;
		p = skip_space(p, end);
		if (starts_word(p, end, "begin_wpp") && strstr(p, "config") && strstr(p, "config") < end)
			in_block = true;
		else if (starts_word(p, end, "end_wpp"))
			in_block = false;
		else if (in_block && starts_word(p, end, "FUNC"))
			parse_func(c, p + 4, end);
		else if (in_block && (starts_word(p, end, "USEPREFIX") || starts_word(p, end, "USESUFFIX")))
			add_named(&c->prefixed, p + 9, end);
		else if (in_block && starts_word(p, end, "CUSTOM_TYPE"))
			add_named(&c->custom_types, p + 11, end);
		if (!eol)
			break;
		line = eol + 1;
	}
}

static void joined(struct strbuf *sb, const struct strvec *a, const struct strvec *b, const char *sep)
{
	const char *s = "";
	for (size_t i = 0; a && i < a->len; i++, s = sep)
		strbuf_addf(sb, "%s%s", s, a->items[i]);
	for (size_t i = 0; b && i < b->len; i++, s = sep)
		strbuf_addf(sb, "%s%s", s, b->items[i]);
}

/* The no-effect call a FUNC's use becomes: it logs the message and its
 * arguments; the named arguments (LEVEL, FLAGS, an expression a PRE macro
 * tests) choose whether and where, and are not evaluated again. */
static void trace_call(struct strbuf *sb, const struct wpp_func *f)
{
	strbuf_adds(sb, "entrycheck_wpp_trace(0");
	if (f->msg)
		strbuf_adds(sb, ", MSG");
	if (f->varargs)
		strbuf_adds(sb, ", ##__VA_ARGS__");
	strbuf_adds(sb, ")");
}

char *wpp_tmh_content(const struct wpp_config *c)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "#include <entrycheck/wpp.h>\n");
	for (size_t i = 0; i < c->len; i++) {
		const struct wpp_func *f = &c->funcs[i];
		struct strbuf params = STRBUF_INIT, cond = STRBUF_INIT, values = STRBUF_INIT;
		joined(&params, &f->args, NULL, ", ");
		if (f->msg)
			strbuf_addf(&params, "%sMSG", params.len ? ", " : "");
		if (f->varargs)
			strbuf_addf(&params, "%s...", params.len ? ", " : "");
		joined(&cond, &f->keys, &f->args, "_");
		joined(&values, &f->values, &f->args, ", ");
		/* A project that defines PRE and POST after the .tmh include still
		 * has them where the trace function is used, which expands them. */
		bool hooked = cond.len && strvec_contains(&c->pre, strbuf_str(&cond)) &&
			      strvec_contains(&c->post, strbuf_str(&cond));
		strbuf_addf(&sb, "#ifndef %s\n", f->name);
		if (cond.len && !hooked)
			strbuf_addf(&sb, "#if defined(WPP_%s_PRE) && defined(WPP_%s_POST)\n", strbuf_str(&cond),
				    strbuf_str(&cond));
		if (cond.len) {
			strbuf_addf(&sb, "#define %s(%s) WPP_%s_PRE(%s) ", f->name, strbuf_str(&params),
				    strbuf_str(&cond), strbuf_str(&values));
			trace_call(&sb, f);
			strbuf_addf(&sb, "; WPP_%s_POST(%s)\n", strbuf_str(&cond), strbuf_str(&values));
		}
		if (!hooked) {
			strbuf_adds(&sb, cond.len ? "#else\n" : "");
			strbuf_addf(&sb, "#define %s(%s) ", f->name, strbuf_str(&params));
			trace_call(&sb, f);
			strbuf_adds(&sb, cond.len ? "\n#endif\n" : "\n");
		}
		strbuf_adds(&sb, "#endif\n");
		strbuf_release(&params);
		strbuf_release(&cond);
		strbuf_release(&values);
	}
	return strbuf_detach(&sb);
}

void wpp_config_release(struct wpp_config *c)
{
	for (size_t i = 0; i < c->len; i++)
		func_release(&c->funcs[i]);
	free(c->funcs);
	strvec_clear(&c->prefixed);
	strvec_clear(&c->custom_types);
	strvec_clear(&c->pre);
	strvec_clear(&c->post);
	memset(c, 0, sizeof(*c));
}

/* The trace functions a .vcxproj names in its WppTraceFunction metadata
 * (';' apart, as tracewpp's -func: options), one a line, or NULL for none. */
static char *func_list(const char *metadata)
{
	struct strbuf list = STRBUF_INIT;
	for (const char *p = metadata; p && *p;) {
		size_t n = strcspn(p, ";");
		char *spec = trimmed(p, p + n);
		/* An item metadata reference (%(...)) is the build's to expand. */
		if (spec[0] && !strstr(spec, "%(")) {
			strbuf_adds(&list, spec);
			strbuf_addc(&list, '\n');
		}
		free(spec);
		p += n + (p[n] == ';');
	}
	if (list.len)
		return strbuf_detach(&list);
	strbuf_release(&list);
	return NULL;
}

/* Adds the trace functions of `lines`, one a line (NULL: none). */
static void add_func_lines(struct wpp_config *wpp, const char *lines)
{
	for (const char *p = lines; p && *p;) {
		size_t n = strcspn(p, "\n");
		char *spec = alloc_strndup(p, n);
		wpp_config_add_func(wpp, spec);
		free(spec);
		p += n + (p[n] != '\0');
	}
}

void wpp_config_from_project(struct wpp_config *wpp, const struct driver_facts *facts)
{
	add_func_lines(wpp, facts->wpp_funcs);
	char *traced = func_list(facts->wpp_trace_function);
	add_func_lines(wpp, traced);
	free(traced);
	struct source src;
	const char *error;
	if (facts->wpp_scan && source_load(facts->wpp_scan, SOURCE_MAX_BYTES, &src, &error) == SOURCE_OK) {
		wpp_config_scan(wpp, src.text);
		source_release(&src);
	}
}
