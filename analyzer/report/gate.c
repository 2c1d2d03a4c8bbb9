#include "report/gate.h"

#include <string.h>

#include "report/baseline.h"
#include "report/finding.h"
#include "report/suppress.h"
#include "rules/rules.h"

int gate_open(struct gate *g, const char *baseline, struct problems *problems)
{
	memset(g, 0, sizeof(*g));
	if (!baseline)
		return 0;
	g->has_baseline = true;
	return baseline_load(baseline, &g->accepted, problems);
}

void gate_apply(const struct gate *g, struct findings *findings, const struct rule_set *rules,
		const struct strvec *files, struct problems *problems)
{
	suppressions_apply(findings, rules, files, problems);
	if (g->has_baseline)
		baseline_apply(findings, &g->accepted);
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
	memset(g, 0, sizeof(*g));
}
