/* SPDX-License-Identifier: Apache-2.0 */
/* JSON as rule files and configurations are read: the strict parser with
 * line and column positions (errors, BOMs, escapes, UTF-8 only, nesting
 * limits) and the schema validator's messages. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "json/pos.h"
#include "json/schema.h"
#include "testutil.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/strvec.h"

/* ---- json_pos ----------------------------------------------------------- */

static struct json_doc parse_ok(const char *text)
{
	struct json_doc doc;
	struct json_error err;
	int rc = json_doc_parse(text, strlen(text), &doc, &err);
	ck_assert_msg(rc == 0, "unexpected error %u:%u: %s", err.line, err.column, err.message);
	return doc;
}

/* "line:col: message" of the error parsing `len` bytes of `text`. */
static char *parse_error(const char *text, size_t len)
{
	struct json_doc doc;
	struct json_error err;
	ck_assert_int_eq(json_doc_parse(text, len ? len : strlen(text), &doc, &err), -1);
	ck_assert_ptr_null(doc.root);
	return alloc_printf("%u:%u: %s", err.line, err.column, err.message);
}

#define ASSERT_PARSE_ERROR(text, expected)                   \
	do {                                                 \
		char *got_ = parse_error((text), 0);         \
		ck_assert_str_eq(got_, (expected));          \
		free(got_);                                  \
	} while (0)

static char *where(const struct json_doc *d, const cJSON *node)
{
	unsigned line = 0, col = 0;
	ck_assert(json_doc_position(d, node, &line, &col));
	return alloc_printf("%u:%u", line, col);
}

static char *key_where(const struct json_doc *d, const cJSON *node)
{
	unsigned line = 0, col = 0;
	ck_assert(json_doc_key_position(d, node, &line, &col));
	return alloc_printf("%u:%u", line, col);
}

#define ASSERT_AT(fn, doc, node, expected)            \
	do {                                          \
		char *got_ = fn((doc), (node));       \
		ck_assert_str_eq(got_, (expected));   \
		free(got_);                           \
	} while (0)

START_TEST(json_positions_of_nested_values_and_keys)
{
	struct json_doc d = parse_ok("{\n"
				     "  \"a\": [1, {\"b\": true}],\n"
				     "\t\"c\" :\r\n"
				     "    \"x\",\n"
				     "  \"d\": {}, \"e\": -1.5e3\n"
				     "}\n");
	cJSON *a = cJSON_GetObjectItemCaseSensitive(d.root, "a");
	cJSON *b = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(a, 1), "b");
	cJSON *c = cJSON_GetObjectItemCaseSensitive(d.root, "c");
	cJSON *e = cJSON_GetObjectItemCaseSensitive(d.root, "e");
	ASSERT_AT(where, &d, d.root, "1:1");
	ASSERT_AT(where, &d, a, "2:8");
	ASSERT_AT(key_where, &d, a, "2:3");
	ASSERT_AT(where, &d, cJSON_GetArrayItem(a, 0), "2:9");
	ASSERT_AT(where, &d, cJSON_GetArrayItem(a, 1), "2:12");
	ASSERT_AT(where, &d, b, "2:18");
	ASSERT_AT(key_where, &d, b, "2:13");
	ASSERT_AT(key_where, &d, c, "3:2"); /* a tab is one byte */
	ASSERT_AT(where, &d, c, "4:5");     /* CRLF is one line end */
	ASSERT_AT(where, &d, cJSON_GetObjectItemCaseSensitive(d.root, "d"), "5:8");
	ASSERT_AT(where, &d, e, "5:17");
	ck_assert_double_eq(e->valuedouble, -1500.0);
	unsigned line = 0, col = 0;
	ck_assert(!json_doc_key_position(&d, d.root, &line, &col));    /* not a member */
	ck_assert(!json_doc_key_position(&d, cJSON_GetArrayItem(a, 0), &line, &col));
	cJSON *foreign = cJSON_CreateNull();
	ck_assert(!json_doc_position(&d, foreign, &line, &col));
	ck_assert(!json_doc_position(&d, NULL, &line, &col));
	cJSON_Delete(foreign);
	json_doc_release(&d);
}
END_TEST

