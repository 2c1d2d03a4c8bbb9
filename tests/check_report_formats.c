/* SPDX-License-Identifier: Apache-2.0 */
/* The report formats as users run them: SARIF's fingerprints stay put when
 * lines move, its run options, URIs relative to the git work tree wherever
 * the run starts, snippets and context, caveats and bounded notifications,
 * the JSON's version and fingerprints, MSBuild style text and colors. Validation against the schemas is tests/sarif.sh's. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/path.h"

/* Two success returns after FltStartFiltering failed (FLT005 twice, on lines
 * of identical text), a successful path, and a second DriverEntry-free file. */
static const char driver[] =
	"#include <fltKernel.h>\n"
	"PFLT_FILTER gFilter;\n"
	"CONST FLT_REGISTRATION Reg = { sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION };\n"
	"NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
	"{\n"
	"    NTSTATUS status;\n"
	"    status = FltRegisterFilter(DriverObject, &Reg, &gFilter);\n"
	"    if (!NT_SUCCESS(status)) {\n"
	"        return status;\n"
	"    }\n"
	"    status = FltStartFiltering(gFilter);\n"
	"    if (!NT_SUCCESS(status)) {\n"
	"        if (RegistryPath->Length > 2) {\n"
	"            return STATUS_SUCCESS;\n"
	"        }\n"
	"        return   STATUS_SUCCESS;\n"
	"    }\n"
	"    return status;\n"
	"}\n";

static const char inserted[] = "/* inserted */\n\n// comment\n\n#define UNUSED_MACRO 1\n";

static cJSON *run0(cJSON *log)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItem(log, "runs"), 0);
}

static int start_line(cJSON *result)
{
	cJSON *loc = cJSON_GetArrayItem(cJSON_GetObjectItem(result, "locations"), 0);
	cJSON *region = cJSON_GetObjectItem(cJSON_GetObjectItem(loc, "physicalLocation"), "region");
	return cJSON_GetObjectItem(region, "startLine")->valueint;
}

static const char *fingerprint(cJSON *result)
{
	return cJSON_GetObjectItem(cJSON_GetObjectItem(result, "partialFingerprints"), "entrycheck/v1")
		->valuestring;
}

/* The SARIF of `dir`/src, parsed. */
static cJSON *sarif_of(const char *dir, const char *options)
{
	char *args = alloc_printf("check --format sarif %s src", options);
	struct outcome o = run_in(dir, args);
	ck_assert_msg(o.code == 1, "'%s' exited %d: %s", args, o.code, o.err);
	cJSON *log = cJSON_Parse(o.out);
	ck_assert_msg(log != NULL, "not JSON:\n%s", o.out);
	outcome_release(&o);
	free(args);
	return log;
}

