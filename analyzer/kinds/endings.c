/* SPDX-License-Identifier: Apache-2.0 */
/* Rule kind about how DriverEntry ends: falls-off-end, a path that reaches
 * the closing brace of a routine that returns a value. Paths that end in a
 * noreturn call (KeBugCheckEx) or loop forever never reach it; the CFG
 * already leaves them without an edge to the exit. */
#include <stdlib.h>
#include <string.h>

#include "base/problems.h"
#include "kinds/shared.h"
#include "rules/rules.h"
#include "base/path.h"
#include "base/strbuf.h"

static bool falls_off_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	(void)c;
	(void)g;
	(void)e;
	return false; /* only the closing HIST_RETURN matters */
}

static void falls_off_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = eval_path_return(p);
	if (!ret || ret->event || ret->frame != 0)
		return;
	const struct cfg *g = ret->g;
	if (!g->end.line || !g->canonical_return_type || !strcmp(g->canonical_return_type, "void"))
		return;
	/* `FSP_LEAVE_DRV(...);` before the brace: a macro of a missing header
	 * that the code calls last may be the return (`...; return Result`). */
	const struct cfg_call *last = g->fall_off_call >= 0 ? &g->calls[g->fall_off_call] : NULL;
	if (last && last->undeclared) {
		char *cwd = path_current_directory();
		char *shown = path_relative_to(g->end.file, cwd);
		problems_add(c->notes, PROBLEM_NOTE, shown, g->end.line, g->end.column,
			     "%s not checked for %s: it ends in a call of '%s', which no header declares (a macro "
			     "of a missing header may return)",
			     c->rule->id, g->function, last->callee ? last->callee : last->text);
		free(shown);
		free(cwd);
		return;
	}
	char *line = kinds_line_number_text(g->end.line);
	const char *vars[] = { "type", g->return_type ? g->return_type : g->canonical_return_type,
			       "end_line", line, NULL };
	eval_add_finding(c, g->end, g->function, p, NULL, NULL, vars);
	free(line);
}

static void falls_off_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	(void)c;
	(void)p;
	(void)key; /* nothing on the path decides the finding: every path may merge */
}

static const struct kind_ops falls_off_end_ops = {
	.relevant = falls_off_relevant,
	.check_path = falls_off_path,
	.summary = falls_off_summary,
};

const struct kind kind_falls_off_end = {
	.name = "falls-off-end",
	.placeholders = (const char *const[]){ "type", "end_line", NULL },
	.ops = &falls_off_end_ops,
};
