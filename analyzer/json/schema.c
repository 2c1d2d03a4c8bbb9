/* SPDX-License-Identifier: Apache-2.0 */
/* The JSON Schema subset validator: compilation checks the schema's keywords
 * and compiles its patterns once; validation interprets the schema's cJSON
 * tree directly. Messages say what is wrong in plain words. */
#include "json/schema.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/str.h"
#include "base/strbuf.h"

struct compiled_pattern {
	const cJSON *node;
	regex_t re;
};

struct json_schema {
	const cJSON *root;
	struct compiled_pattern *patterns;
	size_t npatterns, cap;
};

/* ---- compiling ---------------------------------------------------------- */

enum arg {
	ARG_IGNORED,     /* an annotation: any value */
	ARG_SCHEMA,
	ARG_SCHEMA_OR_FALSE,
	ARG_SCHEMA_MAP,  /* an object whose values are schemas */
	ARG_SCHEMA_LIST, /* a non-empty array of schemas */
	ARG_TYPE,
	ARG_ARRAY,       /* a non-empty array of any values */
	ARG_ANY,
	ARG_PATTERN,
	ARG_COUNT,       /* a non-negative integer */
	ARG_NUMBER,
	ARG_BOOLEAN,
	ARG_NAMES,       /* an array of distinct strings */
	ARG_REF,
};

static const struct keyword {
	const char *name;
	enum arg arg;
} keywords[] = {
	{ "$schema", ARG_IGNORED },	   { "$id", ARG_IGNORED },
	{ "$comment", ARG_IGNORED },	   { "title", ARG_IGNORED },
	{ "description", ARG_IGNORED },	   { "$defs", ARG_SCHEMA_MAP },
	{ "$ref", ARG_REF },		   { "type", ARG_TYPE },
	{ "enum", ARG_ARRAY },		   { "const", ARG_ANY },
	{ "pattern", ARG_PATTERN },	   { "minLength", ARG_COUNT },
	{ "minimum", ARG_NUMBER },	   { "maximum", ARG_NUMBER },
	{ "required", ARG_NAMES },	   { "properties", ARG_SCHEMA_MAP },
	{ "additionalProperties", ARG_SCHEMA_OR_FALSE },
	{ "minProperties", ARG_COUNT },	   { "items", ARG_SCHEMA },
	{ "minItems", ARG_COUNT },	   { "maxItems", ARG_COUNT },
	{ "uniqueItems", ARG_BOOLEAN },	   { "allOf", ARG_SCHEMA_LIST },
	{ "if", ARG_SCHEMA },		   { "then", ARG_SCHEMA },
};

static const char *const type_names[] = { "null", "boolean", "object", "array",
					  "number", "string", "integer" };

struct compiler {
	struct json_schema *schema;
	const cJSON *bad;
	char *message;
};

static int compile_error(struct compiler *c, const cJSON *node, char *message)
{
	c->bad = node;
	c->message = message;
	return -1;
}

static bool is_count(const cJSON *v)
{
	return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble == floor(v->valuedouble) &&
	       v->valuedouble <= 1e9;
}

static bool known_type(const char *name)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(*type_names); i++)
		if (!strcmp(type_names[i], name))
			return true;
	return false;
}

static const cJSON *resolve_ref(const struct json_schema *s, const char *ref)
{
	if (!str_starts_with(ref, "#/$defs/") || strchr(ref + 8, '/') || strchr(ref + 8, '~'))
		return NULL;
	const cJSON *defs = cJSON_GetObjectItemCaseSensitive(s->root, "$defs");
	return cJSON_IsObject(defs) ? cJSON_GetObjectItemCaseSensitive(defs, ref + 8) : NULL;
}

static int compile_schema(struct compiler *c, const cJSON *schema);