START_TEST(fingerprints_survive_lines_inserted_above)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "src/flt.c", driver, 0));
	cJSON *before = sarif_of(dir, "");
	char *moved = alloc_printf("%s%s", inserted, driver);
	free(scratch_write(dir, "src/flt.c", moved, 0));
	cJSON *after = sarif_of(dir, "");

	cJSON *r1 = cJSON_GetObjectItem(run0(before), "results");
	cJSON *r2 = cJSON_GetObjectItem(run0(after), "results");
	int n = cJSON_GetArraySize(r1), flt005 = 0;
	ck_assert_int_ge(n, 2);
	ck_assert_int_eq(cJSON_GetArraySize(r2), n);
	for (int i = 0; i < n; i++) {
		cJSON *a = cJSON_GetArrayItem(r1, i), *b = cJSON_GetArrayItem(r2, i);
		ck_assert_str_eq(cJSON_GetObjectItem(a, "ruleId")->valuestring,
				 cJSON_GetObjectItem(b, "ruleId")->valuestring);
		ck_assert_int_eq(start_line(b), start_line(a) + 5);
		ck_assert_str_eq(fingerprint(a), fingerprint(b));
		ck_assert_int_eq(strlen(fingerprint(a)), 16);
		for (int j = 0; j < i; j++) /* identical lines still get distinct fingerprints */
			ck_assert_str_ne(fingerprint(cJSON_GetArrayItem(r1, j)), fingerprint(a));
		flt005 += !strcmp(cJSON_GetObjectItem(a, "ruleId")->valuestring, "FLT005");
	}
	ck_assert_int_eq(flt005, 2);

	/* Editing a reported line changes its fingerprint, and only its. */
	char *edited = alloc_printf("%s%s", inserted, driver);
	char *at = strstr(edited, "return   STATUS_SUCCESS");
	memcpy(at, "return STATUS_PENDING  ", strlen("return   STATUS_SUCCESS"));
	free(scratch_write(dir, "src/flt.c", edited, 0));
	cJSON *third = sarif_of(dir, "");
	cJSON *r3 = cJSON_GetObjectItem(run0(third), "results");
	ck_assert_int_eq(cJSON_GetArraySize(r3), n);
	for (int i = 0; i < n; i++) {
		cJSON *a = cJSON_GetArrayItem(r2, i), *c = cJSON_GetArrayItem(r3, i);
		if (start_line(c) == 21)
			ck_assert_str_ne(fingerprint(a), fingerprint(c));
		else
			ck_assert_str_eq(fingerprint(a), fingerprint(c));
	}
	cJSON_Delete(third);

	free(edited);
	free(moved);
	cJSON_Delete(before);
	cJSON_Delete(after);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(sarif_run_options)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "src/flt.c", driver, 0));
	cJSON *log = sarif_of(dir, "");
	cJSON *run = run0(log);
	ck_assert_str_eq(cJSON_GetObjectItem(log, "version")->valuestring, "2.1.0");
	/* no automationDetails unless asked for: upload-sarif's category fills it only when absent */
	ck_assert_ptr_null(cJSON_GetObjectItem(run, "automationDetails"));
	const char *base = cJSON_GetObjectItem(
		cJSON_GetObjectItem(cJSON_GetObjectItem(run, "originalUriBaseIds"), "%SRCROOT%"), "uri")->valuestring;
	char *want = alloc_printf("file://%s/", dir);
	ck_assert_str_eq(base, want);
	free(want);
	cJSON *result = cJSON_GetArrayItem(cJSON_GetObjectItem(run, "results"), 0);
	cJSON *artifact = cJSON_GetObjectItem(
		cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(result, "locations"), 0), "physicalLocation"),
		"artifactLocation");
	ck_assert_str_eq(cJSON_GetObjectItem(artifact, "uri")->valuestring, "src/flt.c");
	ck_assert_str_eq(cJSON_GetObjectItem(artifact, "uriBaseId")->valuestring, "%SRCROOT%");
	/* Both FLT005 findings offer to return the status instead. */
	int fixes = 0;
	cJSON *r;
	cJSON_ArrayForEach(r, cJSON_GetObjectItem(run, "results"))
		fixes += cJSON_GetObjectItem(r, "fixes") != NULL;
	ck_assert_int_eq(fixes, 2);
	cJSON_Delete(log);

	log = sarif_of(dir, "--automation-id nightly/x64/ --srcroot-uri file:///build/src");
	run = run0(log);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "automationDetails"), "id")->valuestring,
			 "nightly/x64/");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "originalUriBaseIds"),
								 "%SRCROOT%"), "uri")->valuestring,
			 "file:///build/src/");
	cJSON_Delete(log);

	log = sarif_of(dir, "--srcroot-uri none");
	ck_assert_ptr_null(cJSON_GetObjectItem(run0(log), "originalUriBaseIds"));
	cJSON_Delete(log);

	static const char *const bad[][2] = {
		{ "check --srcroot-uri relative/dir src", "--srcroot-uri needs an absolute URI" },
		{ "entries --format sarif src", "the entries command does not write sarif (it writes text or json)" },
		{ "entries --format msvc src", "the entries command does not write msvc" },
		{ "cfg --format sarif src/flt.c", "the cfg command does not write sarif (it writes text or dot)" },
		{ "check --color=sometimes src", "unknown color choice 'sometimes'" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct outcome o = run_in(dir, bad[i][0]);
		ck_assert_msg(o.code == 2, "'%s' exited %d", bad[i][0], o.code);
		ASSERT_CONTAINS(o.err, bad[i][1]);
		outcome_release(&o);
	}
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(json_has_version_tool_and_the_sarif_fingerprints)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "src/flt.c", driver, 0));
	cJSON *log = sarif_of(dir, "");
	struct outcome o = run_in(dir, "check --format json src");
	ck_assert_int_eq(o.code, 1);
	cJSON *doc = cJSON_Parse(o.out);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(cJSON_GetObjectItem(doc, "version")->valueint, 1);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "tool"), "name")->valuestring, "entrycheck");
	cJSON *findings = cJSON_GetObjectItem(doc, "findings");
	cJSON *results = cJSON_GetObjectItem(run0(log), "results");
	ck_assert_int_eq(cJSON_GetArraySize(findings), cJSON_GetArraySize(results));
	for (int i = 0; i < cJSON_GetArraySize(findings); i++)
		ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(findings, i), "fingerprint")->valuestring,
				 fingerprint(cJSON_GetArrayItem(results, i)));
	cJSON_Delete(doc);
	cJSON_Delete(log);
	outcome_release(&o);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(msvc_style_and_colors)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "src/flt.c", driver, 0));
	struct outcome o = run_in(dir, "check --format msvc src");
	ck_assert_int_eq(o.code, 1);
	ASSERT_CONTAINS(o.out, "src/flt.c(14,13): error FLT005: DriverEntry returns success at line 14");
	ASSERT_CONTAINS(o.out, "src/flt.c(11,14): note: fails here\n");
	ASSERT_CONTAINS(o.out, "    src/flt.c(11,14): calls FltStartFiltering(gFilter)\n");
	ck_assert(strchr(o.out, '\033') == NULL);
	outcome_release(&o);

	/* Standard output is a pipe here: auto means no colors; always forces them. */
	o = run_in(dir, "check src");
	ASSERT_CONTAINS(o.out, "src/flt.c:14:13: error: DriverEntry returns success");
	ck_assert(strchr(o.out, '\033') == NULL);
	outcome_release(&o);
	o = run_in(dir, "check --color=always src");
	ASSERT_CONTAINS(o.out, "\033[1msrc/flt.c:14:13\033[0m: \033[1;31merror:\033[0m DriverEntry returns");
	ASSERT_CONTAINS(o.out, "[\033[1;31mFLT005\033[0m]\n");
	outcome_release(&o);
	o = run_in(dir, "check --color never src");
	ck_assert(strchr(o.out, '\033') == NULL);
	outcome_release(&o);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

