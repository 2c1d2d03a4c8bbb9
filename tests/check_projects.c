/* SPDX-License-Identifier: Apache-2.0 */
/* Build files: the trees under tests/projects/ in the layouts real drivers
 * use (a solution with Directory.Build.props and a shared ..\inc; a WDK 7
 * dirs/sources tree), evaluated into flags and driver facts, and the whole
 * program reading them: analyzable with the import, not without it. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/path.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/problems.h"
#include "project/msbuild.h"
#include "project/project.h"
#include "testutil.h"

#define TREES ENTRYCHECK_SOURCE_ROOT "/tests/projects"

static void find(const char *tree, const char *configuration, const char *platform,
		 struct project_set *set)
{
	struct strvec paths = STRVEC_INIT;
	strvec_push(&paths, tree);
	struct project_options opts = { .configuration = configuration, .platform = platform };
	struct problems problems = { 0 };
	project_find_all(&paths, &opts, set, &problems);
	ck_assert_uint_eq(problems_count(&problems, PROBLEM_ERROR), 0);
	problems_clear(&problems);
	strvec_clear(&paths);
}

static const struct project_file *file_of(const struct project *p, const char *suffix)
{
	for (size_t i = 0; i < p->nfiles; i++)
		if (str_ends_with_nocase(p->files[i].path, suffix))
			return &p->files[i];
	return NULL;
}

static bool has_arg(const struct project_file *f, const char *arg)
{
	return strvec_contains(&f->args, arg);
}

START_TEST(vcxproj_takes_props_imports_conditions_and_item_metadata)
{
	struct project_set set;
	find(TREES "/msbuild", NULL, NULL, &set);
	ck_assert_uint_eq(set.len, 1);
	const struct project *p = &set.items[0];
	ck_assert_str_eq(p->configuration, "Release|x64");
	ck_assert_str_eq(p->facts.driver_type, "KMDF");
	ck_assert_str_eq(p->facts.configuration_type, "Driver");
	ck_assert_str_eq(p->facts.kmdf_version, "1.15");
	ck_assert_str_eq(p->facts.target_version, "Windows10");
	/* Old.c is ExcludedFromBuild; Sample.h is a ClInclude. */
	ck_assert_uint_eq(p->nfiles, 2);
	const struct project_file *driver = file_of(p, "/driver/Driver.c");
	const struct project_file *helper = file_of(p, "/driver/helper.c");
	ck_assert_ptr_nonnull(driver);
	ck_assert_ptr_nonnull(helper);
	/* Directory.Build.props: $(MSBuildThisFileDirectory)inc and a define, inherited by %(...). */
	ck_assert(has_arg(driver, TREES "/msbuild/inc"));
	ck_assert(has_arg(driver, "-DFROM_BUILD_PROPS=1"));
	/* $(SolutionDir) is the directory of the .sln above; $(IntDir) does not exist. */
	ck_assert(has_arg(driver, TREES "/msbuild/tools"));
	ck_assert_uint_eq(driver->args.len, 2 * 2 + 4 + 2);
	/* A property from Settings.props, imported as settings.props. */
	ck_assert(has_arg(driver, "-DSAMPLE_TAG=0x706D6153"));
	ck_assert(has_arg(driver, "-DSAMPLE_RELEASE"));
	ck_assert(!has_arg(driver, "-DSAMPLE_DEBUG"));
	ck_assert(has_arg(driver, "-USAMPLE_LEGACY"));
	ck_assert(has_arg(driver, TREES "/msbuild/driver/Forced.h"));
	/* Per-file metadata keeps the definitions through %(PreprocessorDefinitions). */
	ck_assert(has_arg(helper, "-DHELPER_ONLY") && has_arg(helper, "-DSAMPLE_RELEASE"));
	ck_assert(!has_arg(driver, "-DHELPER_ONLY"));
	project_set_release(&set);
}
END_TEST

START_TEST(vcxproj_configuration_and_platform_choose_the_groups)
{
	struct project_set set;
	find(TREES "/msbuild", "Debug", "x64", &set);
	const struct project *p = &set.items[0];
	const struct project_file *driver = file_of(p, "/driver/Driver.c");
	ck_assert(has_arg(driver, "-DSAMPLE_DEBUG"));
	ck_assert(!has_arg(driver, "-DSAMPLE_RELEASE"));
	ck_assert_str_eq(p->facts.driver_type, "WDM");
	project_set_release(&set);
	/* A platform the project does not declare: a configuration it has. */
	find(TREES "/msbuild", NULL, "ARM64", &set);
	ck_assert_str_eq(set.items[0].configuration, "Debug|x64");
	project_set_release(&set);
	find(TREES "/msbuild", "Release", "Win32", &set);
	ck_assert_str_eq(set.items[0].configuration, "Release|Win32");
	ck_assert(!has_arg(file_of(&set.items[0], "Driver.c"), "-DSAMPLE_RELEASE"));
	project_set_release(&set);
}
END_TEST

/* A project with a configuration per Windows version and none named
 * "Release": the newest Windows wins, as the header model is a Windows 10
 * kit's (an XP build defines versions its headers fail on); then the shortest. */