static int compile_keyword(struct compiler *c, const struct keyword *kw, const cJSON *v)
{
	const cJSON *item;
	switch (kw->arg) {
	case ARG_IGNORED:
	case ARG_ANY:
		return 0;
	case ARG_SCHEMA:
		return compile_schema(c, v);
	case ARG_SCHEMA_OR_FALSE:
		return cJSON_IsFalse(v) ? 0 : compile_schema(c, v);
	case ARG_SCHEMA_MAP:
		if (!cJSON_IsObject(v))
			return compile_error(c, v, alloc_printf("'%s' must be an object of schemas", kw->name));
		cJSON_ArrayForEach(item, v)
			if (compile_schema(c, item))
				return -1;
		return 0;
	case ARG_SCHEMA_LIST:
		if (!cJSON_IsArray(v) || !cJSON_GetArraySize(v))
			return compile_error(c, v, alloc_printf("'%s' must be a non-empty array of schemas", kw->name));
		cJSON_ArrayForEach(item, v)
			if (compile_schema(c, item))
				return -1;
		return 0;
	case ARG_TYPE:
		if (cJSON_IsString(v) && known_type(v->valuestring))
			return 0;
		if (cJSON_IsArray(v) && cJSON_GetArraySize(v)) {
			cJSON_ArrayForEach(item, v)
				if (!cJSON_IsString(item) || !known_type(item->valuestring))
					return compile_error(c, item, alloc_strdup("unknown type name"));
			return 0;
		}
		return compile_error(c, v, alloc_strdup("'type' must be a type name or an array of them"));
	case ARG_ARRAY:
		if (!cJSON_IsArray(v) || !cJSON_GetArraySize(v))
			return compile_error(c, v, alloc_printf("'%s' must be a non-empty array", kw->name));
		return 0;
	case ARG_PATTERN: {
		if (!cJSON_IsString(v))
			return compile_error(c, v, alloc_strdup("'pattern' must be a string"));
		struct json_schema *s = c->schema;
		GROW(s->patterns, s->cap, s->npatterns + 1);
		int rc = regcomp(&s->patterns[s->npatterns].re, v->valuestring, REG_EXTENDED | REG_NOSUB);
		if (rc) {
			char buf[128];
			regerror(rc, &s->patterns[s->npatterns].re, buf, sizeof(buf));
			return compile_error(c, v, alloc_printf("invalid pattern: %s", buf));
		}
		s->patterns[s->npatterns++].node = v;
		return 0;
	}
	case ARG_COUNT:
		if (!is_count(v))
			return compile_error(c, v, alloc_printf("'%s' must be a non-negative integer", kw->name));
		return 0;
	case ARG_NUMBER:
		if (!cJSON_IsNumber(v))
			return compile_error(c, v, alloc_printf("'%s' must be a number", kw->name));
		return 0;
	case ARG_BOOLEAN:
		if (!cJSON_IsBool(v))
			return compile_error(c, v, alloc_printf("'%s' must be true or false", kw->name));
		return 0;
	case ARG_NAMES:
		if (!cJSON_IsArray(v))
			return compile_error(c, v, alloc_printf("'%s' must be an array of strings", kw->name));
		cJSON_ArrayForEach(item, v) {
			if (!cJSON_IsString(item))
				return compile_error(c, item, alloc_printf("'%s' must be an array of strings", kw->name));
			for (const cJSON *o = v->child; o != item; o = o->next)
				if (!strcmp(o->valuestring, item->valuestring))
					return compile_error(c, item, alloc_printf("'%s' lists '%s' twice", kw->name,
										item->valuestring));
		}
		return 0;
	case ARG_REF:
		if (!cJSON_IsString(v) || !resolve_ref(c->schema, v->valuestring))
			return compile_error(c, v, alloc_strdup("'$ref' must name a schema of the root's $defs "
							   "as \"#/$defs/NAME\""));
		return 0;
	}
	return 0;
}

static int compile_schema(struct compiler *c, const cJSON *schema)
{
	const cJSON *member;
	if (!cJSON_IsObject(schema))
		return compile_error(c, schema, alloc_strdup("a schema must be an object"));
	cJSON_ArrayForEach(member, schema) {
		const struct keyword *kw = NULL;
		for (size_t i = 0; i < sizeof(keywords) / sizeof(*keywords) && !kw; i++)
			if (!strcmp(keywords[i].name, member->string))
				kw = &keywords[i];
		if (!kw)
			return compile_error(c, member, alloc_printf("unsupported schema keyword '%s'", member->string));
		if (compile_keyword(c, kw, member))
			return -1;
	}
	return 0;
}

struct json_schema *json_schema_compile(const cJSON *root, const cJSON **bad, char **message)
{
	struct json_schema *s = alloc_zeroed(1, sizeof(*s));
	struct compiler c = { s, NULL, NULL };
	s->root = root;
	if (compile_schema(&c, root)) {
		*bad = c.bad;
		*message = c.message;
		json_schema_free(s);
		return NULL;
	}
	return s;
}