/* The SARIF of `args` run in `cwd`, parsed; the exit status must be `want`. */
static cJSON *sarif_in(const char *cwd, const char *args, int want)
{
	struct outcome o = run_in(cwd, args);
	ck_assert_msg(o.code == want, "'%s' exited %d, not %d: %s", args, o.code, want, o.err);
	cJSON *log = cJSON_Parse(o.out);
	ck_assert_msg(log != NULL, "'%s' wrote no JSON:\n%s", args, o.out);
	outcome_release(&o);
	return log;
}

static const char *srcroot_uri(cJSON *log)
{
	cJSON *base = cJSON_GetObjectItem(cJSON_GetObjectItem(run0(log), "originalUriBaseIds"), "%SRCROOT%");
	return cJSON_GetObjectItem(base, "uri")->valuestring;
}

static cJSON *primary_location(cJSON *result)
{
	return cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(result, "locations"), 0),
				   "physicalLocation");
}

static const char *primary_uri(cJSON *result)
{
	return cJSON_GetObjectItem(cJSON_GetObjectItem(primary_location(result), "artifactLocation"), "uri")
		->valuestring;
}

/* Every artifactLocation under `node` (results, related locations, code
 * flows, fixes, notifications): relative to %SRCROOT%, naming a file that
 * exists under `root`. Returns how many were checked. */
