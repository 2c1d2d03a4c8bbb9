/* SPDX-License-Identifier: Apache-2.0 */
/* MSBuild Conditions: the subset projects put on configurations, platforms
 * and imports. A recursive descent over the condition text; quoted operands
 * are expanded before they are compared, as MSBuild does. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/path.h"
#include "project/msbuild.h"
#include "project/project.h"

struct cond {
	const char *p;
	const struct msbuild_scope *scope;
	bool bad;
};

static void skip_space(struct cond *c)
{
	while (isspace((unsigned char)*c->p))
		c->p++;
}

static bool keyword(struct cond *c, const char *word)
{
	skip_space(c);
	size_t n = strlen(word);
	if (strncasecmp(c->p, word, n) || isalnum((unsigned char)c->p[n]) || c->p[n] == '_')
		return false;
	c->p += n;
	return true;
}

/* The quote closing the one at `p`, past any $(...) inside. */
static const char *quoted_end(const char *p)
{
	for (p++; *p && *p != '\''; p++)
		if (p[0] == '$' && p[1] == '(' && msbuild_reference_end(p))
			p = msbuild_reference_end(p);
	return *p ? p : NULL;
}

/* A quoted string (expanded), a $(...) reference or a bare word; NULL when
 * there is none. */
static char *operand(struct cond *c)
{
	skip_space(c);
	if (*c->p == '\'') {
		const char *end = quoted_end(c->p);
		if (!end) {
			c->bad = true;
			return NULL;
		}
		char *raw = alloc_strndup(c->p + 1, (size_t)(end - c->p - 1));
		c->p = end + 1;
		char *value = msbuild_expand(c->scope, raw);
		free(raw);
		c->bad |= !value; /* too long to compare: the condition is false */
		return value;
	}
	if (c->p[0] == '$' && c->p[1] == '(') {
		const char *end = msbuild_reference_end(c->p);
		if (!end) {
			c->bad = true;
			return NULL;
		}
		char *raw = alloc_strndup(c->p, (size_t)(end - c->p + 1));
		c->p = end + 1;
		char *value = msbuild_expand(c->scope, raw);
		free(raw);
		c->bad |= !value; /* too long to compare: the condition is false */
		return value;
	}
	const char *s = c->p;
	while (isalnum((unsigned char)*c->p) || *c->p == '_' || *c->p == '.' || *c->p == '-')
		c->p++;
	if (c->p == s) {
		c->bad = true;
		return NULL;
	}
	return alloc_strndup(s, (size_t)(c->p - s));
}

static bool or_expression(struct cond *c);

/* Exists('path') and HasTrailingSlash('text'), after the name was read. */
static bool function_call(struct cond *c, const char *name)
{
	c->p++; /* ( */
	char *arg = operand(c);
	skip_space(c);
	if (!arg || *c->p != ')') {
		free(arg);
		c->bad = true;
		return false;
	}
	c->p++;
	bool r = false;
	if (!strcasecmp(name, "Exists")) {
		if (arg[0]) {
			char *path = project_resolve_path(arg, c->scope->base_dir, c->scope->dirs);
			r = path_is_regular_file(path) || path_is_directory(path);
			free(path);
		}
	} else if (!strcasecmp(name, "HasTrailingSlash")) {
		size_t n = strlen(arg);
		r = n && (arg[n - 1] == '/' || arg[n - 1] == '\\');
	} else {
		c->bad = true;
	}
	free(arg);
	return r;
}

static bool compare(const char *a, const char *op, const char *b)
{
	if (!strcmp(op, "=="))
		return !strcasecmp(a, b);
	if (!strcmp(op, "!="))
		return strcasecmp(a, b) != 0;
	double x = strtod(a, NULL), y = strtod(b, NULL);
	return !strcmp(op, "<") ? x < y : !strcmp(op, ">") ? x > y : !strcmp(op, "<=") ? x <= y : x >= y;
}

static bool unary(struct cond *c)
{
	skip_space(c);
	if (*c->p == '!' && c->p[1] != '=') {
		c->p++;
		return !unary(c);
	}
	if (*c->p == '(') {
		c->p++;
		bool r = or_expression(c);
		skip_space(c);
		if (*c->p == ')')
			c->p++;
		else
			c->bad = true;
		return r;
	}
	char *left = operand(c);
	if (!left)
		return false;
	skip_space(c);
	if (*c->p == '(') {
		bool r = function_call(c, left);
		free(left);
		return r;
	}
	static const char *const ops[] = { "==", "!=", "<=", ">=", "<", ">" };
	for (size_t i = 0; i < sizeof(ops) / sizeof(*ops); i++) {
		if (strncmp(c->p, ops[i], strlen(ops[i])))
			continue;
		c->p += strlen(ops[i]);
		char *right = operand(c);
		bool r = right && compare(left, ops[i], right);
		free(right);
		free(left);
		return r;
	}
	bool r = !strcasecmp(left, "true") || !strcasecmp(left, "on") || !strcasecmp(left, "yes");
	if (!r && strcasecmp(left, "false") && strcasecmp(left, "off") && strcasecmp(left, "no"))
		c->bad = true;
	free(left);
	return r;
}

static bool and_expression(struct cond *c)
{
	bool r = unary(c);
	while (!c->bad && keyword(c, "and")) {
		bool next = unary(c);
		r = r && next;
	}
	return r;
}

static bool or_expression(struct cond *c)
{
	bool r = and_expression(c);
	while (!c->bad && keyword(c, "or")) {
		bool next = and_expression(c);
		r = r || next;
	}
	return r;
}

bool msbuild_condition(const struct msbuild_scope *scope, const char *condition)
{
	struct cond c = { condition, scope, false };
	skip_space(&c);
	if (!*c.p)
		return true;
	bool r = or_expression(&c);
	skip_space(&c);
	return r && !c.bad && !*c.p;
}