void json_schema_free(struct json_schema *schema)
{
	if (!schema)
		return;
	for (size_t i = 0; i < schema->npatterns; i++)
		regfree(&schema->patterns[i].re);
	free(schema->patterns);
	free(schema);
}

/* ---- validating --------------------------------------------------------- */

struct validator {
	const struct json_schema *schema;
	json_schema_report_fn *report;
	void *ctx;
	const cJSON **trail;
	size_t len, cap;
	size_t errors;
	int silent; /* inside an `if`: find validity, report nothing */
	int depth;  /* schemas entered, to stop a $ref cycle that consumes no input */
};

static void push(struct validator *v, const cJSON *node)
{
	GROW(v->trail, v->cap, v->len + 1);
	v->trail[v->len++] = node;
}

static bool fail(struct validator *v, const cJSON *at, bool at_key, bool about_value, char *text)
{
	if (!v->silent) {
		struct json_schema_error e = { at, at_key, v->trail, v->len, about_value, text };
		v->errors++;
		v->report(v->ctx, &e);
	}
	free(text);
	return false;
}

static const char *describe_type(const cJSON *x)
{
	if (cJSON_IsString(x))
		return "a string";
	if (cJSON_IsNumber(x))
		return "a number";
	if (cJSON_IsObject(x))
		return "an object";
	if (cJSON_IsArray(x))
		return "an array";
	if (cJSON_IsTrue(x))
		return "true";
	if (cJSON_IsFalse(x))
		return "false";
	return "null";
}

static const char *type_phrase(const char *type)
{
	if (!strcmp(type, "integer"))
		return "an integer";
	if (!strcmp(type, "object"))
		return "an object";
	if (!strcmp(type, "array"))
		return "an array";
	if (!strcmp(type, "boolean"))
		return "true or false";
	if (!strcmp(type, "null"))
		return "null";
	if (!strcmp(type, "number"))
		return "a number";
	return "a string";
}

static bool is_integer(const cJSON *x)
{
	return cJSON_IsNumber(x) && isfinite(x->valuedouble) && x->valuedouble == floor(x->valuedouble);
}

static bool has_type(const cJSON *x, const char *type)
{
	if (!strcmp(type, "integer"))
		return is_integer(x);
	if (!strcmp(type, "number"))
		return cJSON_IsNumber(x);
	if (!strcmp(type, "string"))
		return cJSON_IsString(x);
	if (!strcmp(type, "object"))
		return cJSON_IsObject(x);
	if (!strcmp(type, "array"))
		return cJSON_IsArray(x);
	if (!strcmp(type, "boolean"))
		return cJSON_IsBool(x);
	return cJSON_IsNull(x);
}

/* A value as JSON text for messages ("warn" with its quotes, 3, true). */
static char *json_text(const cJSON *x)
{
	char *printed = cJSON_PrintUnformatted(x);
	char *copy = alloc_strdup(printed ? printed : "?");
	cJSON_free(printed);
	return copy;
}

/* A value as a reader would name it in a list: strings bare. */
static char *bare_text(const cJSON *x)
{
	return cJSON_IsString(x) ? alloc_strdup(x->valuestring) : json_text(x);
}

static char *got_text(const cJSON *x)
{
	if (cJSON_IsObject(x) || cJSON_IsArray(x))
		return alloc_printf("got %s", describe_type(x));
	char *t = json_text(x);
	char *s = alloc_printf("got %s", t);
	free(t);
	return s;
}

static size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static const regex_t *pattern_for(const struct json_schema *s, const cJSON *node)
{
	for (size_t i = 0; i < s->npatterns; i++)
		if (s->patterns[i].node == node)
			return &s->patterns[i].re;
	return NULL;
}

static bool validate(struct validator *v, const cJSON *schema, const cJSON *x);
static bool validate_keywords(struct validator *v, const cJSON *schema, const cJSON *x);

static bool check_type(struct validator *v, const cJSON *type, const cJSON *x)
{
	const cJSON *t;
	if (cJSON_IsString(type)) {
		if (has_type(x, type->valuestring))
			return true;
		if (!strcmp(type->valuestring, "integer") && cJSON_IsNumber(x))
			return fail(v, x, false, true, alloc_printf("must be an integer (got %g)", x->valuedouble));
		return fail(v, x, false, true,
			    alloc_printf("must be %s (got %s)", type_phrase(type->valuestring), describe_type(x)));
	}
	struct strbuf sb = STRBUF_INIT;
	cJSON_ArrayForEach(t, type) {
		if (has_type(x, t->valuestring)) {
			strbuf_release(&sb);
			return true;
		}
		strbuf_adds(&sb, sb.len ? (t->next ? ", " : " or ") : "must be ");
		strbuf_adds(&sb, type_phrase(t->valuestring));
	}
	strbuf_addf(&sb, " (got %s)", describe_type(x));
	return fail(v, x, false, true, strbuf_detach(&sb));
}