START_TEST(json_columns_count_bytes_and_a_bom_does_not_count)
{
	struct json_doc d = parse_ok("{\"\xc3\xa9t\xc3\xa9\": \"\xe2\x82\xac\", \"n\": 1}");
	cJSON *n = cJSON_GetObjectItemCaseSensitive(d.root, "n");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(d.root, "\xc3\xa9t\xc3\xa9")->valuestring,
			 "\xe2\x82\xac");
	ASSERT_AT(where, &d, n, "1:23"); /* é and € take 2 and 3 bytes */
	json_doc_release(&d);

	d = parse_ok("\xef\xbb\xbf{\"n\": 1}");
	ASSERT_AT(where, &d, d.root, "1:1");
	ASSERT_AT(where, &d, cJSON_GetObjectItemCaseSensitive(d.root, "n"), "1:7");
	json_doc_release(&d);
}
END_TEST

START_TEST(json_string_escapes_decode_to_utf8)
{
	struct json_doc d = parse_ok("[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\", \"\\u00e9\\u20AC\", "
				     "\"\\ud83d\\ude00\", \"\\u0041\", \"\"]");
	ck_assert_str_eq(cJSON_GetArrayItem(d.root, 0)->valuestring, "\" \\ / \b \f \n \r \t");
	ck_assert_str_eq(cJSON_GetArrayItem(d.root, 1)->valuestring, "\xc3\xa9\xe2\x82\xac");
	ck_assert_str_eq(cJSON_GetArrayItem(d.root, 2)->valuestring, "\xf0\x9f\x98\x80");
	ck_assert_str_eq(cJSON_GetArrayItem(d.root, 3)->valuestring, "A");
	ck_assert_str_eq(cJSON_GetArrayItem(d.root, 4)->valuestring, "");
	json_doc_release(&d);
}
END_TEST

START_TEST(json_scalars_and_numbers)
{
	struct json_doc d = parse_ok(" [true, false, null, 0, -0, 12, 3.25, 1E2, 2e-1] ");
	ck_assert(cJSON_IsTrue(cJSON_GetArrayItem(d.root, 0)));
	ck_assert(cJSON_IsFalse(cJSON_GetArrayItem(d.root, 1)));
	ck_assert(cJSON_IsNull(cJSON_GetArrayItem(d.root, 2)));
	ck_assert_double_eq(cJSON_GetArrayItem(d.root, 5)->valuedouble, 12);
	ck_assert_double_eq(cJSON_GetArrayItem(d.root, 6)->valuedouble, 3.25);
	ck_assert_double_eq(cJSON_GetArrayItem(d.root, 7)->valuedouble, 100);
	ck_assert_double_eq_tol(cJSON_GetArrayItem(d.root, 8)->valuedouble, 0.2, 1e-12);
	ASSERT_AT(where, &d, d.root, "1:2");
	json_doc_release(&d);
	d = parse_ok("\"top\"");
	ck_assert_str_eq(d.root->valuestring, "top");
	json_doc_release(&d);
}
END_TEST