static int check_artifacts(cJSON *node, const char *root)
{
	int n = 0;
	cJSON *child;
	cJSON_ArrayForEach(child, node)
	{
		if (!child->string || strcmp(child->string, "artifactLocation")) {
			n += check_artifacts(child, root);
			continue;
		}
		const char *uri = cJSON_GetObjectItem(child, "uri")->valuestring;
		cJSON *base = cJSON_GetObjectItem(child, "uriBaseId");
		if (!base) { /* absolute: for files outside the root only (entrycheck's own headers) */
			char *prefix = alloc_printf("file://%s/", root);
			ck_assert_msg(strncmp(uri, prefix, strlen(prefix)) != 0, "'%s' is under %%SRCROOT%% but absolute",
				      uri);
			free(prefix);
			continue;
		}
		ck_assert_str_eq(base->valuestring, "%SRCROOT%");
		char *path = path_join(root, uri);
		ck_assert_msg(access(path, R_OK) == 0, "'%s' does not resolve against %s", uri, root);
		free(path);
		n++;
	}
	return n;
}

static void git_init(const char *dir)
{
	char *cmd = alloc_printf("git init -q '%s' 2>/dev/null || mkdir '%s/.git'", dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

/* A driver two folders down in a git work tree, checked from its own folder:
 * %SRCROOT% is the top of the work tree and every URI resolves against it,
 * as GitHub code scanning resolves them against the repository; the
 * fingerprints are those of a run from the top. */
START_TEST(sarif_uris_resolve_against_the_git_root)
{
	char *root = scratch_dir();
	git_init(root);
	free(scratch_write(root, "sub/dir/flt.c", driver, 0));
	char *here = path_join(root, "sub/dir");
	char *want_base = alloc_printf("file://%s/", root);

	cJSON *inside = sarif_in(here, "check --format sarif .", 1);
	ck_assert_str_eq(srcroot_uri(inside), want_base);
	cJSON *results = cJSON_GetObjectItem(run0(inside), "results");
	ck_assert_int_ge(cJSON_GetArraySize(results), 2);
	cJSON *r;
	cJSON_ArrayForEach(r, results)
		ck_assert_str_eq(primary_uri(r), "sub/dir/flt.c");
	ck_assert_int_ge(check_artifacts(run0(inside), root), 2 * cJSON_GetArraySize(results));

	/* From the top, or from elsewhere in the tree: the same URIs and fingerprints. */
	cJSON *top = sarif_in(root, "check --format sarif sub/dir", 1);
	cJSON *middle = sarif_in(root, "check --format sarif sub/dir/flt.c", 1);
	cJSON *others[] = { top, middle };
	for (size_t k = 0; k < 2; k++) {
		cJSON *rs = cJSON_GetObjectItem(run0(others[k]), "results");
		ck_assert_str_eq(srcroot_uri(others[k]), want_base);
		ck_assert_int_eq(cJSON_GetArraySize(rs), cJSON_GetArraySize(results));
		for (int i = 0; i < cJSON_GetArraySize(rs); i++) {
			ck_assert_str_eq(primary_uri(cJSON_GetArrayItem(rs, i)), "sub/dir/flt.c");
			ck_assert_str_eq(fingerprint(cJSON_GetArrayItem(rs, i)), fingerprint(cJSON_GetArrayItem(results, i)));
		}
	}

	/* --srcroot moves %SRCROOT%; the fingerprints stay those of the work tree. */
	cJSON *chosen = sarif_in(here, "check --format sarif --srcroot ../.. .", 1);
	ck_assert_str_eq(srcroot_uri(chosen), want_base);
	cJSON *sub = sarif_in(here, "check --format sarif --srcroot .. .", 1);
	char *want_sub = alloc_printf("file://%s/sub/", root);
	ck_assert_str_eq(srcroot_uri(sub), want_sub);
	char *under_sub = path_join(root, "sub");
	check_artifacts(run0(sub), under_sub);
	cJSON *rs = cJSON_GetObjectItem(run0(sub), "results");
	for (int i = 0; i < cJSON_GetArraySize(rs); i++) {
		ck_assert_str_eq(primary_uri(cJSON_GetArrayItem(rs, i)), "dir/flt.c");
		ck_assert_str_eq(fingerprint(cJSON_GetArrayItem(rs, i)), fingerprint(cJSON_GetArrayItem(results, i)));
	}

	/* --srcroot-uri names the root as the consumer sees it; URIs stay relative to the work tree. */
	cJSON *named = sarif_in(here, "check --format sarif --srcroot-uri file:///build/src .", 1);
	ck_assert_str_eq(srcroot_uri(named), "file:///build/src/");
	ck_assert_str_eq(primary_uri(cJSON_GetArrayItem(cJSON_GetObjectItem(run0(named), "results"), 0)),
			 "sub/dir/flt.c");

	struct outcome o = run_in(here, "check --format sarif --srcroot no/such/dir .");
	ck_assert_int_eq(o.code, 2);
	ASSERT_CONTAINS(o.err, "--srcroot needs an existing directory, not 'no/such/dir'");
	outcome_release(&o);

	cJSON *logs[] = { inside, top, middle, chosen, sub, named };
	for (size_t k = 0; k < sizeof(logs) / sizeof(*logs); k++)
		cJSON_Delete(logs[k]);
	free(under_sub);
	free(want_sub);
	free(want_base);
	free(here);
	path_remove_tree(root);
	free(root);
}
END_TEST

/* Line `n` (1-based) of `text`, allocated. */
static char *line_of(const char *text, int n)
{
	for (int k = 1; k < n && text; k++) {
		text = strchr(text, '\n');
		if (text)
			text++;
	}
	ck_assert_ptr_nonnull(text);
	return alloc_strndup(text, strcspn(text, "\n"));
}

/* Each result's region carries the text it spans, its contextRegion the
 * lines around with their text; the driver names its version as
 * `entrycheck --version` does. */
START_TEST(sarif_snippets_context_and_version)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "src/flt.c", driver, 0));
	cJSON *log = sarif_of(dir, "");
	cJSON *tool = cJSON_GetObjectItem(cJSON_GetObjectItem(run0(log), "tool"), "driver");
	struct outcome o = run_in(dir, "--version");
	ck_assert_int_eq(o.code, 0);
	char *said = alloc_printf("entrycheck %s\n", cJSON_GetObjectItem(tool, "version")->valuestring);
	ck_assert_msg(!strncmp(o.out, said, strlen(said)), "--version says '%s', SARIF '%s'", o.out, said);
	ck_assert_str_eq(cJSON_GetObjectItem(tool, "semanticVersion")->valuestring,
			 cJSON_GetObjectItem(tool, "version")->valuestring);
	free(said);
	outcome_release(&o);

	int lines = 0;
	for (const char *p = driver; *p; p++)
		lines += *p == '\n';
	cJSON *r;
	int checked = 0;
	cJSON_ArrayForEach(r, cJSON_GetObjectItem(run0(log), "results"))
	{
		cJSON *phys = primary_location(r);
		cJSON *region = cJSON_GetObjectItem(phys, "region");
		int line = cJSON_GetObjectItem(region, "startLine")->valueint;
		int start = cJSON_GetObjectItem(region, "startColumn")->valueint;
		int end = cJSON_GetObjectItem(region, "endColumn")->valueint;
		char *text = line_of(driver, line);
		char *spanned = alloc_strndup(text + start - 1, (size_t)(end - start));
		ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(region, "snippet"), "text")->valuestring,
				 spanned);
		cJSON *context = cJSON_GetObjectItem(phys, "contextRegion");
		ck_assert_ptr_nonnull(context);
		int first = cJSON_GetObjectItem(context, "startLine")->valueint;
		int last = cJSON_GetObjectItem(context, "endLine")->valueint;
		ck_assert_int_eq(first, line > 2 ? line - 2 : 1);
		ck_assert_int_eq(last, line + 2 <= lines ? line + 2 : lines);
		ck_assert_ptr_null(cJSON_GetObjectItem(context, "startColumn"));
		struct strbuf around = STRBUF_INIT;
		for (int n = first; n <= last; n++) {
			char *one = line_of(driver, n);
			strbuf_addf(&around, "%s%s", n > first ? "\n" : "", one);
			free(one);
		}
		ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(context, "snippet"), "text")->valuestring,
				 strbuf_str(&around));
		strbuf_release(&around);
		free(spanned);
		free(text);
		checked++;
	}
	ck_assert_int_ge(checked, 3);
	/* The FLT005 at line 14 spans the `return` it reports. */
	cJSON_ArrayForEach(r, cJSON_GetObjectItem(run0(log), "results"))
		if (start_line(r) == 14)
			ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(primary_location(r),
											    "region"),
									"snippet"),
						 "text")->valuestring,
					 "return");
	cJSON_Delete(log);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