static bool check_enum(struct validator *v, const cJSON *values, const cJSON *x)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, values)
		if (cJSON_Compare(e, x, true))
			return true;
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, values->child->next ? "must be one of " : "must be ");
	cJSON_ArrayForEach(e, values) {
		char *t = bare_text(e);
		strbuf_adds(&sb, e == values->child ? "" : ", ");
		strbuf_adds(&sb, t);
		free(t);
	}
	char *got = got_text(x);
	strbuf_addf(&sb, " (%s)", got);
	free(got);
	return fail(v, x, false, true, strbuf_detach(&sb));
}

static bool check_string(struct validator *v, const cJSON *schema, const cJSON *x)
{
	bool ok = true;
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(schema, "minLength");
	if (k && utf8_length(x->valuestring) < (size_t)k->valuedouble) {
		ok = fail(v, x, false, true,
			  k->valuedouble == 1 ? alloc_strdup("must not be empty")
					      : alloc_printf("must be at least %g characters long", k->valuedouble));
	}
	k = cJSON_GetObjectItemCaseSensitive(schema, "pattern");
	if (k && regexec(pattern_for(v->schema, k), x->valuestring, 0, NULL, 0) != 0) {
		char *got = got_text(x);
		ok = fail(v, x, false, true, alloc_printf("must match %s (%s)", k->valuestring, got));
		free(got);
	}
	return ok;
}

static bool check_number(struct validator *v, const cJSON *schema, const cJSON *x)
{
	bool ok = true;
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(schema, "minimum");
	if (k && x->valuedouble < k->valuedouble)
		ok = fail(v, x, false, true, alloc_printf("must be at least %g (got %g)", k->valuedouble, x->valuedouble));
	k = cJSON_GetObjectItemCaseSensitive(schema, "maximum");
	if (k && x->valuedouble > k->valuedouble)
		ok = fail(v, x, false, true, alloc_printf("must be at most %g (got %g)", k->valuedouble, x->valuedouble));
	return ok;
}

static bool check_array(struct validator *v, const cJSON *schema, const cJSON *x)
{
	bool ok = true;
	size_t n = (size_t)cJSON_GetArraySize(x);
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(schema, "minItems");
	if (k && n < (size_t)k->valuedouble)
		ok = fail(v, x, false, true,
			  k->valuedouble == 1 ? alloc_strdup("must not be empty")
					      : alloc_printf("must have at least %g items (got %zu)", k->valuedouble, n));
	k = cJSON_GetObjectItemCaseSensitive(schema, "maxItems");
	if (k && n > (size_t)k->valuedouble)
		ok = fail(v, x, false, true, alloc_printf("must have at most %g items (got %zu)", k->valuedouble, n));
	k = cJSON_GetObjectItemCaseSensitive(schema, "uniqueItems");
	if (cJSON_IsTrue(k)) {
		const cJSON *a, *b;
		cJSON_ArrayForEach(b, x) {
			for (a = x->child; a != b; a = a->next) {
				if (cJSON_Compare(a, b, true)) {
					char *t = json_text(b);
					ok = fail(v, b, false, true, alloc_printf("lists %s twice", t));
					free(t);
					break;
				}
			}
		}
	}
	k = cJSON_GetObjectItemCaseSensitive(schema, "items");
	if (k) {
		const cJSON *item;
		cJSON_ArrayForEach(item, x) {
			push(v, item);
			ok &= validate(v, k, item);
			v->len--;
		}
	}
	return ok;
}

