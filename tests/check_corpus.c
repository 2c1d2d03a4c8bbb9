/* SPDX-License-Identifier: Apache-2.0 */
/* The corpus carries its own expectations: a DriverEntry definition's name
 * line ends with "// expect-entry: MODEL[, MODEL]", and each line where a
 * finding is reported carries "// expect: ID[, ID]". A run over corpus/ must
 * produce exactly those entries (all analyzable) and those findings, as many
 * of each as the marks name: two leaks reported at one return are
 * "// expect: DE006, DE006". */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/evaluate.h"
#include "project/inputs.h"
#include "rules/rules.h"
#include "base/source.h"
#include "testutil.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "base/path.h"
#include "base/str.h"

#define ENTRY_MARK "expect-entry:"
#define FINDING_MARK "expect:"

/* Collects from one file "path:line: models" for each expect-entry mark and
 * "path:line: ID" for each ID of an expect mark. A line may carry both:
 * "// expect-entry: wdm; expect: DE002, WDM003". */
static void expectations_in(const char *path, struct strvec *entries, struct strvec *findings)
{
	struct source src;
	const char *sys;
	if (source_load(path, SOURCE_MAX_BYTES, &src, &sys) != SOURCE_OK)
		return;
	unsigned line = 1;
	for (const char *p = src.text; *p; p++) {
		if (*p == '\n') {
			line++;
			continue;
		}
		bool entry = !strncmp(p, ENTRY_MARK, strlen(ENTRY_MARK));
		bool finding = !strncmp(p, FINDING_MARK, strlen(FINDING_MARK));
		if (!entry && !finding)
			continue;
		p += strlen(entry ? ENTRY_MARK : FINDING_MARK);
		struct strbuf item = STRBUF_INIT;
		for (; *p && *p != '\n' && *p != '\r' && *p != ';'; p++) {
			if (*p == ' ' || *p == '\t')
				continue;
			if (!entry && *p == ',') {
				strvec_pushf(findings, "%s:%u: %s", path, line, strbuf_str(&item));
				strbuf_release(&item);
				continue;
			}
			strbuf_addc(&item, *p);
		}
		if (entry)
			strvec_pushf(entries, "%s:%u: %s", path, line, strbuf_str(&item));
		else if (item.len)
			strvec_pushf(findings, "%s:%u: %s", path, line, strbuf_str(&item));
		strbuf_release(&item);
		p--;
	}
	source_release(&src);
}

static void walk(const char *dir, struct strvec *entries, struct strvec *findings)
{
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *child = path_join(dir, de->d_name);
		if (path_is_directory(child))
			walk(child, entries, findings);
		else if (inputs_is_source_name(child) || str_ends_with_nocase(child, ".h"))
			expectations_in(child, entries, findings);
		free(child);
	}
	closedir(d);
}

/* Compares two lists as multisets: an item expected twice and reported once
 * is missing once. */
static void compare(const char *what, struct strvec *expected, struct strvec *actual)
{
	strvec_sort(expected);
	strvec_sort(actual);
	struct strbuf diff = STRBUF_INIT;
	size_t i = 0, j = 0;
	while (i < expected->len || j < actual->len) {
		int order = i == expected->len ? 1
			  : j == actual->len ? -1
			  : strcmp(expected->items[i], actual->items[j]);
		if (order < 0)
			strbuf_addf(&diff, "  missing:    %s\n", expected->items[i++]);
		else if (order > 0)
			strbuf_addf(&diff, "  unexpected: %s\n", actual->items[j++]);
		else
			i++, j++;
	}
	ck_assert_msg(diff.len == 0, "corpus %s differ from the expectations:\n%s", what, strbuf_str(&diff));
	strbuf_release(&diff);
}

START_TEST(corpus_matches_its_expectations_exactly)
{
	char *corpus = path_join(ENTRYCHECK_SOURCE_ROOT, "corpus");
	struct strvec expected_entries = STRVEC_INIT, expected_findings = STRVEC_INIT;
	struct strvec entries = STRVEC_INIT, findings = STRVEC_INIT;
	walk(corpus, &expected_entries, &expected_findings);
	ck_assert_msg(expected_entries.len >= 25, "the corpus holds only %zu expected entries",
		      expected_entries.len);

	struct run_result r;
	analyze(corpus, NULL, &r);
	for (size_t i = 0; i < r.entries.len; i++) {
		const struct entry_point *e = &r.entries.items[i];
		char *models = models_text(e);
		strvec_pushf(&entries, "%s:%u: %s", e->path, e->line, models);
		free(models);
		ck_assert_msg(e->analyzable, "%s:%u: DriverEntry not analyzable: %s", e->file, e->line,
			      e->first_error);
	}
	for (size_t i = 0; i < r.findings.len; i++) {
		const struct finding *f = &r.findings.items[i];
		strvec_pushf(&findings, "%s:%u: %s", f->file, f->line, f->rule->id);
	}
	compare("entries", &expected_entries, &entries);
	compare("findings", &expected_findings, &findings);
	ck_assert_uint_eq(problems_count(&r.problems, PROBLEM_ERROR), 0);

	run_result_release(&r);
	strvec_clear(&expected_entries);
	strvec_clear(&expected_findings);
	strvec_clear(&entries);
	strvec_clear(&findings);
	free(corpus);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("corpus");
	TCase *tc = tcase_create("entries");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, corpus_matches_its_expectations_exactly);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