START_TEST(undeclared_configuration_takes_the_newest_windows_then_the_shortest)
{
	static const char *const names[] = { "XP Release", "Win7 OEM Release", "Win10 Release", "Win8.1 Release",
					     "Win7 Release", "Win10 Debug" };
	struct strbuf xml = STRBUF_INIT;
	strbuf_adds(&xml, "<Project xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">\n"
			  "  <ItemGroup Label=\"ProjectConfigurations\">\n");
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		strbuf_addf(&xml, "    <ProjectConfiguration Include=\"%s|x64\" />\n", names[i]);
	strbuf_adds(&xml, "  </ItemGroup>\n  <ItemGroup><ClCompile Include=\"drv.c\" /></ItemGroup>\n</Project>\n");
	char *dir = scratch_dir();
	free(scratch_write(dir, "drv/drv.vcxproj", strbuf_str(&xml), 0));
	free(scratch_write(dir, "drv/drv.c", "int x;\n", 0));
	struct project_set set;
	find(dir, NULL, "x64", &set);
	ck_assert_uint_eq(set.len, 1);
	ck_assert_str_eq(set.items[0].configuration, "Win10 Release|x64");
	project_set_release(&set);
	find(dir, "OEM", "x64", &set);
	ck_assert_str_eq(set.items[0].configuration, "Win7 OEM Release|x64");
	project_set_release(&set);
	strbuf_release(&xml);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

/* HidHide's shape: a define whose value is a property function in item
 * definition metadata, and one the evaluator leaves empty, told in a note
 * naming the project and the property. */
START_TEST(defines_take_property_functions_and_name_the_ones_left_empty)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "drv/drv.vcxproj",
			   "<Project><PropertyGroup><Ver>1.2.3.4</Ver>"
			   "<VerMajor>$([System.Text.RegularExpressions.Regex]::Match($(Ver), \"(\\d+)\").Value)</VerMajor>"
			   "<Tag>$(Ver.Replace('.', '_').ToUpper())</Tag></PropertyGroup>"
			   "<ItemDefinitionGroup><ClCompile>"
			   "<DirLength>$([System.String]::Copy('$(ProjectDir)').Length)</DirLength>"
			   "<PreprocessorDefinitions>DIRLEN=%(DirLength);TAG=$(Tag);MAJOR=$(VerMajor);%(PreprocessorDefinitions)"
			   "</PreprocessorDefinitions></ClCompile></ItemDefinitionGroup>"
			   "<ItemGroup><ClCompile Include=\"drv.c\" /><ClCompile Include=\"two.c\" /></ItemGroup></Project>", 0));
	free(scratch_write(dir, "drv/drv.c", "int x;\n", 0));
	free(scratch_write(dir, "drv/two.c", "int y;\n", 0));
	struct strvec paths = STRVEC_INIT;
	strvec_push(&paths, dir);
	struct project_options opts = { 0 };
	struct problems problems = { 0 };
	struct project_set set;
	project_find_all(&paths, &opts, &set, &problems);
	ck_assert_uint_eq(set.len, 1);
	const struct project_file *f = file_of(&set.items[0], "/drv.c");
	ck_assert_ptr_nonnull(f);
	char *dirlen = alloc_printf("-DDIRLEN=%zu", strlen(dir) + strlen("/drv/"));
	struct strbuf args = STRBUF_INIT;
	for (size_t i = 0; i < f->args.len; i++)
		strbuf_addf(&args, " %s", f->args.items[i]);
	ck_assert_msg(has_arg(f, dirlen) && has_arg(f, "-DTAG=1_2_3_4") && has_arg(f, "-DMAJOR="), "%s vs%s", dirlen,
		      strbuf_str(&args));
	strbuf_release(&args);
	problems_sort(&problems);
	size_t notes = 0;
	for (size_t i = 0; i < problems.len; i++)
		if (strstr(problems.items[i].message, "property function"))
			notes++, ck_assert_msg(str_ends_with_nocase(problems.items[i].file, "drv.vcxproj") &&
						       !strcmp(problems.items[i].message,
							       "property 'VerMajor' uses a property function entrycheck does not "
							       "evaluate, taken as empty: $([System.Text.RegularExpressions.Regex]"
							       "::Match($(Ver), \"(\\d+)\").Value)"),
					       "%s", problems.items[i].message);
	ck_assert_uint_eq(notes, 1);
	free(dirlen);
	problems_clear(&problems);
	project_set_release(&set);
	strvec_clear(&paths);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(sources_files_give_includes_defines_sources_and_target_type)
{
	struct project_set set;
	find(TREES "/wdk7", NULL, NULL, &set);
	ck_assert_uint_eq(set.len, 2);
	const struct project *exe = &set.items[0], *sys = &set.items[1];
	ck_assert_str_eq(exe->facts.configuration_type, "Application");
	ck_assert_ptr_null(exe->facts.driver_type);
	ck_assert_str_eq(sys->kind, "sources");
	ck_assert_str_eq(sys->facts.driver_type, "WDM");
	/* legacy.rc is not compiled by cl. */
	ck_assert_uint_eq(sys->nfiles, 2);
	const struct project_file *f = file_of(sys, "/sys/legacy.c");
	ck_assert_ptr_nonnull(f);
	ck_assert(has_arg(f, TREES "/wdk7/inc"));
	/* $(DDK_INC_PATH) stands for the kit: nothing. */
	ck_assert_uint_eq(f->args.len, 2 + 3);
	ck_assert(has_arg(f, "-DLEGACY_TAG=0x67654c") && has_arg(f, "-DUNICODE"));
	ck_assert_ptr_nonnull(file_of(sys, "/sys/dispatch.c"));
	project_set_release(&set);
}
END_TEST

