/* The corpus carries its own expectations: a DriverEntry definition's name
 * line ends with "// expect-entry: MODEL[, MODEL]". Discovery over corpus/
 * must produce exactly those entries, all analyzable, and no other. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inputs.h"
#include "source.h"
#include "testutil.h"
#include "util.h"

#define MARK "expect-entry:"

/* "path:line: models" strings, models normalized to "a,b". */
static void expectations_in(const char *path, struct strvec *out)
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
		if (strncmp(p, MARK, strlen(MARK)))
			continue;
		p += strlen(MARK);
		struct strbuf models = STRBUF_INIT;
		while (*p && *p != '\n' && *p != '\r' && *p != ';') {
			if (*p != ' ' && *p != '\t')
				strbuf_addc(&models, *p);
			p++;
		}
		strvec_pushf(out, "%s:%u: %s", path, line, strbuf_str(&models));
		strbuf_release(&models);
		p--;
	}
	source_release(&src);
}

static void walk(const char *dir, struct strvec *out)
{
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *child = path_join(dir, de->d_name);
		if (is_directory(child))
			walk(child, out);
		else if (inputs_is_source_name(child) || str_ends_with_nocase(child, ".h"))
			expectations_in(child, out);
		free(child);
	}
	closedir(d);
}

START_TEST(corpus_entries_match_their_expectations_exactly)
{
	char *corpus = path_join(ENTRYCHECK_SOURCE_ROOT, "corpus");
	struct strvec expected = STRVEC_INIT, actual = STRVEC_INIT;
	walk(corpus, &expected);
	strvec_sort(&expected);
	ck_assert_msg(expected.len >= 25, "the corpus holds only %zu expected entries", expected.len);

	struct run_result r;
	analyze(corpus, NULL, &r);
	for (size_t i = 0; i < r.entries.len; i++) {
		const struct entry_point *e = &r.entries.items[i];
		char *models = models_text(e);
		strvec_pushf(&actual, "%s:%u: %s", e->path, e->line, models);
		free(models);
		ck_assert_msg(e->analyzable, "%s:%u: DriverEntry not analyzable: %s", e->file, e->line,
			      e->first_error);
	}
	strvec_sort(&actual);

	struct strbuf diff = STRBUF_INIT;
	for (size_t i = 0; i < expected.len; i++)
		if (!strvec_contains(&actual, expected.items[i]))
			strbuf_addf(&diff, "  missing:    %s\n", expected.items[i]);
	for (size_t i = 0; i < actual.len; i++)
		if (!strvec_contains(&expected, actual.items[i]))
			strbuf_addf(&diff, "  unexpected: %s\n", actual.items[i]);
	ck_assert_msg(diff.len == 0, "corpus entries differ from expectations:\n%s", strbuf_str(&diff));
	ck_assert_uint_eq(problems_count(&r.problems, PROBLEM_ERROR), 0);

	strbuf_release(&diff);
	run_result_release(&r);
	strvec_clear(&expected);
	strvec_clear(&actual);
	free(corpus);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("corpus");
	TCase *tc = tcase_create("entries");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, corpus_entries_match_their_expectations_exactly);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