/* A DriverEntry whose resource checks stop at calls whose bodies are not
 * visible: each note of its evaluation is a notification with its location
 * and a caveat on each of its findings, at most 8 with the last counting the
 * rest. */
START_TEST(sarif_caveats_travel_with_findings)
{
	struct strbuf src = STRBUF_INIT;
	strbuf_adds(&src, "#include <ntddk.h>\n");
	for (int i = 0; i < 12; i++)
		strbuf_addf(&src, "VOID Helper%d(PVOID p);\nPVOID gBuf%d;\n", i, i);
	strbuf_adds(&src, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n"
			  "    UNREFERENCED_PARAMETER(RegistryPath);\n");
	for (int i = 0; i < 12; i++)
		strbuf_addf(&src, "    gBuf%d = ExAllocatePoolWithTag(NonPagedPool, 64, 'tseT');\n"
				  "    if (gBuf%d == NULL)\n        return STATUS_INSUFFICIENT_RESOURCES;\n"
				  "    Helper%d(gBuf%d);\n", i, i, i, i);
	strbuf_adds(&src, "    DriverObject->DriverUnload = NULL;\n    return STATUS_SUCCESS;\n}\n");
	char *dir = scratch_dir();
	free(scratch_write(dir, "many.c", strbuf_str(&src), 0));
	cJSON *log = sarif_in(dir, "check --format sarif --fail-on none many.c", 0);
	cJSON *notes = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(run0(log), "invocations"), 0),
					   "toolExecutionNotifications");
	int located = 0;
	cJSON *n;
	cJSON_ArrayForEach(n, notes)
	{
		const char *text = cJSON_GetObjectItem(cJSON_GetObjectItem(n, "message"), "text")->valuestring;
		if (strstr(text, "not checked on a path through Helper")) {
			cJSON *at = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(n, "locations"), 0),
							"physicalLocation");
			ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(at, "artifactLocation"), "uri")->valuestring,
					 "many.c");
			ck_assert_ptr_nonnull(cJSON_GetObjectItem(cJSON_GetObjectItem(at, "region"), "startLine"));
			located++;
		}
	}
	ck_assert_int_gt(located, 8);
	cJSON *results = cJSON_GetObjectItem(run0(log), "results");
	ck_assert_int_ge(cJSON_GetArraySize(results), 1);
	cJSON *r;
	cJSON_ArrayForEach(r, results)
	{
		cJSON *caveats = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "properties"), "caveats");
		ck_assert_int_eq(cJSON_GetArraySize(caveats), 8);
		for (int k = 0; k < 7; k++) {
			const char *c = cJSON_GetArrayItem(caveats, k)->valuestring;
			char *want = alloc_printf("DE006 not checked on a path through Helper%d (", k);
			ck_assert_msg(!strncmp(c, want, strlen(want)), "caveat %d: '%s'", k, c);
			free(want);
			int said = 0; /* the notification says the same, of DriverEntry */
			cJSON_ArrayForEach(n, notes)
			{
				const char *text = cJSON_GetObjectItem(cJSON_GetObjectItem(n, "message"), "text")->valuestring;
				said += !strncmp(text, "DriverEntry: ", 13) && !strcmp(text + 13, c);
			}
			ck_assert_int_eq(said, 1);
		}
		char *rest = alloc_printf("%d more notes on DriverEntry are among the notes of the run", located - 7);
		ck_assert_str_eq(cJSON_GetArrayItem(caveats, 7)->valuestring, rest);
		free(rest);
	}
	/* The JSON report carries the same caveats. */
	struct outcome o = run_in(dir, "check --format json --fail-on none many.c");
	cJSON *doc = cJSON_Parse(o.out);
	ck_assert_ptr_nonnull(doc);
	cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "findings"), 0);
	cJSON *caveats = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(results, 0), "properties"),
					     "caveats");
	char *a = cJSON_PrintUnformatted(cJSON_GetObjectItem(first, "caveats"));
	char *b = cJSON_PrintUnformatted(caveats);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	cJSON_Delete(doc);
	outcome_release(&o);
	cJSON_Delete(log);

	/* A driver without such notes: no caveats. */
	free(scratch_write(dir, "src/flt.c", driver, 0));
	log = sarif_of(dir, "");
	cJSON_ArrayForEach(r, cJSON_GetObjectItem(run0(log), "results"))
		ck_assert_ptr_null(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "properties"), "caveats"));
	cJSON_Delete(log);
	strbuf_release(&src);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

