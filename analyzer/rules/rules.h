/* SPDX-License-Identifier: Apache-2.0 */
/* The rule set: loading the rules/ directory, validating each file against
 * rules/schema.json and then across files (unique IDs, known superseded IDs,
 * message placeholders the kind provides, a documentation page per rule).
 * Problems are collected with file:line:col; nothing is printed. What each
 * kind does with its params is the checks' business, not this file's. */
#ifndef ENTRYCHECK_RULES_H
#define ENTRYCHECK_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "facts/classify.h"
#include "json/pos.h"
#include "rules/kind.h"
#include "base/strvec.h"

struct cJSON;
struct problems;
struct json_schema;

enum rule_level { RULE_ERROR, RULE_WARNING, RULE_NOTE };

/* The routines a rule is checked on: DriverEntry, and each routine
 * DriverEntry installs to add a device or a binding, or to take a device's
 * PnP requests (eval/roots.c finds them). */
enum rule_root {
	ROOT_DRIVER_ENTRY,
	ROOT_ADD_DEVICE,     /* DriverObject->DriverExtension->AddDevice */
	ROOT_DEVICE_ADD,     /* a KMDF driver's EvtDriverDeviceAdd */
	ROOT_FILTER_ATTACH,  /* an NDIS filter's FilterAttach (AttachHandler) */
	ROOT_MINIPORT_INIT,  /* an NDIS miniport's MiniportInitializeEx (InitializeHandlerEx) */
	ROOT_DISPATCH_PNP,   /* the routine in DriverObject->MajorFunction[IRP_MJ_PNP] */
	ROOT_COUNT
};
/* The root a rule names so in "roots" ("AddDevice"), or ROOT_COUNT. */
enum rule_root rule_root_from_name(const char *name);

enum rule_precision {
	RULE_PRECISION_UNSET, /* the rule gives none */
	RULE_PRECISION_VERY_HIGH,
	RULE_PRECISION_HIGH,
	RULE_PRECISION_MEDIUM,
	RULE_PRECISION_LOW,
};

/* One rule. Every pointer is owned by the rule set and lives until
 * rule_set_release; the strings and `params` are parts of the parsed
 * document the rule came from. */
struct rule {
	const char *id;          /* "FLT004" */
	const char *name;        /* "NoUnregisterAfterStartFailed" */
	enum rule_level level;
	const char *title;
	const char *message;     /* with its {placeholders} */
	const char *requirement;
	const char *help_uri;
	model_set models;        /* every bit set for "*" */
	const char *kind;        /* "cleanup-on-failure" */
	const struct kind *def;  /* that kind, from the set's table */
	const struct cJSON *params; /* the params object, valid against the kind's schema */
	void *compiled;          /* def->compile(params), or NULL; owned by the rule */
	struct strvec tags;
	enum rule_precision precision;
	struct strvec supersedes; /* IDs, each naming a rule of the set */
	unsigned *c28;            /* Code Analysis warning numbers */
	size_t c28_len;
	bool retired;
	unsigned roots;           /* "roots": a bit per enum rule_root; DriverEntry's when absent */
	const struct cJSON *json; /* the rule's object in its document */
	const char *file;         /* the rule file as given to the loader */
	unsigned line, column;    /* where the rule's object starts */
};

/* One parsed rule file. */
struct rule_file {
	char *path;
	struct json_doc doc;
};

/* The loaded rules, sorted by id, and the documents they point into. */
struct rule_set {
	/* The kinds rules may name (the program's table, kinds/table.h);
	 * must be set before loading. */
	const struct kind_table *kinds;
	/* What the configuration adds to params; set before loading. */
	struct rule_extras extras;
	struct rule *items;
	size_t len, cap;
	struct rule_file *files;
	size_t nfiles, files_cap;
	/* The schema last used, kept for the next file that names the same one. */
	char *schema_path;
	struct json_doc schema_doc;
	struct json_schema *schema;
};

/* run_load_rules gives a set made with RULE_SET_INIT the program's kinds. */
#define RULE_SET_INIT { 0 }
#define RULE_SET_WITH_KINDS(table) { .kinds = (table) }

/* Loads the rules of the file `path` into `set`. `schema_path` is the JSON
 * Schema to validate against (NULL: schema.json in the file's directory).
 * Every problem is added to `problems` with the file, line and column it is
 * about: an unreadable file, text that is not UTF-8 JSON, a schema violation,
 * an ID already loaded (naming where), a `supersedes` entry naming no rule
 * loaded so far, a kind that is not in set->kinds, a message placeholder the
 * kind does not provide (errors),
 * and a missing docs/<ID>.md next to the file's directory (a warning). Only
 * rules without errors are added. Returns 0, or -1 when an error was added.
 * Pointers to rules obtained before the call are invalidated. */
int rule_set_load_file(struct rule_set *set, const char *path, const char *schema_path,
		       struct problems *problems);

/* Loads every *.json of the directory `dir` but schema.json, in name order,
 * as rule_set_load_file does; `supersedes` may name a rule of any file of
 * the directory. `schema_path` NULL means dir/schema.json. A directory that
 * cannot be read or holds no rule file is an error. Returns 0 or -1. */
int rule_set_load_dir(struct rule_set *set, const char *dir, const char *schema_path,
		      struct problems *problems);

/* The rule with this ID, or NULL. */
const struct rule *rule_set_find(const struct rule_set *set, const char *id);

/* Frees everything the set holds; it keeps its kinds and may load again. */
void rule_set_release(struct rule_set *set);

/* "error", "warning" or "note". */
const char *rule_level_name(enum rule_level level);
/* "very-high", "high", "medium", "low", or NULL for RULE_PRECISION_UNSET. */
const char *rule_precision_name(enum rule_precision precision);

#endif