START_TEST(json_syntax_errors_name_line_and_column)
{
	ASSERT_PARSE_ERROR("{\n  \"a\": 1\n  \"b\": 2\n}", "3:3: expected ',' or '}' after an object member");
	ASSERT_PARSE_ERROR("[1 2]", "1:4: expected ',' or ']' after an array element");
	ASSERT_PARSE_ERROR("{\"a\" 1}", "1:6: expected ':' after an object key");
	ASSERT_PARSE_ERROR("{1: 2}", "1:2: expected a string key");
	ASSERT_PARSE_ERROR("{\"a\": }", "1:7: expected a value");
	ASSERT_PARSE_ERROR("[1,\n  \"abc]", "2:3: unterminated string");
	ASSERT_PARSE_ERROR("[\"a\nb\"]", "1:2: unterminated string");
	ASSERT_PARSE_ERROR("[\"a\\qb\"]", "1:4: invalid escape '\\q' in string");
	ASSERT_PARSE_ERROR("[\"\\u12G4\"]", "1:3: \\u must be followed by four hexadecimal digits");
	ASSERT_PARSE_ERROR("[\"x\\ud800\"]", "1:4: unpaired surrogate \\uD800 in string");
	ASSERT_PARSE_ERROR("[\"\\udc00\"]", "1:3: unpaired surrogate \\uDC00 in string");
	ASSERT_PARSE_ERROR("[\"\\u0000\"]", "1:3: \\u0000 is not supported in strings");
	ASSERT_PARSE_ERROR("[\"a\tb\"]", "1:4: control character U+0009 in a string must be written as an escape");
	ASSERT_PARSE_ERROR("[01]", "1:2: numbers must not have leading zeros");
	ASSERT_PARSE_ERROR("[-]", "1:3: expected a digit in number");
	ASSERT_PARSE_ERROR("[1.]", "1:4: expected a digit after the decimal point");
	ASSERT_PARSE_ERROR("[1e+]", "1:5: expected a digit in the exponent");
	ASSERT_PARSE_ERROR("[.5]", "1:2: expected a value");
	ASSERT_PARSE_ERROR("[1e999]", "1:2: number out of range");
	ASSERT_PARSE_ERROR("[tru]", "1:2: expected a value (true, false and null are written in lower case)");
	ASSERT_PARSE_ERROR("[True]", "1:2: expected a value (true, false and null are written in lower case)");
	ASSERT_PARSE_ERROR("{'a': 1}", "1:2: strings must be in double quotes");
	ASSERT_PARSE_ERROR("{} {}", "1:4: unexpected text after the JSON value");
	ASSERT_PARSE_ERROR("{}\n// done\n", "2:1: comments are not allowed in JSON");
	ASSERT_PARSE_ERROR("{\n  /* a */ \"a\": 1}", "2:3: comments are not allowed in JSON");
	ASSERT_PARSE_ERROR("{\"a\": [1, 2", "1:12: unexpected end of text: expected ',' or ']' after an array element");
	ASSERT_PARSE_ERROR("  \n ", "2:2: the text is empty: expected a JSON value");
	ASSERT_PARSE_ERROR("", "1:1: the text is empty: expected a JSON value");
}
END_TEST

START_TEST(json_trailing_commas_are_errors_at_the_comma)
{
	ASSERT_PARSE_ERROR("{\"a\": 1,\n}", "1:8: trailing comma after the last object member");
	ASSERT_PARSE_ERROR("[\n  1,\n  2 , ]", "3:5: trailing comma after the last array element");
	ASSERT_PARSE_ERROR("[,]", "1:2: expected a value");
}
END_TEST

START_TEST(json_duplicate_keys_are_errors_naming_both)
{
	ASSERT_PARSE_ERROR("{\n  \"id\": 1,\n  \"x\": {\"id\": 2},\n  \"id\": 3\n}",
			   "4:3: duplicate key 'id' (first at line 2, column 3)");
	/* Keys differing only in case are different keys. */
	struct json_doc d = parse_ok("{\"id\": 1, \"Id\": 2}");
	json_doc_release(&d);
}
END_TEST

START_TEST(json_text_must_be_utf8)
{
	/* CP-1252 'é' in a string, on line 2. */
	char *got = parse_error("{\n  \"name\": \"caf\xe9\"}", 0);
	ck_assert_str_eq(got, "2:15: invalid UTF-8 (byte 0xE9): the file must be saved as UTF-8");
	free(got);
	/* An overlong encoding of '/' and an encoded surrogate are not UTF-8 either. */
	got = parse_error("[\"\xc0\xaf\"]", 0);
	ck_assert_str_eq(got, "1:3: invalid UTF-8 (byte 0xC0): the file must be saved as UTF-8");
	free(got);
	got = parse_error("[\"\xed\xa0\x80\"]", 0);
	ck_assert_str_eq(got, "1:3: invalid UTF-8 (byte 0xED): the file must be saved as UTF-8");
	free(got);
	got = parse_error("[\"\xe2\x82\"]", 0); /* truncated sequence */
	ck_assert_str_eq(got, "1:3: invalid UTF-8 (byte 0xE2): the file must be saved as UTF-8");
	free(got);
}
END_TEST