/* Hundreds of notes: the notifications list 500 and count the rest. */
START_TEST(sarif_notifications_are_bounded)
{
	struct strbuf src = STRBUF_INIT;
	strbuf_adds(&src, "#include <ntddk.h>\n");
	for (int i = 0; i < 510; i++)
		strbuf_addf(&src, "VOID Helper%d(PVOID p);\nPVOID gBuf%d;\n", i, i);
	strbuf_adds(&src, "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n{\n"
			  "    UNREFERENCED_PARAMETER(RegistryPath);\n");
	for (int i = 0; i < 510; i++)
		strbuf_addf(&src, "    gBuf%d = ExAllocatePoolWithTag(NonPagedPool, 64, 'tseT');\n"
				  "    if (gBuf%d == NULL)\n        return STATUS_INSUFFICIENT_RESOURCES;\n"
				  "    Helper%d(gBuf%d);\n", i, i, i, i);
	strbuf_adds(&src, "    DriverObject->DriverUnload = NULL;\n    return STATUS_SUCCESS;\n}\n");
	char *dir = scratch_dir();
	free(scratch_write(dir, "big.c", strbuf_str(&src), 0));
	struct outcome o = run_in(dir, "check -v --format sarif --fail-on none big.c");
	ck_assert_int_eq(o.code, 0);
	int lines = 0; /* the notes of the file -v writes, one a line (not the run's own) */
	for (const char *p = strstr(o.err, ": note: "); p; p = strstr(p + 1, ": note: "))
		lines++;
	for (const char *p = strstr(o.err, "entrycheck: note: "); p; p = strstr(p + 1, "entrycheck: note: "))
		lines--;
	ck_assert_int_gt(lines, 500);
	cJSON *log = cJSON_Parse(o.out);
	cJSON *notes = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(run0(log), "invocations"), 0),
					   "toolExecutionNotifications");
	ck_assert_int_eq(cJSON_GetArraySize(notes), 501);
	char *rest = alloc_printf("%d more notes are not listed here; entrycheck -v writes every one to its standard error",
			       lines - 500);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(notes, 500), "message"), "text")
				 ->valuestring,
			 rest);
	free(rest);
	cJSON_Delete(log);
	outcome_release(&o);
	strbuf_release(&src);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("report_formats");
	TCase *tc = tcase_create("formats");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, fingerprints_survive_lines_inserted_above);
	tcase_add_test(tc, sarif_run_options);
	tcase_add_test(tc, json_has_version_tool_and_the_sarif_fingerprints);
	tcase_add_test(tc, msvc_style_and_colors);
	tcase_add_test(tc, sarif_uris_resolve_against_the_git_root);
	tcase_add_test(tc, sarif_snippets_context_and_version);
	tcase_add_test(tc, sarif_caveats_travel_with_findings);
	tcase_add_test(tc, sarif_notifications_are_bounded);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
