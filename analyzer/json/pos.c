/* SPDX-License-Identifier: Apache-2.0 */
/* The strict JSON parser with positions: a recursive descent over RFC 8259's
 * grammar building a cJSON tree, plus a table from each node to where it
 * starts. cJSON's own parser is not used: it accepts trailing garbage in
 * places, keeps duplicate keys and says nothing about where a value is. */
#include "json/pos.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strbuf.h"

#define MAX_DEPTH 256

struct parser {
	const unsigned char *p, *end;
	const unsigned char *line_start;
	unsigned line;
	int depth;
	struct json_doc *doc;
	struct json_error *err;
};

static unsigned column_of(const struct parser *ps, const unsigned char *at)
{
	return (unsigned)(at - ps->line_start) + 1;
}

static void set_error(struct json_error *err, unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set_error(struct json_error *err, unsigned line, unsigned column, const char *fmt, ...)
{
	va_list ap;
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

/* An error at `at`, which lies on the current line. Returns NULL for the
 * convenience of the value parsers. */
static cJSON *fail_at(struct parser *ps, const unsigned char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static cJSON *fail_at(struct parser *ps, const unsigned char *at, const char *fmt, ...)
{
	va_list ap;
	ps->err->line = ps->line;
	ps->err->column = column_of(ps, at);
	va_start(ap, fmt);
	vsnprintf(ps->err->message, sizeof(ps->err->message), fmt, ap);
	va_end(ap);
	return NULL;
}

/* An error where a token was expected: names comments and single quotes,
 * which people write by habit, instead of the bare expectation. */
static cJSON *fail_expected(struct parser *ps, const char *expected)
{
	const unsigned char *p = ps->p;
	if (p + 1 < ps->end && p[0] == '/' && (p[1] == '/' || p[1] == '*'))
		return fail_at(ps, p, "comments are not allowed in JSON");
	if (p < ps->end && *p == '\'')
		return fail_at(ps, p, "strings must be in double quotes");
	if (p >= ps->end)
		return fail_at(ps, p, "unexpected end of text: %s", expected);
	return fail_at(ps, p, "%s", expected);
}

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end) {
		unsigned char c = *ps->p;
		if (c == ' ' || c == '\t') {
			ps->p++;
		} else if (c == '\n' || c == '\r') {
			ps->p++;
			if (c == '\r' && ps->p < ps->end && *ps->p == '\n')
				ps->p++;
			ps->line++;
			ps->line_start = ps->p;
		} else {
			break;
		}
	}
}

/* Length of the valid UTF-8 sequence at `s` (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_sequence(const unsigned char *s, const unsigned char *end)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if ((size_t)(end - s) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* Checks the whole text is UTF-8 before parsing, so that the error names the
 * first bad byte wherever it is (a CP-1252 comment, a Latin-1 string). */
static int check_utf8(const unsigned char *s, const unsigned char *end, struct json_error *err)
{
	unsigned line = 1;
	const unsigned char *line_start = s;
	while (s < end) {
		if (*s == '\n' || (*s == '\r' && !(s + 1 < end && s[1] == '\n'))) {
			s++;
			line++;
			line_start = s;
			continue;
		}
		size_t n = utf8_sequence(s, end);
		if (!n) {
			set_error(err, line, (unsigned)(s - line_start) + 1,
				  "invalid UTF-8 (byte 0x%02X): the file must be saved as UTF-8", *s);
			return -1;
		}
		s += n;
	}
	return 0;
}

static void record(struct parser *ps, const cJSON *node, unsigned line, unsigned column)
{
	struct json_doc *d = ps->doc;
	GROW(d->pos, d->cap, d->npos + 1);
	d->pos[d->npos++] = (struct json_pos){ node, line, column, 0, 0 };
}

static int hex4(const unsigned char *p, const unsigned char *end, uint32_t *out)
{
	uint32_t v = 0;
	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		unsigned char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void add_utf8(struct strbuf *sb, uint32_t cp)
{
	if (cp < 0x80) {
		strbuf_addc(sb, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addc(sb, (char)(0xC0 | (cp >> 6)));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		strbuf_addc(sb, (char)(0xE0 | (cp >> 12)));
		strbuf_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addc(sb, (char)(0xF0 | (cp >> 18)));
		strbuf_addc(sb, (char)(0x80 | ((cp >> 12) & 0x3F)));
		strbuf_addc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3F)));
	}
}