/* A project of two configurations, each with the entry its Link metadata
 * names; the other configuration's group does not apply. */
static const char entry_project[] =
	"<Project xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">\n"
	"  <ItemGroup>\n"
	"    <ProjectConfiguration Include=\"Debug|x64\" />\n"
	"    <ProjectConfiguration Include=\"Release|x64\" />\n"
	"  </ItemGroup>\n"
	"  <PropertyGroup><EntryName>DriverEntryEx</EntryName></PropertyGroup>\n"
	"  <ItemDefinitionGroup Condition=\"'$(Configuration)|$(Platform)'=='Release|x64'\">\n"
	"    <Link><EntryPointSymbol>_$(EntryName)@8</EntryPointSymbol></Link>\n"
	"  </ItemDefinitionGroup>\n"
	"  <ItemDefinitionGroup>\n"
	"    <Link Condition=\"'$(Configuration)'=='Debug'\">\n"
	"      <EntryPointSymbol>DebugEntry</EntryPointSymbol>\n"
	"    </Link>\n"
	"  </ItemDefinitionGroup>\n"
	"  <ItemGroup><ClCompile Include=\"drv.c\" /></ItemGroup>\n"
	"</Project>\n";

/* The entry a scratch tree's one project names, for `configuration`. */
static char *entry_of(const char *dir, const char *configuration)
{
	struct project_set set;
	find(dir, configuration, "x64", &set);
	ck_assert_uint_eq(set.len, 1);
	char *entry = set.items[0].facts.entry_point ? alloc_strdup(set.items[0].facts.entry_point) : NULL;
	project_set_release(&set);
	return entry;
}

static void assert_entry(const char *dir, const char *configuration, const char *expected)
{
	char *entry = entry_of(dir, configuration);
	if (expected)
		ck_assert_msg(entry && !strcmp(entry, expected), "%s: %s, not %s", dir, entry ? entry : "none",
			      expected);
	else
		ck_assert_msg(!entry, "%s: %s, where the entry stays DriverEntry", dir, entry);
	free(entry);
}

