/* SPDX-License-Identifier: Apache-2.0 */
/* A JSON Schema validator for the subset of draft 2020-12 our schemas use:
 * type (with integer), enum, const, pattern (POSIX extended), minLength,
 * minimum, maximum, required, properties, additionalProperties (false or a
 * schema), minProperties, items, minItems, maxItems, uniqueItems, allOf,
 * if/then, and $ref to "#/$defs/NAME"; $schema, $id, $defs, $comment, title
 * and description are accepted and ignored. Any other keyword makes the
 * schema itself invalid, so a schema cannot silently rely on one we ignore.
 * Validation reports each problem through a callback; nothing is printed. */
#ifndef ENTRYCHECK_JSON_SCHEMA_H
#define ENTRYCHECK_JSON_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

struct cJSON;
struct json_schema;

/* Compiles the schema document `root`, which must outlive the result.
 * Returns the schema (free it with json_schema_free), or NULL with `*bad`
 * set to the schema node at fault and `*message` to an allocated
 * explanation the caller frees ("unsupported keyword 'oneOf'"). */
struct json_schema *json_schema_compile(const struct cJSON *root, const struct cJSON **bad,
					char **message);
void json_schema_free(struct json_schema *schema);

/* One violation. `trail` runs from the instance's root (trail[0]) down to
 * the value the problem is about (trail[trail_len - 1]); `at` is the node
 * whose position to show, and `at_key` says to show its key rather than
 * its value (an unknown property). When `about_value` is true the text
 * completes a sentence whose subject is the value ("must be a string (got
 * a number)"); otherwise it describes the object ("missing required
 * property 'id'"). The pointers are valid during the callback only. */
struct json_schema_error {
	const struct cJSON *at;
	bool at_key;
	const struct cJSON *const *trail;
	size_t trail_len;
	bool about_value;
	const char *text;
};

typedef void json_schema_report_fn(void *ctx, const struct json_schema_error *error);

/* Validates `instance` against `schema`, calling `report` for every
 * violation found (a value of the wrong type is reported once, without
 * checking its other keywords). Returns the number of violations. */
size_t json_schema_validate(const struct json_schema *schema, const struct cJSON *instance,
			    json_schema_report_fn *report, void *ctx);

/* The path of trail[to - 1] below trail[from - 1], as "params.pairs[0].success";
 * "" when to <= from. The caller frees it. */
char *json_schema_path(const struct cJSON *const *trail, size_t from, size_t to);

/* The error as one sentence, naming the value by its path below trail[from - 1]:
 * "'params.calls' must be an array (got a string)", "params: missing required
 * property 'calls'"; `whole` names the value when the path is empty ("the
 * document"). The caller frees it. */
char *json_schema_error_text(const struct json_schema_error *error, size_t from, const char *whole);

#endif
