/* SPDX-License-Identifier: Apache-2.0 */
#include "findings/gate.h"

#include <string.h>

#include "base/problems.h"
#include "findings/baseline.h"
#include "findings/finding.h"
#include "findings/suppress.h"
#include "rules/rules.h"

int gate_open(struct gate *g, const char *baseline, const char *changed_since, const char *dir,
	      struct problems *problems)
{
	memset(g, 0, sizeof(*g));
	if (changed_since) {
		g->has_changes = true;
		if (changes_load(&g->changes, changed_since, dir, problems) != 0)
			return -1;
	}
	if (!baseline)
		return 0;
	g->has_baseline = true;
	return baseline_load(baseline, &g->accepted, problems);
}

int gate_apply(const struct gate *g, struct findings *findings, const struct rule_set *rules,
	       const struct strvec *files, struct problems *problems)
{
	/* Suppressions first: one on an unchanged line is still used. */
	int errors = suppressions_apply(findings, rules, files, problems);
	if (g->has_baseline)
		baseline_apply(findings, &g->accepted);
	if (g->has_changes) {
		size_t dropped = changes_filter(&g->changes, findings);
		if (dropped)
			problems_add(problems, PROBLEM_NOTE, NULL, 0, 0,
				     "%zu finding%s on lines not changed since '%s' (merge base %.12s) not "
				     "reported (--changed-since)",
				     dropped, dropped == 1 ? "" : "s", g->changes.ref, g->changes.base);
	}
	return errors;
}

bool gate_fails(const struct findings *findings, int fail_on)
{
	for (size_t i = 0; i < findings->len; i++) {
		const struct finding *f = &findings->items[i];
		if (finding_is_active(f) && (int)f->rule->level <= fail_on)
			return true;
	}
	return false;
}

void gate_close(struct gate *g)
{
	strvec_clear(&g->accepted);
	changes_release(&g->changes);
	memset(g, 0, sizeof(*g));
}