static bool check_object(struct validator *v, const cJSON *schema, const cJSON *x)
{
	bool ok = true;
	const cJSON *required = cJSON_GetObjectItemCaseSensitive(schema, "required");
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(schema, "properties");
	const cJSON *extra = cJSON_GetObjectItemCaseSensitive(schema, "additionalProperties");
	const cJSON *min = cJSON_GetObjectItemCaseSensitive(schema, "minProperties");
	const cJSON *k, *member;

	cJSON_ArrayForEach(k, required)
		if (!cJSON_GetObjectItemCaseSensitive(x, k->valuestring))
			ok = fail(v, x, false, false, alloc_printf("missing required property '%s'", k->valuestring));
	if (min && (size_t)cJSON_GetArraySize(x) < (size_t)min->valuedouble)
		ok = fail(v, x, false, true,
			  min->valuedouble == 1 ? alloc_strdup("must not be empty")
						: alloc_printf("must have at least %g properties", min->valuedouble));
	cJSON_ArrayForEach(member, x) {
		const cJSON *sub = props ? cJSON_GetObjectItemCaseSensitive(props, member->string) : NULL;
		if (!sub && cJSON_IsFalse(extra)) {
			ok = fail(v, member, true, false, alloc_printf("unknown property '%s'", member->string));
			continue;
		}
		if (!sub)
			sub = extra;
		if (sub) {
			push(v, member);
			ok &= validate(v, sub, member);
			v->len--;
		}
	}
	return ok;
}

static bool validate(struct validator *v, const cJSON *schema, const cJSON *x)
{
	if (v->depth > 1000)
		return fail(v, x, false, true, alloc_strdup("cannot be validated: the schema's $refs loop"));
	v->depth++;
	bool ok = validate_keywords(v, schema, x);
	v->depth--;
	return ok;
}

static bool validate_keywords(struct validator *v, const cJSON *schema, const cJSON *x)
{
	bool ok = true;
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(schema, "$ref");
	if (k)
		ok &= validate(v, resolve_ref(v->schema, k->valuestring), x);

	k = cJSON_GetObjectItemCaseSensitive(schema, "type");
	if (k && !check_type(v, k, x))
		return false; /* its other keywords would only repeat the point */
	k = cJSON_GetObjectItemCaseSensitive(schema, "enum");
	if (k)
		ok &= check_enum(v, k, x);
	k = cJSON_GetObjectItemCaseSensitive(schema, "const");
	if (k && !cJSON_Compare(k, x, true)) {
		char *want = bare_text(k), *got = got_text(x);
		ok = fail(v, x, false, true, alloc_printf("must be %s (%s)", want, got));
		free(want);
		free(got);
	}
	if (cJSON_IsString(x))
		ok &= check_string(v, schema, x);
	else if (cJSON_IsNumber(x))
		ok &= check_number(v, schema, x);
	else if (cJSON_IsArray(x))
		ok &= check_array(v, schema, x);
	else if (cJSON_IsObject(x))
		ok &= check_object(v, schema, x);

	k = cJSON_GetObjectItemCaseSensitive(schema, "allOf");
	cJSON *sub;
	cJSON_ArrayForEach(sub, k)
		ok &= validate(v, sub, x);

	k = cJSON_GetObjectItemCaseSensitive(schema, "if");
	const cJSON *then = cJSON_GetObjectItemCaseSensitive(schema, "then");
	if (k && then) {
		v->silent++;
		bool cond = validate(v, k, x);
		v->silent--;
		if (cond)
			ok &= validate(v, then, x);
	}
	return ok;
}

size_t json_schema_validate(const struct json_schema *schema, const cJSON *instance,
			    json_schema_report_fn *report, void *ctx)
{
	struct validator v = { schema, report, ctx, NULL, 0, 0, 0, 0, 0 };
	push(&v, instance);
	validate(&v, schema->root, instance);
	free(v.trail);
	return v.errors;
}

/* ---- messages ----------------------------------------------------------- */

char *json_schema_path(const cJSON *const *trail, size_t from, size_t to)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = from; i < to; i++) {
		if (i == 0)
			continue;
		if (cJSON_IsArray(trail[i - 1])) {
			size_t index = 0;
			for (const cJSON *c = trail[i - 1]->child; c && c != trail[i]; c = c->next)
				index++;
			strbuf_addf(&sb, "[%zu]", index);
		} else {
			strbuf_addf(&sb, "%s%s", sb.len ? "." : "", trail[i]->string);
		}
	}
	return strbuf_detach(&sb);
}

char *json_schema_error_text(const struct json_schema_error *error, size_t from, const char *whole)
{
	char *path = json_schema_path(error->trail, from, error->trail_len);
	char *text;
	if (error->about_value)
		text = *path ? alloc_printf("'%s' %s", path, error->text) : alloc_printf("%s %s", whole, error->text);
	else
		text = *path ? alloc_printf("%s: %s", path, error->text) : alloc_strdup(error->text);
	free(path);
	return text;
}
