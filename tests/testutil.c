/* SPDX-License-Identifier: Apache-2.0 */
/* Shared test helpers. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "base/path.h"

char *scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *templ = alloc_printf("%s/entrycheck-test-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(templ))
		ck_abort_msg("cannot create a scratch directory");
	return templ;
}

char *scratch_write(const char *dir, const char *name, const char *content, size_t size)
{
	char *path = path_join(dir, name);
	char *parent = path_dirname(path);
	path_make_directories(parent);
	free(parent);
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	fwrite(content, 1, size ? size : strlen(content), f);
	fclose(f);
	return path;
}

int analyze(const char *path, const char *const *args, struct run_result *out)
{
	/* As the command line runs: each file's nearest .entrycheck.json applies. */
	struct run_options opts = { .use_pch = 1, .check = 1, .nearest_settings = true };
	strvec_push(&opts.paths, path);
	for (size_t i = 0; args && args[i]; i++)
		strvec_push(&opts.args, args[i]);
	int rc = run_analysis(&opts, out);
	run_options_release(&opts);
	return rc;
}

const struct entry_point *entry_in(const struct run_result *r, const char *suffix)
{
	for (size_t i = 0; i < r->entries.len; i++) {
		const char *f = r->entries.items[i].path;
		size_t n = strlen(f), m = strlen(suffix);
		if (n >= m && !strcmp(f + n - m, suffix))
			return &r->entries.items[i];
	}
	return NULL;
}

char *models_text(const struct entry_point *e)
{
	struct strbuf sb = STRBUF_INIT;
	for (int m = 0; m < MODEL_COUNT; m++) {
		if (e->models & MODEL_BIT(m)) {
			if (sb.len)
				strbuf_addc(&sb, ',');
			strbuf_adds(&sb, driver_model_name(m));
		}
	}
	return strbuf_detach(&sb);
}

int has_problem(const struct run_result *r, enum problem_level level, const char *needle)
{
	for (size_t i = 0; i < r->problems.len; i++)
		if (r->problems.items[i].level == level && strstr(r->problems.items[i].message, needle))
			return 1;
	return 0;
}

void analyze_files(struct fixture *f, const char *const *files)
{
	f->dir = scratch_dir();
	for (size_t i = 0; files[i]; i += 2)
		free(scratch_write(f->dir, files[i], files[i + 1], 0));
	f->rc = analyze(f->dir, NULL, &f->result);
}

void fixture_release(struct fixture *f)
{
	run_result_release(&f->result);
	path_remove_tree(f->dir);
	free(f->dir);
}

void expect_entry(const struct fixture *f, const char *suffix, unsigned line, const char *models)
{
	const struct entry_point *e = entry_in(&f->result, suffix);
	ck_assert_msg(e != NULL, "no DriverEntry found in %s", suffix);
	char *m = models_text(e);
	ck_assert_msg(e->analyzable, "%s: DriverEntry not analyzable: %s", suffix,
		      e->first_error ? e->first_error : "?");
	ck_assert_uint_eq(e->line, line);
	ck_assert_str_eq(m, models);
	free(m);
}

void check_single(const char *name, const char *code, unsigned line, const char *models)
{
	struct fixture f;
	const char *files[] = { name, code, NULL };
	analyze_files(&f, files);
	ck_assert_uint_eq(f.result.entries.len, 1);
	expect_entry(&f, name, line, models);
	fixture_release(&f);
}

const char wdm_body[] =
	"#include <ntddk.h>\r\n"
	"static VOID Unload(PDRIVER_OBJECT d) { UNREFERENCED_PARAMETER(d); }\r\n"
	"NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\r\n"
	"{ UNREFERENCED_PARAMETER(r); d->DriverUnload = Unload; return STATUS_SUCCESS; }\r\n";

/* The whole of `path`, or "" when it cannot be opened (a run that wrote nothing). */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	if (f) {
		char buf[4096];
		size_t n;
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			strbuf_add(&sb, buf, n);
		fclose(f);
	}
	return strbuf_detach(&sb);
}

char *read_text(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	fclose(f);
	char *text = slurp(path);
	free(path);
	return text;
}

int run_program(const char *cwd, const char *args, char **out, char **err)
{
	char *dir = scratch_dir();
	char *out_path = path_join(dir, "stdout"), *err_path = path_join(dir, "stderr");
	char *cmd = alloc_printf("cd '%s' && '%s' %s >'%s' 2>'%s' </dev/null", cwd, ENTRYCHECK_BINARY,
			      args, out_path, err_path);
	int status = system(cmd);
	*out = slurp(out_path);
	*err = slurp(err_path);
	path_remove_tree(dir);
	free(cmd);
	free(out_path);
	free(err_path);
	free(dir);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct outcome run_in(const char *cwd, const char *args)
{
	struct outcome o;
	o.code = run_program(cwd, args, &o.out, &o.err);
	return o;
}

void outcome_release(struct outcome *o)
{
	free(o->out);
	free(o->err);
}

int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