/* Parses the string at ps->p (its opening quote) into a new buffer the
 * caller frees; NULL on error. The text is already known to be UTF-8. */
static char *parse_string(struct parser *ps)
{
	const unsigned char *open = ps->p;
	struct strbuf sb = STRBUF_INIT;
	ps->p++;
	for (;;) {
		if (ps->p >= ps->end || *ps->p == '\n' || *ps->p == '\r') {
			fail_at(ps, open, "unterminated string");
			goto fail;
		}
		unsigned char c = *ps->p;
		if (c == '"') {
			ps->p++;
			return strbuf_detach(&sb);
		}
		if (c < 0x20) {
			fail_at(ps, ps->p, "control character U+%04X in a string must be written as an escape", c);
			goto fail;
		}
		if (c != '\\') {
			size_t n = utf8_sequence(ps->p, ps->end);
			strbuf_add(&sb, (const char *)ps->p, n);
			ps->p += n;
			continue;
		}
		const unsigned char *esc = ps->p;
		if (esc + 1 >= ps->end) {
			fail_at(ps, open, "unterminated string");
			goto fail;
		}
		ps->p += 2;
		switch (esc[1]) {
		case '"': strbuf_addc(&sb, '"'); break;
		case '\\': strbuf_addc(&sb, '\\'); break;
		case '/': strbuf_addc(&sb, '/'); break;
		case 'b': strbuf_addc(&sb, '\b'); break;
		case 'f': strbuf_addc(&sb, '\f'); break;
		case 'n': strbuf_addc(&sb, '\n'); break;
		case 'r': strbuf_addc(&sb, '\r'); break;
		case 't': strbuf_addc(&sb, '\t'); break;
		case 'u': {
			uint32_t cp, low;
			if (hex4(ps->p, ps->end, &cp)) {
				fail_at(ps, esc, "\\u must be followed by four hexadecimal digits");
				goto fail;
			}
			ps->p += 4;
			if (cp >= 0xDC00 && cp <= 0xDFFF) {
				fail_at(ps, esc, "unpaired surrogate \\u%04X in string", (unsigned)cp);
				goto fail;
			}
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' ||
				    hex4(ps->p + 2, ps->end, &low) || low < 0xDC00 || low > 0xDFFF) {
					fail_at(ps, esc, "unpaired surrogate \\u%04X in string", (unsigned)cp);
					goto fail;
				}
				ps->p += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
			}
			if (cp == 0) {
				fail_at(ps, esc, "\\u0000 is not supported in strings");
				goto fail;
			}
			add_utf8(&sb, cp);
			break;
		}
		default:
			if (esc[1] >= 0x20 && esc[1] < 0x7F)
				fail_at(ps, esc, "invalid escape '\\%c' in string", esc[1]);
			else
				fail_at(ps, esc, "invalid escape in string");
			goto fail;
		}
	}
fail:
	strbuf_release(&sb);
	return NULL;
}

static bool is_digit(const struct parser *ps, const unsigned char *p)
{
	return p < ps->end && *p >= '0' && *p <= '9';
}

static cJSON *parse_number(struct parser *ps)
{
	const unsigned char *start = ps->p, *p = ps->p;
	if (*p == '-')
		p++;
	if (!is_digit(ps, p))
		return fail_at(ps, p, "expected a digit in number");
	if (*p == '0' && is_digit(ps, p + 1))
		return fail_at(ps, start, "numbers must not have leading zeros");
	while (is_digit(ps, p))
		p++;
	if (p < ps->end && *p == '.') {
		p++;
		if (!is_digit(ps, p))
			return fail_at(ps, p, "expected a digit after the decimal point");
		while (is_digit(ps, p))
			p++;
	}
	if (p < ps->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < ps->end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(ps, p))
			return fail_at(ps, p, "expected a digit in the exponent");
		while (is_digit(ps, p))
			p++;
	}
	/* The grammar above is a subset of strtod's (in the C locale). */
	char *copy = alloc_strndup((const char *)start, (size_t)(p - start));
	double v = strtod(copy, NULL);
	free(copy);
	if (isinf(v))
		return fail_at(ps, start, "number out of range");
	ps->p = p;
	return cJSON_CreateNumber(v);
}

