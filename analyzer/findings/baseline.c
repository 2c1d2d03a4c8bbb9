/* SPDX-License-Identifier: Apache-2.0 */
/* Baselines (baseline.h): reading fingerprints from either report format and
 * marking the findings of a run against them. */
#include "findings/baseline.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "findings/fingerprint.h"
#include "findings/finding.h"
#include "json/load.h"
#include "json/pos.h"
#include "base/problems.h"
#include "base/source.h"

/* Baselines of large repositories are far bigger than any source file. */
#define BASELINE_MAX_BYTES (256u * 1024u * 1024u)

static int fail_at(const struct json_doc *doc, const cJSON *node, const char *path,
		   struct problems *problems, const char *message)
{
	unsigned line = 1, col = 1;
	json_doc_position(doc, node, &line, &col);
	problems_add(problems, PROBLEM_ERROR, path, line, col, "bad baseline: %s", message);
	return -1;
}

static const cJSON *member(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

static int collect_sarif(const struct json_doc *doc, const cJSON *runs, const char *path,
			 struct strvec *out, struct problems *problems)
{
	if (!cJSON_IsArray(runs))
		return fail_at(doc, runs, path, problems, "'runs' must be an array");
	const cJSON *run;
	cJSON_ArrayForEach(run, runs) {
		const cJSON *results = member(run, "results"), *result;
		if (results && !cJSON_IsArray(results))
			return fail_at(doc, results, path, problems, "'results' must be an array");
		cJSON_ArrayForEach(result, results) {
			const cJSON *fp = member(member(result, "partialFingerprints"), "entrycheck/v1");
			if (!cJSON_IsString(fp))
				return fail_at(doc, result, path, problems,
					       "a result without partialFingerprints[\"entrycheck/v1\"]: "
					       "not a SARIF log written by entrycheck");
			strvec_push(out, fp->valuestring);
		}
	}
	return 0;
}

static int collect_json(const struct json_doc *doc, const cJSON *findings, const char *path,
			struct strvec *out, struct problems *problems)
{
	if (!cJSON_IsArray(findings))
		return fail_at(doc, findings, path, problems, "'findings' must be an array");
	const cJSON *f;
	cJSON_ArrayForEach(f, findings) {
		const cJSON *fp = member(f, "fingerprint");
		if (!cJSON_IsString(fp))
			return fail_at(doc, f, path, problems, "a finding without a string 'fingerprint'");
		strvec_push(out, fp->valuestring);
	}
	return 0;
}

int baseline_load(const char *path, struct strvec *out, struct problems *problems)
{
	struct json_doc doc;
	if (json_load_file(path, NULL, "baseline", BASELINE_MAX_BYTES, &doc, problems) != 0)
		return -1;
	int rc;
	const cJSON *runs = member(doc.root, "runs"), *findings = member(doc.root, "findings");
	if (cJSON_IsObject(doc.root) && runs)
		rc = collect_sarif(&doc, runs, path, out, problems);
	else if (cJSON_IsObject(doc.root) && findings)
		rc = collect_json(&doc, findings, path, out, problems);
	else
		rc = fail_at(&doc, doc.root, path, problems,
			     "neither a SARIF log ('runs') nor an entrycheck JSON report ('findings')");
	json_doc_release(&doc);
	return rc;
}

void baseline_apply(struct findings *findings, const struct strvec *fingerprints)
{
	struct strvec mine = STRVEC_INIT;
	findings_fingerprints(findings, &mine);
	for (size_t i = 0; i < findings->len; i++)
		findings->items[i].baseline =
			strvec_contains(fingerprints, mine.items[i]) ? BASELINE_UNCHANGED : BASELINE_NEW;
	strvec_clear(&mine);
}
