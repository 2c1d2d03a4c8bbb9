/* SPDX-License-Identifier: Apache-2.0 */
/* What project/msbuild.c and project/sources.c share: properties, expanding $(NAME)
 * and %(NAME) (project/props.c) and evaluating MSBuild Conditions (project/condition.c). */
#ifndef ENTRYCHECK_MSBUILD_H
#define ENTRYCHECK_MSBUILD_H

#include <stdbool.h>

#include "base/map.h"
#include "base/strvec.h"

struct project_dircache;

/* Properties and metadata: names without regard to case, later wins (props.c). */
struct props {
	struct strvec names, values;  /* each name once, in the order first set */
	struct strindex folded;       /* the names in lower case, numbered as `names`,
				       * once there are many: a project of 100,000
				       * properties was quadratic */
};
/* The value of `name`, or NULL; owned by `p`. */
const char *msbuild_props_get(const struct props *p, const char *name);
/* Sets `name` to a copy of `value`. */
void msbuild_props_set(struct props *p, const char *name, const char *value);
/* Sets every name of `from` to its value in `from`. */
void msbuild_props_copy(struct props *to, const struct props *from);
void msbuild_props_clear(struct props *p);
/* Sets MSBuild's well-known metadata of `element`, one element of an item's
 * Include as written, found at `path`: Identity, FullPath, Filename,
 * Extension and RelativeDir, which the item's own metadata may name
 * (<GeneratedFilesBaseName>%(Filename)ETW). */
void msbuild_props_set_well_known(struct props *meta, const char *element, const char *path);
/* Calls `fn` for each ';'-separated, trimmed, non-empty element of `list`. */
void msbuild_list_each(const char *list, void (*fn)(void *, const char *), void *data);

struct msbuild_scope {
	const char *(*lookup)(void *data, const char *name); /* $(NAME), or NULL: empty */
	void *data;
	const struct props *meta;  /* %(NAME) from here when not NULL (msbuild.c's) */
	const char *base_dir;      /* relative paths in Exists() */
	char **unsupported;        /* when not NULL: gets the first $(...) left empty, a
				    * property function not evaluated (the caller frees it) */
	struct project_dircache *dirs; /* folders Exists() reads through, or NULL */
};

/* The longest value an expansion may produce: "$(P)$(P)" defined thirty times
 * over doubles to gigabytes, and no real property comes near this. */
#define MSBUILD_VALUE_MAX (64 * 1024)

/* Expands $(NAME), %(NAME) and the common property functions (propfn.c);
 * other property functions, item lists @(...) and unknown names expand to
 * nothing. Returns a new string, or NULL when the result would be longer
 * than MSBUILD_VALUE_MAX bytes. */
char *msbuild_expand(const struct msbuild_scope *scope, const char *text);
/* The ')' that closes the $(, %( or @( at `p`, quoted text inside a
 * property function's arguments skipped; NULL when there is none. */
const char *msbuild_reference_end(const char *p);
/* The same inside the arguments of a property function `depth` deep. */
char *msbuild_expand_at(const struct msbuild_scope *scope, const char *text, unsigned depth);

enum msbuild_fn_result { MSBUILD_FN_DONE, MSBUILD_FN_UNSUPPORTED, MSBUILD_FN_TOO_LONG };
/* Evaluates `expr`, the text inside $(...) that is not a plain name, as a
 * property function; on MSBUILD_FN_DONE *out is the new value (the caller
 * frees it). Others: not one we evaluate, or too long. */
enum msbuild_fn_result msbuild_function(const struct msbuild_scope *scope, const char *expr, unsigned depth,
					char **out);
/* Evaluates a Condition: == and != (letter case ignored), and, or, !,
 * parentheses, Exists() and HasTrailingSlash(). What it cannot read is false. */
bool msbuild_condition(const struct msbuild_scope *scope, const char *condition);

#endif
