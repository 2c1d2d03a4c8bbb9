/* SPDX-License-Identifier: Apache-2.0 */
/* MSBuild property functions, the common ones: String instance methods on a
 * property or a result ($(P.Substring(0,3)), $([System.String]::Copy('x').Length)),
 * a few static String methods, and the [MSBuild] arithmetic and path helpers.
 * Others (Regex, registry, file system, indexers) are not evaluated: the
 * caller expands them to nothing and says so. */
#include "project/msbuild.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/strvec.h"

#define MSBUILD_FN_DEPTH 16 /* nested $(...) inside arguments */

struct call {
	const char *name;          /* the member, not NUL-terminated */
	size_t len;
	bool has_args;
	struct strvec args;        /* expanded */
};

static bool call_is(const struct call *c, const char *name, size_t nargs)
{
	return c->len == strlen(name) && !strncasecmp(c->name, name, c->len) && c->args.len == nargs;
}

static const char *skip_space(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

static const char *skip_name(const char *p)
{
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	return p;
}

/* Reads "(a, 'b', $(C))" at `p` into c->args, each expanded; returns the
 * text after ')' or NULL when it cannot be read or expanded. */
static const char *read_args(const struct msbuild_scope *scope, const char *p, unsigned depth, struct call *c,
			     enum msbuild_fn_result *why)
{
	p = skip_space(p + 1);
	if (*p == ')')
		return p + 1;
	/* Arguments are held expanded: their sum is bounded as a value is (a
	 * Concat of thousands of long properties would take gigabytes first). */
	size_t total = 0;
	for (;;) {
		p = skip_space(p);
		const char *s = p, *e;
		char quote = *p == '\'' || *p == '"' || *p == '`' ? *p : 0;
		if (quote) {
			e = strchr(p + 1, quote);
			if (!e)
				return NULL;
			s = p + 1;
			p = e + 1;
		} else {
			int nest = 0;
			for (; *p && (nest || (*p != ',' && *p != ')')); p++)
				nest += (*p == '(') - (*p == ')');
			e = p;
			while (e > s && isspace((unsigned char)e[-1]))
				e--;
		}
		char *raw = alloc_strndup(s, (size_t)(e - s));
		char *value = msbuild_expand_at(scope, raw, depth + 1);
		free(raw);
		total += value ? strlen(value) : 0;
		if (!value || total > 2 * MSBUILD_VALUE_MAX) {
			free(value);
			*why = MSBUILD_FN_TOO_LONG;
			return NULL;
		}
		strvec_push(&c->args, value);
		free(value);
		p = skip_space(p);
		if (*p == ')')
			return p + 1;
		if (*p != ',')
			return NULL;
		p++;
	}
}

/* Reads a member and its arguments, if any, at `p`. */
static const char *read_call(const struct msbuild_scope *scope, const char *p, unsigned depth, struct call *c,
			     enum msbuild_fn_result *why)
{
	c->name = p;
	p = skip_name(p);
	c->len = (size_t)(p - c->name);
	if (!c->len)
		return NULL;
	p = skip_space(p);
	c->has_args = *p == '(';
	return c->has_args ? read_args(scope, p, depth, c, why) : p;
}

static bool ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static bool integer(const char *s, long long *out)
{
	s = skip_space(s);
	char *end;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return end != s && !errno && !*skip_space(end);
}

static char *boolean(bool b)
{
	return alloc_strdup(b ? "True" : "False");
}

/* .NET counts UTF-16 units: a 4-byte UTF-8 sequence is two. */
static size_t utf16_length(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80 ? 1 + (*p >= 0xF0) : 0;
	return n;
}

/* Whether Trim removes `ch`: one of the characters given, or a blank when none are. */
static bool trims(char ch, const struct strvec *chars)
{
	if (!chars->len)
		return isspace((unsigned char)ch);
	for (size_t i = 0; i < chars->len; i++)
		if (strchr(chars->items[i], ch))
			return true;
	return false;
}

static char *trimmed(const char *s, const struct strvec *chars, bool start, bool end)
{
	size_t a = 0, b = strlen(s);
	while (start && a < b && trims(s[a], chars))
		a++;
	while (end && b > a && trims(s[b - 1], chars))
		b--;
	return alloc_strndup(s + a, b - a);
}

static char *replaced(const char *s, const char *from, const char *to, enum msbuild_fn_result *why)
{
	size_t nfrom = strlen(from), nto = strlen(to), count = 0;
	for (const char *p = strstr(s, from); p; p = strstr(p + nfrom, from))
		count++;
	if (strlen(s) + count * nto > MSBUILD_VALUE_MAX + count * nfrom) {
		*why = MSBUILD_FN_TOO_LONG;
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = s, *q; *p; p = q + nfrom) {
		q = strstr(p, from);
		if (!q) {
			strbuf_adds(&sb, p);
			break;
		}
		strbuf_add(&sb, p, (size_t)(q - p));
		strbuf_adds(&sb, to);
	}
	return strbuf_detach(&sb);
}

/* A String instance member on `s`; NULL when it is not one we evaluate. */
static char *string_method(const char *s, const struct call *c, enum msbuild_fn_result *why)
{
	const struct strvec *a = &c->args;
	const char *x = a->len > 0 ? a->items[0] : NULL, *y = a->len > 1 ? a->items[1] : NULL;
	long long i = 0, n = 0;
	size_t len = strlen(s);
	if (!c->has_args)
		return call_is(c, "Length", 0) ? alloc_printf("%zu", utf16_length(s)) : NULL;
	if (call_is(c, "ToString", 0))
		return alloc_strdup(s);
	if (call_is(c, "Trim", a->len) || call_is(c, "TrimStart", a->len) || call_is(c, "TrimEnd", a->len))
		return ascii(s) ? trimmed(s, a, c->len != 7, c->len != 9) : NULL;
	if (call_is(c, "Replace", 2))
		return *x ? replaced(s, x, y, why) : NULL;
	if (call_is(c, "StartsWith", 1))
		return boolean(!strncmp(s, x, strlen(x)));
	if (call_is(c, "EndsWith", 1))
		return boolean(strlen(x) <= len && !strcmp(s + len - strlen(x), x));
	if (call_is(c, "Contains", 1))
		return boolean(strstr(s, x) != NULL);
	if (call_is(c, "Equals", 1))
		return boolean(!strcmp(s, x));
	/* The rest work on character positions: ASCII only, where bytes are characters. */
	if (!ascii(s) || (x && !ascii(x)))
		return NULL;
	if (call_is(c, "ToUpper", 0) || call_is(c, "ToUpperInvariant", 0) || call_is(c, "ToLower", 0) ||
	    call_is(c, "ToLowerInvariant", 0)) {
		char *r = alloc_strdup(s);
		for (char *p = r; *p; p++)
			*p = (char)(toupper((unsigned char)c->name[2]) == 'U' ? toupper((unsigned char)*p)
									   : tolower((unsigned char)*p));
		return r;
	}
	if ((call_is(c, "IndexOf", 1) || call_is(c, "LastIndexOf", 1)) && *x) {
		const char *at = NULL;
		for (const char *p = strstr(s, x); p; p = *p ? strstr(p + 1, x) : NULL) {
			at = p;
			if (c->len == 7)
				break;
		}
		return alloc_printf("%lld", at ? (long long)(at - s) : -1LL);
	}
	if (call_is(c, "Substring", 1) && integer(x, &i) && i >= 0 && (size_t)i <= len)
		return alloc_strdup(s + i);
	if (call_is(c, "Substring", 2) && integer(x, &i) && integer(y, &n) && i >= 0 && n >= 0 &&
	    (size_t)i <= len && (size_t)n <= len - (size_t)i)
		return alloc_strndup(s + i, (size_t)n);
	return NULL;
}

static char *arithmetic(const struct call *c)
{
	long long a, b, r;
	if (c->args.len != 2 || !integer(c->args.items[0], &a) || !integer(c->args.items[1], &b))
		return NULL;
	bool ok;
	if (call_is(c, "Add", 2))
		ok = !__builtin_add_overflow(a, b, &r);
	else if (call_is(c, "Subtract", 2))
		ok = !__builtin_sub_overflow(a, b, &r);
	else if (call_is(c, "Multiply", 2))
		ok = !__builtin_mul_overflow(a, b, &r);
	else if (call_is(c, "Divide", 2) || call_is(c, "Modulo", 2)) {
		/* Divide exactly only: MSBuild may divide as doubles. */
		bool divide = toupper((unsigned char)c->name[0]) == 'D';
		ok = b && !(a == LLONG_MIN && b == -1) && (!divide || a % b == 0);
		r = ok ? (divide ? a / b : a % b) : 0;
	} else {
		return NULL;
	}
	return ok ? alloc_printf("%lld", r) : NULL;
}

static int hex(char ch)
{
	return isdigit((unsigned char)ch) ? ch - '0' : isxdigit((unsigned char)ch) ? (tolower(ch) - 'a' + 10) : -1;
}

/* A static member of [type]; NULL when it is not one we evaluate. */
static char *static_member(const char *type, size_t tlen, const struct call *c)
{
	const struct strvec *a = &c->args;
	bool string = (tlen == 13 && !strncasecmp(type, "System.String", tlen)) ||
		      (tlen == 6 && !strncasecmp(type, "String", tlen));
	bool msbuild = tlen == 7 && !strncasecmp(type, "MSBuild", tlen);
	if (string && call_is(c, "Copy", 1))
		return alloc_strdup(a->items[0]);
	if (string && (call_is(c, "IsNullOrEmpty", 1) || call_is(c, "IsNullOrWhiteSpace", 1)))
		return boolean(c->len == 13 ? !*a->items[0] : !*skip_space(a->items[0]));
	if (string && c->len == 6 && !strncasecmp(c->name, "Concat", 6) && a->len >= 1) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < a->len; i++)
			strbuf_adds(&sb, a->items[i]);
		return strbuf_detach(&sb);
	}
	if (!msbuild)
		return NULL;
	if (call_is(c, "ValueOrDefault", 2))
		return alloc_strdup(*a->items[0] ? a->items[0] : a->items[1]);
	if (call_is(c, "EnsureTrailingSlash", 1)) {
		size_t n = strlen(a->items[0]);
		bool has = !n || a->items[0][n - 1] == '\\' || a->items[0][n - 1] == '/';
		return alloc_printf("%s%s", a->items[0], has ? "" : "\\");
	}
	if (call_is(c, "Unescape", 1)) {
		struct strbuf sb = STRBUF_INIT;
		for (const char *p = a->items[0]; *p; p++) {
			int h = p[0] == '%' ? hex(p[1]) : -1, l = h >= 0 ? hex(p[2]) : -1;
			if (l >= 0 && (h || l)) {
				strbuf_addc(&sb, (char)(h * 16 + l));
				p += 2;
			} else {
				strbuf_addc(&sb, *p);
			}
		}
		return strbuf_detach(&sb);
	}
	return arithmetic(c);
}

