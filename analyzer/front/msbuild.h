/* What front/msbuild.c and front/sources.c share: expanding $(NAME) and
 * %(NAME) and evaluating MSBuild Conditions (front/condition.c). */
#ifndef ENTRYCHECK_MSBUILD_H
#define ENTRYCHECK_MSBUILD_H

#include <stdbool.h>

struct props;

struct msbuild_scope {
	const char *(*lookup)(void *data, const char *name); /* $(NAME), or NULL: empty */
	void *data;
	const struct props *meta;  /* %(NAME) from here when not NULL (msbuild.c's) */
	const char *base_dir;      /* relative paths in Exists() */
};

/* Expands $(NAME) and %(NAME); property functions, item lists @(...) and
 * unknown names expand to nothing. Returns a new string. */
char *msbuild_expand(const struct msbuild_scope *scope, const char *text);
/* Evaluates a Condition: == and != (letter case ignored), and, or, !,
 * parentheses, Exists() and HasTrailingSlash(). What it cannot read is false. */
bool msbuild_condition(const struct msbuild_scope *scope, const char *condition);

#endif