static cJSON *parse_value(struct parser *ps);

static cJSON *parse_object(struct parser *ps)
{
	cJSON *obj = cJSON_CreateObject();
	ps->p++;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return obj;
	}
	for (;;) {
		if (ps->p >= ps->end || *ps->p != '"') {
			fail_expected(ps, "expected a string key");
			goto fail;
		}
		unsigned key_line = ps->line, key_column = column_of(ps, ps->p);
		char *key = parse_string(ps);
		if (!key)
			goto fail;
		const cJSON *first = cJSON_GetObjectItemCaseSensitive(obj, key);
		if (first) {
			for (size_t i = 0; i < ps->doc->npos; i++) {
				if (ps->doc->pos[i].node == first) {
					set_error(ps->err, key_line, key_column,
						  "duplicate key '%s' (first at line %u, column %u)", key,
						  ps->doc->pos[i].key_line, ps->doc->pos[i].key_column);
					break;
				}
			}
			free(key);
			goto fail;
		}
		skip_space(ps);
		if (ps->p >= ps->end || *ps->p != ':') {
			free(key);
			fail_expected(ps, "expected ':' after an object key");
			goto fail;
		}
		ps->p++;
		skip_space(ps);
		cJSON *value = parse_value(ps);
		if (!value) {
			free(key);
			goto fail;
		}
		/* The value's entry was the last one recorded. */
		ps->doc->pos[ps->doc->npos - 1].key_line = key_line;
		ps->doc->pos[ps->doc->npos - 1].key_column = key_column;
		cJSON_AddItemToObject(obj, key, value);
		free(key);
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			return obj;
		}
		if (ps->p >= ps->end || *ps->p != ',') {
			fail_expected(ps, "expected ',' or '}' after an object member");
			goto fail;
		}
		const unsigned char *comma = ps->p;
		unsigned comma_line = ps->line;
		unsigned comma_column = column_of(ps, comma);
		ps->p++;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == '}') {
			set_error(ps->err, comma_line, comma_column,
				  "trailing comma after the last object member");
			goto fail;
		}
	}
fail:
	cJSON_Delete(obj);
	return NULL;
}

static cJSON *parse_array(struct parser *ps)
{
	cJSON *arr = cJSON_CreateArray();
	ps->p++;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return arr;
	}
	for (;;) {
		cJSON *value = parse_value(ps);
		if (!value)
			goto fail;
		cJSON_AddItemToArray(arr, value);
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			return arr;
		}
		if (ps->p >= ps->end || *ps->p != ',') {
			fail_expected(ps, "expected ',' or ']' after an array element");
			goto fail;
		}
		unsigned comma_line = ps->line;
		unsigned comma_column = column_of(ps, ps->p);
		ps->p++;
		skip_space(ps);
		if (ps->p < ps->end && *ps->p == ']') {
			set_error(ps->err, comma_line, comma_column,
				  "trailing comma after the last array element");
			goto fail;
		}
	}
fail:
	cJSON_Delete(arr);
	return NULL;
}

static cJSON *parse_literal(struct parser *ps)
{
	static const struct { const char *text; int type; } literals[] = {
		{ "true", cJSON_True }, { "false", cJSON_False }, { "null", cJSON_NULL },
	};
	for (size_t i = 0; i < sizeof(literals) / sizeof(*literals); i++) {
		size_t n = strlen(literals[i].text);
		if ((size_t)(ps->end - ps->p) >= n && !memcmp(ps->p, literals[i].text, n)) {
			ps->p += n;
			return literals[i].type == cJSON_True	 ? cJSON_CreateTrue()
			       : literals[i].type == cJSON_False ? cJSON_CreateFalse()
								 : cJSON_CreateNull();
		}
	}
	return fail_at(ps, ps->p, "expected a value (true, false and null are written in lower case)");
}

