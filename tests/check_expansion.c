/* SPDX-License-Identifier: Apache-2.0 */
/* MSBuild values: Conditions and $(...) expansion with the property
 * functions entrycheck evaluates (project/condition.c, props.c, propfn.c);
 * how a whole project takes them is check_projects.c's. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strbuf.h"
#include "project/msbuild.h"
#include "testutil.h"

static const char *lookup(void *data, const char *name)
{
	(void)data;
	return !strcmp(name, "Configuration") ? "Release" : !strcmp(name, "Platform") ? "x64" : NULL;
}


START_TEST(conditions_compare_without_case_with_and_or_not)
{
	static const struct {
		const char *condition;
		bool expected;
	} cases[] = {
		{ "'$(Configuration)|$(Platform)'=='Release|x64'", true },
		{ "'$(Configuration)|$(Platform)' == 'release|X64'", true },
		{ "'$(Configuration)|$(Platform)'!='Release|x64'", false },
		{ "'$(Configuration)'=='Debug' or '$(Platform)'=='x64'", true },
		{ "'$(Configuration)'=='Release' AND '$(Platform)'=='Win32'", false },
		{ "!('$(Configuration)'=='Debug')", true },
		{ "'$(Unset)' == ''", true },
		{ "'$(Unset)' != '' and '$(Configuration)' == 'Release'", false },
		{ "true", true },
		{ "'$(Configuration.Substring(0,4))' == 'Rele'", true },
		{ "'$(Configuration.Substring(0,40))' == ''", true },
		{ "$(Configuration.StartsWith('Rel')) and !$(Platform.Contains(')'))", true },
		{ "'$(Configuration.Replace('ease', ''))' == 'Rel'", true },
		{ "'unterminated == 'x'", false },
		{ "", true },
	};
	struct msbuild_scope scope = { lookup, NULL, NULL, "/", NULL, NULL };
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		ck_assert_msg(msbuild_condition(&scope, cases[i].condition) == cases[i].expected,
			      "condition %s", cases[i].condition);
}
END_TEST

/* Property functions as Microsoft documents them: String instance methods
 * on a property or on [System.String]::Copy(...), static String methods and
 * [MSBuild] arithmetic. What is not evaluated stays empty and is told. */
START_TEST(property_functions_evaluate_string_methods_and_arithmetic)
{
	static const struct {
		const char *text, *expected;
		bool evaluated;
	} cases[] = {
		{ "$([System.String]::Copy('$(Configuration)').Length)", "7", true },
		{ "$(Configuration.Substring(0,4))-$(Configuration.Substring(4))", "Rele-ase", true },
		{ "$(Configuration.ToUpper())$(Configuration.tolowerinvariant())", "RELEASErelease", true },
		{ "$(Configuration.Replace('ease', 'y'))", "Rely", true },
		{ "[$([System.String]::Copy('  x y ').Trim())]", "[x y]", true },
		{ "$([System.String]::Copy('C:\\src\\').TrimEnd('\\'))", "C:\\src", true },
		{ "$(Platform.StartsWith('x'))|$(Platform.EndsWith(\"86\"))|$(Platform.Contains('6'))", "True|False|True",
		  true },
		{ "$(Configuration.IndexOf('e'))|$(Configuration.LastIndexOf('e'))|$(Configuration.IndexOf('z'))", "1|6|-1",
		  true },
		{ "$([MSBuild]::Add(5, 9))|$([MSBuild]::Subtract(2,$([MSBuild]::Multiply(3,4))))", "14|-10", true },
		{ "$([MSBuild]::Divide(12, 4))|$([MSBuild]::Modulo(7, 3))", "3|1", true },
		{ "$([MSBuild]::ValueOrDefault('$(Unset)', 'dflt'))", "dflt", true },
		{ "$([MSBuild]::EnsureTrailingSlash('$(Configuration)'))", "Release\\", true },
		{ "$([System.String]::IsNullOrEmpty('$(Unset)'))", "True", true },
		{ "$(Unset.Length)", "0", true },
		{ "$([System.String]::Copy('\xc3\xa9t\xc3\xa9').Length)", "3", true },
		{ "a$(Configuration.Substring(3, 9))b", "ab", false },
		{ "$([MSBuild]::Divide(7, 2))", "", false },
		{ "$([MSBuild]::Add(9223372036854775807, 1))", "", false },
		{ "$([System.Text.RegularExpressions.Regex]::Match('1.2', '\\d').Value)", "", false },
		{ "$([System.String]::Copy('x').Split(','))", "", false },
		{ "$([System.String]::Copy('x').Length", "$([System.String]::Copy('x').Length", true },
		{ "[$(Platform.Replace(')', '('))]", "[x64]", true },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *unsupported = NULL;
		struct msbuild_scope scope = { lookup, NULL, NULL, "/", &unsupported, NULL };
		char *value = msbuild_expand(&scope, cases[i].text);
		ck_assert_msg(value && !strcmp(value, cases[i].expected), "%s gave '%s'", cases[i].text, value);
		ck_assert_msg(!unsupported == cases[i].evaluated, "%s: %s", cases[i].text, unsupported);
		free(value);
		free(unsupported);
	}
	/* Nested to any depth, and a replacement that would outgrow the budget, fail cleanly. */
	struct strbuf deep = STRBUF_INIT;
	for (int i = 0; i < 200; i++)
		strbuf_adds(&deep, "$([System.String]::Copy(");
	strbuf_adds(&deep, "'x'");
	for (int i = 0; i < 200; i++)
		strbuf_adds(&deep, "))");
	char *unsupported = NULL;
	struct msbuild_scope scope = { lookup, NULL, NULL, "/", &unsupported, NULL };
	char *value = msbuild_expand(&scope, strbuf_str(&deep));
	ck_assert(value && !*value && unsupported);
	free(value);
	free(unsupported);
	strbuf_release(&deep);
	struct strbuf big = STRBUF_INIT;
	for (int i = 0; i < 2000; i++)
		strbuf_adds(&big, "e");
	char *text = alloc_printf("$([System.String]::Copy('%s').Replace('e', '$(Configuration)$(Configuration)"
			       "$(Configuration)$(Configuration)$(Configuration)$(Configuration)$(Configuration)$(Configuration)'))",
			       strbuf_str(&big));
	ck_assert_ptr_null(msbuild_expand(&scope, text));
	free(text);
	strbuf_release(&big);
}
END_TEST


int main(void)
{
	Suite *s = suite_create("expansion");
	TCase *tc = tcase_create("msbuild");
	tcase_add_test(tc, conditions_compare_without_case_with_and_or_not);
	tcase_add_test(tc, property_functions_evaluate_string_methods_and_arithmetic);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
