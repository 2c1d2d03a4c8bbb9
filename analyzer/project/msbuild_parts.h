/* SPDX-License-Identifier: Apache-2.0 */
/* What evaluating one .vcxproj shares between its files: the evaluation's
 * state, with properties and imports (pass 1, project/msbuild.c), and item
 * definitions and items (passes 2 and 3, project/msitems.c). The rest of
 * entrycheck sees msbuild_load() in project/project.h only. */
#ifndef ENTRYCHECK_MSBUILD_PARTS_H
#define ENTRYCHECK_MSBUILD_PARTS_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/map.h"
#include "base/strvec.h"
#include "project/msbuild.h"

struct problems;
struct project;
struct project_dircache;
struct flag_memo;
struct project_options;

/* An ItemGroup or ItemDefinitionGroup met in pass 1, evaluated later with
 * the final properties, as MSBuild does. */
struct deferred {
	xmlNodePtr node;
	char *dir;          /* $(MSBuildThisFileDirectory) of its file */
};

struct msbuild {
	const struct project_options *opts;
	struct props props;
	struct strvec globals;     /* properties the project cannot change */
	char *project_dir;
	const char *this_dir;
	const char *this_file;     /* the file being evaluated, for messages */
	struct strvec loaded;      /* directories of files evaluated, owned here */
	struct strindex ids;       /* identities of the files evaluated: each once */
	struct strvec chain;       /* the files being evaluated, outermost first */
	xmlDocPtr *docs;
	size_t ndocs, docs_cap;
	struct deferred *later;
	size_t nlater, later_cap;
	struct props definition;   /* ClCompile item definition metadata */
	struct props link;         /* Link item definition metadata */
	struct props message;      /* MessageCompile item definition metadata */
	struct project *out;
	struct project_dircache *dirs; /* the folders read, each once */
	struct flag_memo *flag_memo;   /* pass 3: items' flags by their metadata (msitems.c) */
	char *cwd;
	struct problems *problems;
};

/* A note at `file` (made relative) with `fmt` and `what`, when verbose. */
void msbuild_note(struct msbuild *mb, const char *file, const char *fmt, const char *what);
/* The expansion of `text`, or "" with an error naming the project and `what`
 * (a property, metadata or an attribute) when it is too long; a property
 * function left empty is a note naming them. Returns a new string. */
char *msbuild_expand_noted(struct msbuild *mb, const char *text, const struct props *meta, const char *what);
/* The value of the attribute `name` (any letter case) of `n` as a new
 * string, or NULL when there is none. */
char *msbuild_attribute(xmlNodePtr n, const char *name);
/* The text of `n`, a new string. */
char *msbuild_text_of(xmlNodePtr n);
/* Whether `n` is the element `name`, letter case ignored. */
bool msbuild_named(xmlNodePtr n, const char *name);
/* True when the node has no Condition or its Condition holds. */
bool msbuild_holds(struct msbuild *mb, xmlNodePtr n, const struct props *meta);
/* The metadata's value without surrounding space, or NULL when it is not
 * set or empty; *owned is the same new string (the caller frees it). */
const char *msbuild_trimmed_meta(const struct props *meta, const char *name, char **owned);

/* Pass 2 (msitems.c): ClCompile item definitions, Link's for the entry point
 * and MessageCompile's for the headers mc.exe generates. */
void msbuild_evaluate_definitions(struct msbuild *mb);
/* Pass 3 (msitems.c): ClCompile and MessageCompile items, into mb->out. */
void msbuild_evaluate_items(struct msbuild *mb);

#endif