/* Parses the value at ps->p (no space before it) and records its position
 * after its children's, so that it is the last entry of the table. */
static cJSON *parse_value(struct parser *ps)
{
	unsigned line = ps->line, column = column_of(ps, ps->p);
	cJSON *v;
	if (ps->p >= ps->end)
		return fail_expected(ps, "expected a value");
	unsigned char c = *ps->p;
	if (c == '{' || c == '[') {
		if (++ps->depth > MAX_DEPTH)
			return fail_at(ps, ps->p, "nesting deeper than %d levels", MAX_DEPTH);
		v = c == '{' ? parse_object(ps) : parse_array(ps);
		ps->depth--;
	} else if (c == '"') {
		char *s = parse_string(ps);
		v = s ? cJSON_CreateString(s) : NULL;
		free(s);
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		v = parse_number(ps);
	} else if (c == 't' || c == 'f' || c == 'n' || c == 'T' || c == 'F' || c == 'N') {
		v = parse_literal(ps);
	} else {
		return fail_expected(ps, "expected a value");
	}
	if (v)
		record(ps, v, line, column);
	return v;
}

static int compare_pos(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct json_pos *)a)->node;
	uintptr_t y = (uintptr_t)((const struct json_pos *)b)->node;
	return x < y ? -1 : x > y;
}

int json_doc_parse(const char *text, size_t len, struct json_doc *out, struct json_error *err)
{
	const unsigned char *s = (const unsigned char *)text, *end = s + len;
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));

	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		set_error(err, 1, 1, "the text is UTF-16 (it starts with a UTF-16 byte-order mark): "
				     "JSON must be saved as UTF-8");
		return -1;
	}
	if ((len >= 1 && s[0] == 0) || (len >= 2 && s[1] == 0)) {
		set_error(err, 1, 1, "the text is UTF-16 or UTF-32 (it has NUL bytes): "
				     "JSON must be saved as UTF-8");
		return -1;
	}
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		s += 3;
	if (check_utf8(s, end, err))
		return -1;

	struct parser ps = { s, end, s, 1, 0, out, err };
	skip_space(&ps);
	if (ps.p >= ps.end) {
		set_error(err, ps.line, column_of(&ps, ps.p), "the text is empty: expected a JSON value");
		return -1;
	}
	cJSON *root = parse_value(&ps);
	if (root) {
		skip_space(&ps);
		if (ps.p < ps.end) {
			fail_expected(&ps, "unexpected text after the JSON value");
			cJSON_Delete(root);
			root = NULL;
		}
	}
	if (!root) {
		free(out->pos);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	out->root = root;
	if (out->npos > 1)
		qsort(out->pos, out->npos, sizeof(*out->pos), compare_pos);
	return 0;
}

static const struct json_pos *find(const struct json_doc *d, const cJSON *node)
{
	struct json_pos key = { node, 0, 0, 0, 0 };
	if (!node || !d->npos)
		return NULL;
	return bsearch(&key, d->pos, d->npos, sizeof(*d->pos), compare_pos);
}

bool json_doc_position(const struct json_doc *d, const cJSON *node, unsigned *line, unsigned *col)
{
	const struct json_pos *p = find(d, node);
	if (!p)
		return false;
	*line = p->line;
	*col = p->column;
	return true;
}

bool json_doc_key_position(const struct json_doc *d, const cJSON *node, unsigned *line,
			   unsigned *col)
{
	const struct json_pos *p = find(d, node);
	if (!p || !p->key_line)
		return false;
	*line = p->key_line;
	*col = p->key_column;
	return true;
}

void json_doc_release(struct json_doc *d)
{
	cJSON_Delete(d->root);
	free(d->pos);
	memset(d, 0, sizeof(*d));
}