START_TEST(link_metadata_names_the_entry_point_of_its_configuration)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "drv/drv.vcxproj", entry_project, 0));
	free(scratch_write(dir, "drv/drv.c", "int x;\n", 0));
	assert_entry(dir, "Release", "DriverEntryEx");
	assert_entry(dir, "Debug", "DebugEntry");
	/* The WDK's stubs call DriverEntry: the entry stays DriverEntry. */
	static const char *const stubs[] = { "GsDriverEntry", "GsDriverEntry@8", "FxDriverEntry@8",
					     "_FxDriverEntry@8", "DriverEntry" };
	for (size_t i = 0; i < sizeof(stubs) / sizeof(*stubs); i++) {
		char *xml = alloc_printf("<Project xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">\n"
				      "  <ItemDefinitionGroup><Link><EntryPointSymbol>%s</EntryPointSymbol></Link>"
				      "</ItemDefinitionGroup>\n"
				      "  <ItemGroup><ClCompile Include=\"drv.c\" /></ItemGroup>\n"
				      "</Project>\n",
				      stubs[i]);
		free(scratch_write(dir, "drv/drv.vcxproj", xml, 0));
		assert_entry(dir, NULL, NULL);
		free(xml);
	}
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(sources_name_the_entry_point_by_driverentry_or_linker_flags)
{
	static const struct {
		const char *lines;
		const char *expected;
	} cases[] = {
		{ "DRIVERENTRY=BoardEntry\n", "BoardEntry" },
		{ "DRIVERENTRY=GsDriverEntry@8\n", NULL },
		{ "LINKER_FLAGS=$(LINKER_FLAGS) /ENTRY:LegacyInit@8 /MAP\n", "LegacyInit" },
		{ "DRIVERENTRY=BoardEntry\nLINKER_FLAGS=-map \\\n  -Entry:_LegacyInit@8\n", "LegacyInit" },
		{ "LINKER_FLAGS=/entry:_FxDriverEntry@8\n", NULL },
		{ "LINKER_FLAGS=/MAP\n", NULL },
	};
	char *dir = scratch_dir();
	free(scratch_write(dir, "sys/drv.c", "int x;\n", 0));
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *text = alloc_printf("TARGETNAME=drv\nTARGETTYPE=DRIVER\n%sSOURCES=drv.c\n", cases[i].lines);
		free(scratch_write(dir, "sys/sources", text, 0));
		assert_entry(dir, NULL, cases[i].expected);
		free(text);
	}
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(entry_symbols_lose_their_decoration_and_stubs_mean_driver_entry)
{
	static const struct {
		const char *symbol, *expected;
	} cases[] = {
		{ "_DriverEntryEx@8", "DriverEntryEx" }, { "DriverEntryEx@8", "DriverEntryEx" },
		{ " MyInit ", "MyInit" },                { "\"Quoted\"", "Quoted" },
		{ "_Underscored", "_Underscored" },      { "GsDriverEntry", NULL },
		{ "_GsDriverEntry@8", NULL },            { "FxDriverEntry", NULL },
		{ "DriverEntry", NULL },                 { "?Init@@YGJPAU_DRIVER_OBJECT@@@Z", NULL },
		{ "", NULL },                            { "Name@x", NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = project_entry_symbol(cases[i].symbol);
		ck_assert_msg(cases[i].expected ? got && !strcmp(got, cases[i].expected) : !got, "'%s': %s",
			      cases[i].symbol, got ? got : "NULL");
		free(got);
	}
}
END_TEST

static int run_in_trees(const char *args, char **out, char **err)
{
	return run_program(TREES, args, out, err);
}

START_TEST(wpp_trace_functions_of_the_scan_file_the_build_names)
{
	/* wppconfig.h, which no source includes, is named by the .vcxproj
	 * (WppScanConfigurationData, with a WppTraceFunction of its own) and by
	 * the sources file (RUN_WPP -scan:, with a -func: of its own): the .tmh
	 * stub defines their functions. */
	static const char *const dirs[] = { "wppproj", "wppsrc" };
	for (size_t i = 0; i < 2; i++) {
		char *out, *err;
		char *args = alloc_printf("cfg --function DriverEntry corpus/kmdf/bad/%s/driver.c", dirs[i]);
		int rc = run_program(ENTRYCHECK_SOURCE_ROOT, args, &out, &err);
		ck_assert_msg(rc == 0, "%s", err);
		ck_assert_msg(strstr(out, "entrycheck_wpp_trace(0) via FuncEntry unused [sys]") != NULL, "%s", out);
		ck_assert_msg(strstr(err, "the 3 trace functions") != NULL, "%s", err);
		ck_assert_msg(i == 1 || strstr(out, "via PsTraceVerbose unused [sys]") != NULL, "%s", out);
		free(out);
		free(err);
		free(args);
		/* Without the build file, FuncEntry is a routine no header declares. */
		args = alloc_printf("cfg --no-project --function DriverEntry corpus/kmdf/bad/%s/driver.c", dirs[i]);
		rc = run_program(ENTRYCHECK_SOURCE_ROOT, args, &out, &err);
		ck_assert_msg(rc == 0, "%s", err);
		ck_assert_msg(strstr(out, "FuncEntry(TRACE_DRIVER") != NULL && strstr(out, "[undeclared]") != NULL, "%s",
			      out);
		free(out);
		free(err);
		free(args);
	}
}
END_TEST

START_TEST(shared_header_makes_driver_entry_analyzable_only_with_the_project)
{
	char *out, *err;
	int rc = run_in_trees("entries msbuild/driver", &out, &err);
	ck_assert_msg(rc == 0, "%s", err);
	/* The project says KMDF (its template), but the code sets DriverUnload
	 * and never calls the framework: a WDM driver. */
	ck_assert_str_eq(out, "msbuild/driver/Driver.c:11:10: DriverEntry [wdm]\n"
			      "1 DriverEntry routine in 3 files\n");
	free(out);
	free(err);
	/* Without it, the header's structure is assumed, members and all. */
	rc = run_in_trees("entries -v --no-project msbuild/driver", &out, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(out, "DriverEntry [wdm] degraded"));
	ck_assert_ptr_nonnull(strstr(err, "Tag (a member of SAMPLE_CONTEXT)"));
	ck_assert_ptr_nonnull(strstr(err, "'Sample.h' not found"));
	free(out);
	free(err);
	rc = run_in_trees("entries --format json wdk7", &out, &err);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_ptr_nonnull(strstr(out, "\"analyzability\":\t\"analyzable\""));
	free(out);
	free(err);
}
END_TEST

START_TEST(project_beside_the_sources_is_found_for_a_file_named_alone)
{
	char *out, *err;
	int rc = run_in_trees("entries sibling/src/drv/driver.c", &out, &err);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_str_eq(out, "sibling/src/drv/driver.c:12:10: DriverEntry [wdm]\n"
			      "1 DriverEntry routine in 1 file\n");
	free(out);
	free(err);
	rc = run_in_trees("entries --no-project sibling/src/drv/driver.c", &out, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(out, "DriverEntry [wdm] degraded"));
	free(out);
	free(err);
}
END_TEST

START_TEST(compile_database_wins_over_the_project)
{
	char *db = scratch_dir();
	free(scratch_write(db, "compile_commands.json",
			   "[{\"directory\": \"" TREES "/msbuild/driver\", \"file\": \"Driver.c\",\n"
			   "  \"arguments\": [\"cl.exe\", \"/c\", \"Driver.c\"]}]\n", 0));
	char *args = alloc_printf("entries -p %s msbuild/driver", db);
	char *out, *err;
	int rc = run_in_trees(args, &out, &err);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(out, "Driver.c:11:10: DriverEntry [wdm] degraded"));
	/* helper.c is not in the database: its project's flags apply. */
	ck_assert_ptr_null(strstr(err, "helper.c has a define of its own"));
	free(out);
	free(err);
	free(args);
	path_remove_tree(db);
	free(db);
}
END_TEST

