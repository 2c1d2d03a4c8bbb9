/* SPDX-License-Identifier: Apache-2.0 */
/* The configuration file: .entrycheck.json, found upward from the current
 * directory (and from each analyzed file: settings_tree) or named with --config, validated against
 * analyzer/schema/config.schema.json (built into the program). It holds
 * rule level overrides, rule directories, include paths and defines, extra
 * entry-point names, driver models by path and extra cleanup pairs.
 * Problems are collected with file:line:col; nothing is printed. (The build
 * settings are config.h, a different thing.) */
#ifndef ENTRYCHECK_SETTINGS_H
#define ENTRYCHECK_SETTINGS_H

#include <stdbool.h>

#include "json/pos.h"
#include "base/map.h"
#include "base/strvec.h"

struct problems;
struct rule_set;

#define SETTINGS_FILE_NAME ".entrycheck.json"

struct settings {
	char *path;                 /* the file as found or given */
	struct json_doc doc;
	const struct cJSON *rules;  /* the "rules" object of doc, or NULL */
	struct strvec rule_dirs;    /* absolute */
	struct strvec args;         /* clang arguments: "-I" DIR (absolute), "-DNAME[=VALUE]" */
	struct strvec entry_points; /* entry routine names besides DriverEntry */
	struct strvec exclude;      /* globs of files to leave out */
	struct strvec model_paths;  /* absolute paths, parallel to model_sets */
	unsigned *model_sets;       /* model_set bits for each of model_paths */
	const struct cJSON *pairs;  /* extra DE006 pairs, or NULL */
};

/* The nearest SETTINGS_FILE_NAME in `dir` or a directory above it, or NULL.
 * The caller frees it. */
char *settings_find(const char *dir);

/* Reads and validates `path` into `out` (release with settings_release,
 * also after a failure). Returns 0, or -1 after adding errors with
 * file:line:col to `problems`: an unreadable file, bad JSON, an unknown
 * member, a value of the wrong type. */
int settings_load(const char *path, struct settings *out, struct problems *problems);

/* Applies the "rules" overrides to `rules`: a level replaces the rule's, and
 * "off" clears its models so that it never runs. An ID that names no rule of
 * the set is an error at its key. Returns 0, or -1 after adding errors.
 * ("pairs" is not applied here: run/ gives it to the rule set as
 * extras.cleanup_pairs before loading, and the cleanup-on-failure kind
 * compiles it with the params of every such rule without a trigger.) */
int settings_apply_rules(const struct settings *s, struct rule_set *rules, struct problems *problems);

/* The models the configuration gives the file `path` (absolute): those of
 * the longest configured path that is the file or a directory above it; 0
 * when none applies. */
unsigned settings_models_for(const struct settings *s, const char *path);

void settings_release(struct settings *s);

/* The configurations of a tree of drivers: each file's nearest
 * .entrycheck.json (as clang-tidy and ruff find theirs), each read once. */
struct settings_tree {
	struct settings *items;
	bool *valid;
	size_t len, cap;
	/* Directories looked up so far (a tree's files share a few), and for
	 * each the position of its configuration in `items`, or -1 for none. */
	struct strindex dirs;
	int *dir_item;
	size_t dir_cap;
};

/* The nearest configuration at or above the directory of `file` (absolute),
 * read on first use; NULL when there is none, or when it is invalid: then
 * `*bad` is set and its errors were added to `problems` once. */
const struct settings *settings_tree_for(struct settings_tree *t, const char *file, bool *bad,
					 struct problems *problems);
void settings_tree_release(struct settings_tree *t);

#endif