enum msbuild_fn_result msbuild_function(const struct msbuild_scope *scope, const char *expr, unsigned depth,
					char **out)
{
	*out = NULL;
	if (depth > MSBUILD_FN_DEPTH)
		return MSBUILD_FN_UNSUPPORTED;
	enum msbuild_fn_result why = MSBUILD_FN_UNSUPPORTED;
	const char *p = skip_space(expr);
	char *value = NULL;
	if (*p == '[') {
		const char *type = p + 1, *close = strchr(type, ']');
		if (!close || close[1] != ':' || close[2] != ':')
			return why;
		struct call c = { 0 };
		p = read_call(scope, skip_space(close + 3), depth, &c, &why);
		value = p && c.has_args ? static_member(type, (size_t)(close - type), &c) : NULL;
		strvec_clear(&c.args);
	} else {
		const char *name = p;
		p = skip_name(p);
		if (p == name || *p != '.')
			return why;
		char *prop = alloc_strndup(name, (size_t)(p - name));
		const char *v = scope->lookup(scope->data, prop);
		free(prop);
		value = alloc_strdup(v ? v : "");
	}
	/* Members on the value so far, left to right. */
	while (value && p && *(p = skip_space(p)) == '.') {
		struct call c = { 0 };
		p = read_call(scope, p + 1, depth, &c, &why);
		char *next = p ? string_method(value, &c, &why) : NULL;
		strvec_clear(&c.args);
		free(value);
		value = next;
	}
	if (!value || !p || *skip_space(p)) {
		free(value);
		return why;
	}
	*out = value;
	return MSBUILD_FN_DONE;
}