START_TEST(json_utf16_is_refused_with_a_clear_message)
{
	static const char le_bom[] = "\xff\xfe{\0}\0";
	static const char be_bom[] = "\xfe\xff\0{\0}";
	static const char le[] = "{\0}\0";
	char *got = parse_error(le_bom, sizeof(le_bom) - 1);
	ck_assert_str_eq(got, "1:1: the text is UTF-16 (it starts with a UTF-16 byte-order mark): "
			      "JSON must be saved as UTF-8");
	free(got);
	got = parse_error(be_bom, sizeof(be_bom) - 1);
	ck_assert_ptr_nonnull(strstr(got, "UTF-16"));
	free(got);
	got = parse_error(le, sizeof(le) - 1);
	ck_assert_str_eq(got, "1:1: the text is UTF-16 or UTF-32 (it has NUL bytes): JSON must be saved as UTF-8");
	free(got);
}
END_TEST

START_TEST(json_nesting_is_limited)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 300; i++)
		strbuf_addc(&sb, '[');
	char *got = parse_error(sb.buf, sb.len);
	ck_assert_str_eq(got, "1:257: nesting deeper than 256 levels");
	free(got);
	strbuf_release(&sb);
}
END_TEST

/* ---- json_schema -------------------------------------------------------- */

struct collected {
	struct strvec messages;
};

static void collect(void *ctx, const struct json_schema_error *e)
{
	struct collected *c = ctx;
	char *text = json_schema_error_text(e, 1, "the document");
	strvec_push(&c->messages, text);
	free(text);
}

/* Validates `instance` against `schema` (both JSON texts); returns the
 * messages joined by " | ". */
static char *validate_text(const char *schema, const char *instance)
{
	struct json_doc s = parse_ok(schema), i = parse_ok(instance);
	const cJSON *bad = NULL;
	char *message = NULL;
	struct json_schema *compiled = json_schema_compile(s.root, &bad, &message);
	ck_assert_msg(compiled != NULL, "schema: %s", message);
	struct collected c = { STRVEC_INIT };
	size_t n = json_schema_validate(compiled, i.root, collect, &c);
	ck_assert_uint_eq(n, c.messages.len);
	struct strbuf sb = STRBUF_INIT;
	for (size_t k = 0; k < c.messages.len; k++)
		strbuf_addf(&sb, "%s%s", k ? " | " : "", c.messages.items[k]);
	strvec_clear(&c.messages);
	json_schema_free(compiled);
	json_doc_release(&s);
	json_doc_release(&i);
	return strbuf_detach(&sb);
}

#define ASSERT_VALIDATES(schema, instance, expected)              \
	do {                                                      \
		char *got_ = validate_text((schema), (instance)); \
		ck_assert_str_eq(got_, (expected));               \
		free(got_);                                       \
	} while (0)

START_TEST(schema_keywords_say_what_is_wrong)
{
	const char *schema =
		"{\"type\": \"object\", \"required\": [\"a\", \"n\"], \"additionalProperties\": false,"
		" \"properties\": {"
		"  \"a\": {\"type\": \"array\", \"minItems\": 2, \"uniqueItems\": true, \"items\": {\"$ref\": \"#/$defs/word\"}},"
		"  \"n\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 9},"
		"  \"e\": {\"enum\": [\"x\", \"y\"]},"
		"  \"k\": {\"const\": \"only\"},"
		"  \"s\": {\"type\": \"string\", \"minLength\": 1},"
		"  \"t\": {\"type\": [\"string\", \"array\"]},"
		"  \"m\": {\"type\": \"object\", \"minProperties\": 1, \"additionalProperties\": {\"type\": \"boolean\"}}},"
		" \"$defs\": {\"word\": {\"type\": \"string\", \"pattern\": \"^[a-z]+$\"}}}";
	ASSERT_VALIDATES(schema, "{\"a\": [\"ab\", \"cd\"], \"n\": 3}", "");
	ASSERT_VALIDATES(schema, "{\"n\": 3, \"z\": 1}", "missing required property 'a' | unknown property 'z'");
	ASSERT_VALIDATES(schema, "{\"a\": [\"ab\", \"ab\", \"C\"], \"n\": 0}",
			 "'a' lists \"ab\" twice | 'a[2]' must match ^[a-z]+$ (got \"C\") | "
			 "'n' must be at least 1 (got 0)");
	ASSERT_VALIDATES(schema, "{\"a\": \"ab\", \"n\": 2.5}",
			 "'a' must be an array (got a string) | 'n' must be an integer (got 2.5)");
	ASSERT_VALIDATES(schema, "{\"a\": [\"ab\"], \"n\": 10, \"e\": \"z\", \"k\": \"other\", \"s\": \"\","
				 " \"t\": 1, \"m\": {\"q\": 1}}",
			 "'a' must have at least 2 items (got 1) | 'n' must be at most 9 (got 10) | "
			 "'e' must be one of x, y (got \"z\") | 'k' must be only (got \"other\") | "
			 "'s' must not be empty | 't' must be a string or an array (got a number) | "
			 "'m.q' must be true or false (got a number)");
	ASSERT_VALIDATES(schema, "{\"a\": [\"ab\", \"cd\"], \"n\": 1, \"m\": {}}", "'m' must not be empty");
	ASSERT_VALIDATES(schema, "[]", "the document must be an object (got an array)");
}
END_TEST

