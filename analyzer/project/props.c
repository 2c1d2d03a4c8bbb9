/* SPDX-License-Identifier: Apache-2.0 */
/* Properties and metadata by name, and expanding $(NAME) and %(NAME) in a
 * value, within a size budget (MSBUILD_VALUE_MAX): the MSBuild readers and
 * the sources reader share them. */
#include "project/msbuild.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "base/strvec.h"

/* Names are looked up by a hash of their lower case once there are more
 * than this; fewer (an item's metadata) are quicker to compare. */
#define PROPS_INDEXED 16

/* `name` with its ASCII letters in lower case, as strcasecmp compares: a new string. */
static char *folded(const char *name)
{
	char *s = alloc_strdup(name);
	for (char *c = s; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return s;
}

/* The position of `name`, or -1. */
static long find(const struct props *p, const char *name)
{
	if (p->folded.len) {
		char *key = folded(name);
		int k = strindex_find(&p->folded, key);
		free(key);
		return k;
	}
	for (size_t i = 0; i < p->names.len; i++)
		if (!strcasecmp(p->names.items[i], name))
			return (long)i;
	return -1;
}

static void index_name(struct props *p, const char *name)
{
	char *key = folded(name);
	strindex_add(&p->folded, key);
	free(key);
}

const char *msbuild_props_get(const struct props *p, const char *name)
{
	long i = find(p, name);
	return i >= 0 ? p->values.items[i] : NULL;
}

void msbuild_props_set(struct props *p, const char *name, const char *value)
{
	long i = find(p, name);
	if (i >= 0) {
		free(p->values.items[i]);
		p->values.items[i] = alloc_strdup(value);
		return;
	}
	strvec_push(&p->names, name);
	strvec_push(&p->values, value);
	if (p->folded.len)
		index_name(p, name);
	else if (p->names.len > PROPS_INDEXED)
		for (size_t k = 0; k < p->names.len; k++)
			index_name(p, p->names.items[k]);
}

void msbuild_props_copy(struct props *to, const struct props *from)
{
	for (size_t i = 0; i < from->names.len; i++)
		msbuild_props_set(to, from->names.items[i], from->values.items[i]);
}

void msbuild_props_clear(struct props *p)
{
	strvec_clear(&p->names);
	strvec_clear(&p->values);
	strindex_clear(&p->folded);
}

const char *msbuild_reference_end(const char *p)
{
	int open = 0;
	for (char quote = 0; *p; p++) {
		if (quote)
			quote = *p == quote ? 0 : quote;
		else if (*p == '\'' || *p == '"' || *p == '`')
			quote = open > 1 ? *p : 0; /* inside a property function's arguments */
		else if ((open += (*p == '(') - (*p == ')')) == 0 && *p == ')')
			return p;
	}
	return NULL;
}

char *msbuild_expand(const struct msbuild_scope *scope, const char *text)
{
	return msbuild_expand_at(scope, text, 0);
}

/* Expands $(Property), property functions and, with `meta`, %(Metadata).
 * Item lists @(...), unknown names and functions not evaluated expand to
 * nothing; the first such function is told through scope->unsupported. */
char *msbuild_expand_at(const struct msbuild_scope *scope, const char *text, unsigned depth)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = text; *p;) {
		if ((p[0] == '$' || p[0] == '%' || p[0] == '@') && p[1] == '(') {
			const char *q = msbuild_reference_end(p);
			if (!q) {
				strbuf_adds(&sb, p);
				break;
			}
			char *name = alloc_strndup(p + 2, (size_t)(q - p - 2));
			bool simple = name[0] && strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
							   "0123456789_-") == strlen(name);
			const char *value = NULL;
			char *computed = NULL;
			if (simple && p[0] == '$')
				value = scope->lookup(scope->data, name);
			else if (simple && p[0] == '%' && scope->meta)
				value = msbuild_props_get(scope->meta, name);
			else if (p[0] == '$' && name[0]) {
				enum msbuild_fn_result r = msbuild_function(scope, name, depth, &computed);
				if (r == MSBUILD_FN_TOO_LONG) {
					free(name);
					strbuf_release(&sb);
					return NULL;
				}
				if (r == MSBUILD_FN_UNSUPPORTED && scope->unsupported && !*scope->unsupported)
					*scope->unsupported = alloc_strndup(p, (size_t)(q - p + 1));
				value = computed;
			}
			if (value)
				strbuf_adds(&sb, value);
			free(computed);
			free(name);
			p = q + 1;
			if (sb.len > MSBUILD_VALUE_MAX) {
				strbuf_release(&sb);
				return NULL;
			}
			continue;
		}
		strbuf_addc(&sb, *p++);
	}
	if (sb.len > MSBUILD_VALUE_MAX) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}


void msbuild_list_each(const char *list, void (*fn)(void *, const char *), void *data)
{
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ";");
		const char *s = p, *e = p + n;
		while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
			e--;
		if (e > s) {
			char *item = alloc_strndup(s, (size_t)(e - s));
			fn(data, item);
			free(item);
		}
		p += n;
		if (*p == ';')
			p++;
	}
}

void msbuild_props_set_well_known(struct props *meta, const char *element, const char *path)
{
	const char *file = path_basename(path);
	const char *dot = strrchr(file, '.');
	size_t stem = dot && dot > file ? (size_t)(dot - file) : strlen(file);
	char *name = alloc_strndup(file, stem);
	size_t dir = strlen(element);
	while (dir > 0 && element[dir - 1] != '\\' && element[dir - 1] != '/')
		dir--;
	char *relative = alloc_strndup(element, dir);
	msbuild_props_set(meta, "Identity", element);
	msbuild_props_set(meta, "FullPath", path);
	msbuild_props_set(meta, "Filename", name);
	msbuild_props_set(meta, "Extension", file + stem);
	msbuild_props_set(meta, "RelativeDir", relative);
	free(relative);
	free(name);
}