START_TEST(projects_command_lists_projects_facts_files_and_flags)
{
	char *out, *err;
	int rc = run_in_trees("projects msbuild wdk7/sys", &out, &err);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_str_eq(out,
		"msbuild/driver/Sample.vcxproj (msbuild Release|x64) driver_type=KMDF "
		"configuration_type=Driver kmdf_version=1.15 target_version=Windows10\n"
		"  flags: -I msbuild/tools -I msbuild/inc -DSAMPLE_RELEASE -DSAMPLE_TAG=0x706D6153 "
		"-DFROM_BUILD_PROPS=1 -USAMPLE_LEGACY -include msbuild/driver/Forced.h\n"
		"  msbuild/driver/Driver.c\n"
		"  msbuild/driver/helper.c: -I msbuild/tools -I msbuild/inc -DHELPER_ONLY -DSAMPLE_RELEASE "
		"-DSAMPLE_TAG=0x706D6153 -DFROM_BUILD_PROPS=1 -USAMPLE_LEGACY -include "
		"msbuild/driver/Forced.h\n"
		"wdk7/sys/sources (sources) driver_type=WDM configuration_type=Driver\n"
		"  flags: -I wdk7/inc -DLEGACY_TAG=0x67654c -DUNICODE -DLEGACY_XP\n"
		"  wdk7/sys/legacy.c\n"
		"  wdk7/sys/dispatch.c\n"
		"2 projects, 4 files compiled\n");
	free(out);
	free(err);

	rc = run_in_trees("projects --format json --configuration Debug msbuild", &out, &err);
	ck_assert_msg(rc == 0, "%s", err);
	cJSON *doc = cJSON_Parse(out);
	ck_assert_ptr_nonnull(doc);
	const cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "projects"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(p, "path")->valuestring, "msbuild/driver/Sample.vcxproj");
	ck_assert_str_eq(cJSON_GetObjectItem(p, "configuration")->valuestring, "Debug|x64");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(p, "facts"), "driver_type")->valuestring,
			 "WDM");
	const cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(p, "files"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(f, "path")->valuestring, "msbuild/driver/Driver.c");
	const cJSON *args = cJSON_GetObjectItem(f, "args");
	ck_assert_str_eq(cJSON_GetArrayItem(args, 4)->valuestring, "-DSAMPLE_DEBUG");
	cJSON_Delete(doc);
	free(out);
	free(err);
}
END_TEST

/* The entry routine a build names, without its role type, and the same name
 * in a file no project compiles. */
static const char entry_ex[] = "#include <ntddk.h>\n"
			       "%s"
			       "NTSTATUS\n"
			       "%s(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
			       "{\n"
			       "    UNREFERENCED_PARAMETER(DriverObject);\n"
			       "    UNREFERENCED_PARAMETER(RegistryPath);\n"
			       "    return STATUS_SUCCESS;\n"
			       "}\n";

static void write_entry_ex(const char *dir, const char *name, const char *routine, const char *declaration)
{
	char *text = alloc_printf(entry_ex, declaration, routine);
	free(scratch_write(dir, name, text, 0));
	free(text);
}

static void expect_run(const char *dir, const char *args, int code, const char *out_has, const char *out_lacks)
{
	char *out, *err;
	int rc = run_program(dir, args, &out, &err);
	ck_assert_msg(rc == code, "%s: exit %d, not %d\n%s%s", args, rc, code, out, err);
	ck_assert_msg(!out_has || strstr(out, out_has), "%s: no '%s' in\n%s%s", args, out_has, out, err);
	ck_assert_msg(!out_lacks || !strstr(out, out_lacks), "%s: '%s' in\n%s", args, out_lacks, out);
	free(out);
	free(err);
}