START_TEST(schema_if_then_applies_only_when_the_condition_holds)
{
	const char *schema =
		"{\"type\": \"object\", \"allOf\": ["
		" {\"if\": {\"properties\": {\"kind\": {\"const\": \"a\"}}, \"required\": [\"kind\"]},"
		"  \"then\": {\"required\": [\"x\"]}},"
		" {\"if\": {\"properties\": {\"kind\": {\"const\": \"b\"}}, \"required\": [\"kind\"]},"
		"  \"then\": {\"required\": [\"y\"]}}]}";
	ASSERT_VALIDATES(schema, "{\"kind\": \"a\", \"x\": 1}", "");
	ASSERT_VALIDATES(schema, "{\"kind\": \"a\"}", "missing required property 'x'");
	ASSERT_VALIDATES(schema, "{\"kind\": \"b\", \"x\": 1}", "missing required property 'y'");
	ASSERT_VALIDATES(schema, "{}", "");
}
END_TEST

static char *compile_error(const char *schema)
{
	struct json_doc s = parse_ok(schema);
	const cJSON *bad = NULL;
	char *message = NULL;
	ck_assert_ptr_null(json_schema_compile(s.root, &bad, &message));
	ck_assert_ptr_nonnull(bad);
	unsigned line = 0, col = 0;
	if (!json_doc_key_position(&s, bad, &line, &col))
		json_doc_position(&s, bad, &line, &col);
	char *got = alloc_printf("%u:%u: %s", line, col, message);
	free(message);
	json_doc_release(&s);
	return got;
}

START_TEST(schema_with_an_unsupported_keyword_is_refused)
{
	char *got = compile_error("{\"type\": \"object\",\n \"properties\": {\"a\": {\"oneOf\": []}}}");
	ck_assert_str_eq(got, "2:23: unsupported schema keyword 'oneOf'");
	free(got);
	got = compile_error("{\"items\": {\"$ref\": \"#/$defs/missing\"}}");
	ck_assert_str_eq(got, "1:12: '$ref' must name a schema of the root's $defs as \"#/$defs/NAME\"");
	free(got);
	got = compile_error("{\"type\": \"text\"}");
	ck_assert_str_eq(got, "1:2: 'type' must be a type name or an array of them");
	free(got);
	got = compile_error("{\"pattern\": \"a(\"}");
	ck_assert_ptr_nonnull(strstr(got, "1:2: invalid pattern: "));
	free(got);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("json_pos");
	tcase_add_test(tc, json_positions_of_nested_values_and_keys);
	tcase_add_test(tc, json_columns_count_bytes_and_a_bom_does_not_count);
	tcase_add_test(tc, json_string_escapes_decode_to_utf8);
	tcase_add_test(tc, json_scalars_and_numbers);
	tcase_add_test(tc, json_syntax_errors_name_line_and_column);
	tcase_add_test(tc, json_trailing_commas_are_errors_at_the_comma);
	tcase_add_test(tc, json_duplicate_keys_are_errors_naming_both);
	tcase_add_test(tc, json_text_must_be_utf8);
	tcase_add_test(tc, json_utf16_is_refused_with_a_clear_message);
	tcase_add_test(tc, json_nesting_is_limited);
	suite_add_tcase(s, tc);
	tc = tcase_create("json_schema");
	tcase_add_test(tc, schema_keywords_say_what_is_wrong);
	tcase_add_test(tc, schema_if_then_applies_only_when_the_condition_holds);
	tcase_add_test(tc, schema_with_an_unsupported_keyword_is_refused);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
