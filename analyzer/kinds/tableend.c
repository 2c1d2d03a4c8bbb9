/* SPDX-License-Identifier: Apache-2.0 */
/* The table-end kind: an array a registration structure names through a
 * field must end with its terminating entry, as the system walks it until
 * that entry (a minifilter's context registrations end with
 * { FLT_CONTEXT_END }, its operations with { IRP_MJ_OPERATION_END }). A
 * declaration kind: the registration is a global with an initializer,
 * given by address to one of the rule's calls in DriverEntry or a helper it
 * calls; the array is a global whose initializer lists its entries. A
 * structure filled by stores, or an array built another way, is not judged.
 * Reported at the array. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/str.h"
#include "base/strvec.h"
#include "facts/classify.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/shared.h"

struct table_field {
	const char *field;         /* the registration's member naming the array */
	const char *end;           /* the name the last entry's text must hold */
};

struct tableend_params {
	struct strvec calls;
	int arg;
	struct table_field *fields;
	size_t nfields;
};

static void *tableend_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct tableend_params *tp = alloc_zeroed(1, sizeof(*tp));
	const cJSON *use = cJSON_GetObjectItemCaseSensitive(params, "use");
	kinds_names_compile(&tp->calls, cJSON_GetObjectItemCaseSensitive(use, "calls"));
	tp->arg = kinds_param_int(use, "arg", 0);
	const cJSON *t;
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(params, "tables")) {
		tp->fields = alloc_resize(tp->fields, (tp->nfields + 1) * sizeof(*tp->fields));
		tp->fields[tp->nfields++] = (struct table_field){ kinds_param_string(t, "field"),
								   kinds_param_string(t, "end") };
	}
	return tp;
}

static void tableend_release(void *compiled)
{
	struct tableend_params *tp = compiled;
	strvec_clear(&tp->calls);
	free(tp->fields);
	free(tp);
}

/* Whether `text` holds `word` as a whole identifier. */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *t = strstr(text, word); t; t = strstr(t + 1, word))
		if ((t == text || !str_ident_char(t[-1])) && !str_ident_char(t[n]))
			return true;
	return false;
}

/* The array an initializer's text names: `Table`, `&Table[0]`, `(PFLT_X)Table`;
 * NULL when it is anything else (a call, an expression, NULL). */
static char *array_named(const char *text)
{
	const char *p = text;
	while (*p == '(' || *p == '&') {
		if (*p == '&') {
			p++;
			continue;
		}
		const char *close = strchr(p, ')');
		if (!close)
			return NULL;
		p = close + 1; /* a cast, or a parenthesis around the name */
	}
	size_t n = 0;
	while (str_ident_char(p[n]))
		n++;
	if (!n || (p[n] && strcmp(p + n, "[0]") && strcmp(p + n, ")")))
		return NULL;
	return alloc_strndup(p, n);
}

struct judged {
	struct strvec seen;        /* "unit table" pairs judged */
};

static void judge_registration(const struct check *c, size_t unit, const struct cfg_call *call, struct judged *j)
{
	const struct tableend_params *tp = c->compiled;
	if (tp->arg < 1 || (size_t)tp->arg > call->nargs)
		return;
	const struct cfg_value *v = &call->args[tp->arg - 1];
	if ((v->kind != VALUE_ADDRESS && v->kind != VALUE_PLACE) || !v->place.root_is_global || v->place.field)
		return;
	size_t from = program_unit_of_call(c->prog, call, unit);
	const struct global_facts *reg = program_global(c->prog, from, v->place.root);
	for (size_t k = 0; reg && k < tp->nfields; k++) {
		const char *value = decls_field_initializer(reg, tp->fields[k].field);
		char *name = value ? array_named(value) : NULL;
		const struct global_facts *table = name ? program_global(c->prog, from, name) : NULL;
		char *key = name ? alloc_printf("%zu %s", from, name) : NULL;
		if (table && table->fields.len && !strvec_contains(&j->seen, key)) {
			strvec_push(&j->seen, key);
			const char *last = table->values.items[table->values.len - 1];
			bool indexed = !strncmp(table->fields.items[table->fields.len - 1], "[", 1);
			if (indexed && !has_word(last, tp->fields[k].end)) {
				char *entries = alloc_printf("%zu", table->fields.len);
				const char *vars[] = { "table", name, "field", tp->fields[k].field, "registration",
						       v->place.root, "end", tp->fields[k].end, "entries", entries, NULL };
				eval_add_finding(c, table->loc, c->entry->function, NULL, &call->loc, "registered here", vars);
				free(entries);
			}
		}
		free(key);
		free(name);
	}
}

static void visit(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e, void *data)
{
	const struct tableend_params *tp = c->compiled;
	const struct cfg_call *call = event_call(g, e);
	if (call && kinds_call_listed(call, &tp->calls))
		judge_registration(c, unit, call, data);
}

static void tableend_entry(const struct check *c)
{
	const struct tableend_params *tp = c->compiled;
	if (!kinds_program_calls(c, &tp->calls))
		return;
	struct judged j = { STRVEC_INIT };
	kinds_visit_events(c, visit, &j);
	strvec_clear(&j.seen);
}

static const struct kind_ops tableend_ops = {
	.check_entry = tableend_entry,
};

const struct kind kind_table_end = {
	.name = "table-end",
	.placeholders = (const char *const[]){ "table", "field", "registration", "end", "entries", NULL },
	.compile = tableend_compile,
	.release = tableend_release,
	.ops = &tableend_ops,
};