START_TEST(entry_point_the_build_names_is_analyzed_in_its_files)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "ex/ex.vcxproj", entry_project, 0));
	write_entry_ex(dir, "ex/drv.c", "DriverEntryEx", "");
	write_entry_ex(dir, "loose/drv.c", "DriverEntryEx", "");
	expect_run(dir, "entries ex loose", 0,
		   "ex/drv.c:3:1: DriverEntryEx [other]\n1 DriverEntry routine in 2 files\n", "loose/");
	/* Debug links DebugEntry, which no file defines. */
	expect_run(dir, "entries --configuration Debug ex", 0, "0 DriverEntry routines", "DriverEntryEx");
	/* Parsed again (or taken from the cache, whose key has the entry point). */
	expect_run(dir, "entries --parse-all --configuration Debug ex", 0, "0 DriverEntry routines", "DriverEntryEx");
	expect_run(dir, "entries --no-project ex", 0, "0 DriverEntry routines", "DriverEntryEx");
	/* As Code Analysis' C28101 does: the entry is a DRIVER_INITIALIZE. */
	expect_run(dir, "check --fail-on note --select DE002 ex", 1,
		   "ex/drv.c:3:1: note: DriverEntryEx is not declared with its role type: add "
		   "'DRIVER_INITIALIZE DriverEntryEx;'",
		   NULL);
	write_entry_ex(dir, "ex/drv.c", "DriverEntryEx", "DRIVER_INITIALIZE DriverEntryEx;\n");
	expect_run(dir, "check --fail-on note ex", 0, "in 1 DriverEntry routine", "DE002");
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(wdk_entry_stubs_leave_driver_entry_the_entry)
{
	static const char project[] =
		"<Project xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">\n"
		"  <ItemDefinitionGroup><Link><EntryPointSymbol>%s</EntryPointSymbol></Link></ItemDefinitionGroup>\n"
		"  <ItemGroup><ClCompile Include=\"drv.c\" /></ItemGroup>\n"
		"</Project>\n";
	/* A stub of the kit's name defined here is no entry of its own either. */
	static const char driver[] = "#include <ntddk.h>\n"
				     "DRIVER_INITIALIZE DriverEntry;\n"
				     "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
				     "{\n"
				     "    UNREFERENCED_PARAMETER(DriverObject);\n"
				     "    UNREFERENCED_PARAMETER(RegistryPath);\n"
				     "    return STATUS_SUCCESS;\n"
				     "}\n"
				     "NTSTATUS GsDriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
				     "{\n"
				     "    return DriverEntry(d, r);\n"
				     "}\n"
				     "NTSTATUS FxDriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n"
				     "{\n"
				     "    return DriverEntry(d, r);\n"
				     "}\n";
	static const char *const stubs[] = { "GsDriverEntry", "FxDriverEntry@8" };
	char *dir = scratch_dir();
	free(scratch_write(dir, "drv/drv.c", driver, 0));
	for (size_t i = 0; i < sizeof(stubs) / sizeof(*stubs); i++) {
		char *xml = alloc_printf(project, stubs[i]);
		free(scratch_write(dir, "drv/drv.vcxproj", xml, 0));
		free(xml);
		expect_run(dir, "entries drv", 0, "drv/drv.c:3:10: DriverEntry [other]\n1 DriverEntry routine in 1 file\n",
			   NULL);
		expect_run(dir, "check --fail-on note drv", 0, NULL, "DE002");
	}
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(sources_entry_point_is_analyzed_in_its_files)
{
	char *dir = scratch_dir();
	write_entry_ex(dir, "sys/drv.c", "LegacyInit", "");
	free(scratch_write(dir, "sys/sources",
			   "TARGETNAME=legacy\nTARGETTYPE=DRIVER\nDRIVERENTRY=BoardEntry\n"
			   "LINKER_FLAGS=$(LINKER_FLAGS) /ENTRY:LegacyInit@8\nSOURCES=drv.c\n",
			   0));
	expect_run(dir, "entries sys", 0, "sys/drv.c:3:1: LegacyInit [wdm]\n", NULL);
	expect_run(dir, "check --fail-on note --select DE002 sys", 1,
		   "add 'DRIVER_INITIALIZE LegacyInit;'", NULL);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

/* Two drivers under one root, one with a configuration of its own. */
static const char *const configured_tree[] = {
	".entrycheck.json", "{\"defines\": [\"ROOT_ONLY\"]}\n",
	"a/.entrycheck.json", "{\"defines\": [\"A_ONLY\"], \"include_paths\": [\"inc\"],\n"
			      " \"models\": {\"drv.c\": [\"kmdf\"]}}\n",
	"a/inc/a.h", "#define A_HEADER 1\n",
	"a/drv.c", "#include <ntddk.h>\n#include \"a.h\"\n"
		   "#if !defined(A_ONLY) || defined(ROOT_ONLY) || !defined(A_HEADER)\n"
		   "#error \"a/ has a configuration of its own\"\n#endif\n"
		   "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) { return 0; }\n",
	"b/drv.c", "#include <ntddk.h>\n"
		   "#if !defined(ROOT_ONLY) || defined(A_ONLY)\n"
		   "#error \"b/ takes the root's configuration\"\n#endif\n"
		   "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) { return 0; }\n",
	NULL,
};

START_TEST(nearest_configuration_of_each_file_wins_and_config_overrides_all)
{
	char *dir = scratch_dir();
	for (size_t i = 0; configured_tree[i]; i += 2)
		free(scratch_write(dir, configured_tree[i], configured_tree[i + 1], 0));
	char *out, *err;
	int rc = run_program(dir, "entries .", &out, &err);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_str_eq(out, "a/drv.c:6:10: DriverEntry [kmdf]\n"
			      "b/drv.c:5:10: DriverEntry [other]\n"
			      "2 DriverEntry routines in 2 files\n");
	ck_assert_ptr_null(strstr(err, "error"));
	free(out);
	free(err);
	/* From inside b/, a/'s own configuration still counts for a/. */
	char *b = path_join(dir, "b");
	rc = run_program(b, "entries ../a/drv.c", &out, &err);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_ptr_nonnull(strstr(out, "DriverEntry [kmdf]"));
	free(out);
	free(err);
	/* --config is the configuration of every file. */
	rc = run_program(dir, "entries --config .entrycheck.json .", &out, &err);
	ck_assert_ptr_nonnull(strstr(err, "a/ has a configuration of its own"));
	ck_assert_ptr_null(strstr(err, "b/ takes"));
	ck_assert_ptr_nonnull(strstr(out, "a/drv.c:6:10: DriverEntry [other]"));
	free(out);
	free(err);
	/* An invalid nested configuration is an error at its place. */
	free(scratch_write(dir, "a/.entrycheck.json", "{\"defines\": [1]}\n", 0));
	rc = run_program(dir, "entries .", &out, &err);
	ck_assert_int_eq(rc, 2);
	ck_assert_ptr_nonnull(strstr(err, "a/.entrycheck.json:1:14: error: 'defines[0]' must be a string"));
	free(out);
	free(err);
	path_remove_tree(dir);
	free(b);
	free(dir);
}
END_TEST

START_TEST(verbose_notes_speak_only_of_the_projects_that_count)
{
	/* `-v` on one file of a tree of projects says what reading its own
	 * project met, not what every other project of the tree met. */
	static const char project[] =
		"<Project xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">\n"
		"  <Import Project=\"$(VCTargetsPath)\\Microsoft.Cpp.props\" />\n"
		"  <ItemGroup><ClCompile Include=\"drv.c\" /></ItemGroup>\n"
		"</Project>\n";
	static const char driver[] = "#include <ntddk.h>\n"
				     "NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r) { return 0; }\n";
	char *dir = scratch_dir();
	/* The top of a source tree: the projects below it are all read. */
	free(scratch_write(dir, "README.md", "drivers\n", 0));
	free(scratch_write(dir, "a/a.vcxproj", project, 0));
	free(scratch_write(dir, "a/drv.c", driver, 0));
	free(scratch_write(dir, "b/b.vcxproj", project, 0));
	free(scratch_write(dir, "b/drv.c", driver, 0));
	char *out, *err;
	run_program(dir, "entries -v a/drv.c", &out, &err);
	ck_assert_msg(strstr(err, "a/a.vcxproj: note: import not found") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "b/b.vcxproj") == NULL, "%s", err);
	free(out);
	free(err);
	run_program(dir, "entries -v .", &out, &err);
	ck_assert_msg(strstr(err, "a/a.vcxproj: note: import not found") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "b/b.vcxproj: note: import not found") != NULL, "%s", err);
	free(out);
	free(err);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(message_compile_items_name_manifests_and_the_headers_mc_generates)
{
	/* GeneratedFilesBaseName by configuration, an item of one configuration
	 * with its own HeaderExtension, the manifest's base name by default. */
	static const char *const configs[] = { "Release", "Debug" };
	for (size_t i = 0; i < 2; i++) {
		struct project_set set;
		find(ENTRYCHECK_SOURCE_ROOT "/corpus/wdm/etwlog", configs[i], "x64", &set);
		ck_assert_uint_eq(set.len, 1);
		const struct driver_facts *f = &set.items[0].facts;
		ck_assert_uint_eq(f->etw_manifests.len, i + 1);
		ck_assert_uint_eq(f->etw_headers.len, i + 1);
		ck_assert_str_eq(f->etw_manifests.items[0], ENTRYCHECK_SOURCE_ROOT "/corpus/wdm/etwlog/thermlog.man");
		ck_assert_str_eq(f->etw_headers.items[0], i == 0 ? "thermevents.h" : "thermevents_dbg.h");
		if (i == 1) {
			ck_assert_str_eq(f->etw_manifests.items[1], ENTRYCHECK_SOURCE_ROOT "/corpus/wdm/etwlog/legacy.man");
			ck_assert_str_eq(f->etw_headers.items[1], "legacy.hdr");
		}
		project_set_release(&set);
	}
}
END_TEST

START_TEST(etw_header_of_a_broken_manifest_is_one_note_and_empty)
{
	char *dir = scratch_dir();
	free(scratch_write(dir, "drv.vcxproj",
			   "<Project><ItemGroup><ClCompile Include=\"drv.c\" />"
			   "<MessageCompile Include=\"events.man\" /></ItemGroup></Project>", 0));
	free(scratch_write(dir, "events.man", "<instrumentationManifest>\n<instrumentation>\n", 0));
	free(scratch_write(dir, "drv.c",
			   "#include <ntddk.h>\n#include \"events.h\"\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
			   "{ UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);\n"
			   "  return STATUS_SUCCESS; }\n", 0));
	char *out, *err;
	int rc = run_program(dir, "check -v --no-cache .", &out, &err);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_msg(strstr(err, "drv.c:2:10: note: 'events.h' not found (mc.exe generates it from 'events.man' in a "
				  "WDK build), and the manifest is unusable: invalid XML at line 3; treated as empty") != NULL,
		      "%s", err);
	free(out);
	free(err);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(well_known_metadata_names_the_etw_header_and_mcgen_macros_are_modelled)
{
	/* <GeneratedFilesBaseName>%(Filename)ETW names drvETW.h; the generated
	 * header's MCGEN_USE_KERNEL_MODE_APIS, MCGEN_EVENT_ENABLED and event
	 * descriptors are what a driver's own logging header reads. */
	char *dir = scratch_dir();
	free(scratch_write(dir, "drv.vcxproj",
			   "<Project><ItemGroup><ClCompile Include=\"drv.c\">"
			   "<PreprocessorDefinitions>SOURCE_STEM=%(Filename);%(PreprocessorDefinitions)"
			   "</PreprocessorDefinitions></ClCompile>"
			   "<MessageCompile Include=\"res\\drv.man\">"
			   "<GeneratedFilesBaseName>%(Filename)ETW</GeneratedFilesBaseName></MessageCompile>"
			   "</ItemGroup></Project>", 0));
	free(scratch_write(dir, "res/drv.man",
			   "<instrumentationManifest xmlns=\"http://schemas.microsoft.com/win/2004/08/events\">"
			   "<instrumentation><events><provider name=\"P\" guid=\"{3B1C7A52-9E04-4D8B-A5F1-6C2E90D47B13}\" "
			   "symbol=\"DRV_PROVIDER\"><events><event symbol=\"EvtStart\" value=\"1\"/></events>"
			   "</provider></events></instrumentation></instrumentationManifest>\n", 0));
	free(scratch_write(dir, "drv.c",
			   "#include <ntddk.h>\n#include \"drvETW.h\"\n"
			   "#if !MCGEN_USE_KERNEL_MODE_APIS\n#error user-mode branch\n#endif\n"
			   "static int drv;\nstatic int *stem = &SOURCE_STEM;\n"
			   "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
			   "{ UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath);\n"
			   "  PCEVENT_DESCRIPTOR d = &EvtStart; UNREFERENCED_PARAMETER(d); UNREFERENCED_PARAMETER(stem);\n"
			   "  if (MCGEN_EVENT_ENABLED(EvtStart)) return STATUS_UNSUCCESSFUL;\n"
			   "  return STATUS_SUCCESS; }\n", 0));
	char *out, *err;
	int rc = run_program(dir, "check -v --no-cache .", &out, &err);
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_msg(strstr(err, "clang error") == NULL &&
			      strstr(err, "'drvETW.h' not found (mc.exe generates it from 'res/drv.man' in a WDK build); "
					  "using entrycheck's model of its 1 event") != NULL,
		      "%s", err);
	free(out);
	free(err);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("projects");
	TCase *tc = tcase_create("msbuild");
	tcase_add_test(tc, vcxproj_takes_props_imports_conditions_and_item_metadata);
	tcase_add_test(tc, vcxproj_configuration_and_platform_choose_the_groups);
	tcase_add_test(tc, undeclared_configuration_takes_the_newest_windows_then_the_shortest);
	tcase_add_test(tc, defines_take_property_functions_and_name_the_ones_left_empty);
	tcase_add_test(tc, link_metadata_names_the_entry_point_of_its_configuration);
	tcase_add_test(tc, entry_symbols_lose_their_decoration_and_stubs_mean_driver_entry);
	suite_add_tcase(s, tc);
	tc = tcase_create("sources");
	tcase_add_test(tc, sources_files_give_includes_defines_sources_and_target_type);
	tcase_add_test(tc, sources_name_the_entry_point_by_driverentry_or_linker_flags);
	suite_add_tcase(s, tc);
	tc = tcase_create("program");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, shared_header_makes_driver_entry_analyzable_only_with_the_project);
	tcase_add_test(tc, wpp_trace_functions_of_the_scan_file_the_build_names);
	tcase_add_test(tc, message_compile_items_name_manifests_and_the_headers_mc_generates);
	tcase_add_test(tc, etw_header_of_a_broken_manifest_is_one_note_and_empty);
	tcase_add_test(tc, well_known_metadata_names_the_etw_header_and_mcgen_macros_are_modelled);
	tcase_add_test(tc, compile_database_wins_over_the_project);
	tcase_add_test(tc, project_beside_the_sources_is_found_for_a_file_named_alone);
	tcase_add_test(tc, projects_command_lists_projects_facts_files_and_flags);
	tcase_add_test(tc, entry_point_the_build_names_is_analyzed_in_its_files);
	tcase_add_test(tc, wdk_entry_stubs_leave_driver_entry_the_entry);
	tcase_add_test(tc, sources_entry_point_is_analyzed_in_its_files);
	suite_add_tcase(s, tc);
	tc = tcase_create("configuration");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, nearest_configuration_of_each_file_wins_and_config_overrides_all);
	tcase_add_test(tc, verbose_notes_speak_only_of_the_projects_that_count);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
