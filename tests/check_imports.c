/* SPDX-License-Identifier: Apache-2.0 */
/* C++20 import declarations read from the text (front/imports.c): named
 * modules blanked, header units read as includes, lines and lengths kept,
 * every rewrite noted, and nothing else touched. */
#include <stdlib.h>
#include <string.h>

#include "base/problems.h"
#include "base/source.h"
#include "base/alloc.h"
#include "front/imports.h"
#include "testutil.h"

/* Rewrites `text`; returns the new text (the caller frees it). */
static char *rewritten(const char *text, struct imports_result *r, struct problems *p)
{
	struct source s = { alloc_strdup(text), strlen(text), SOURCE_UTF8, false };
	*r = imports_rewrite(&s, "d.cpp", p);
	ck_assert_uint_eq(s.len, strlen(text));
	ck_assert_uint_eq(strlen(s.text), strlen(text));
	ck_assert(s.rewritten == (r->named + r->header_units > 0));
	return s.text;
}

START_TEST(named_module_is_blanked_with_a_note)
{
	struct problems p = { 0 };
	struct imports_result r;
	char *t = rewritten("#include <ntddk.h>\nimport std;\n  export import km.util:part [[deprecated]];\nint x;\n",
			    &r, &p);
	ck_assert_uint_eq(r.named, 2);
	ck_assert_str_eq(t, "#include <ntddk.h>\n           \n                                            \nint x;\n");
	ck_assert_uint_eq(p.len, 2);
	ck_assert_uint_eq(p.items[0].line, 2);
	ck_assert_uint_eq(p.items[0].column, 1);
	ck_assert_ptr_nonnull(strstr(p.items[0].message, "'import std;' read as nothing"));
	ck_assert_uint_eq(p.items[1].line, 3);
	ck_assert_uint_eq(p.items[1].column, 3);
	ck_assert_ptr_nonnull(strstr(p.items[1].message, "module 'km.util:part'"));
	free(t);
	problems_clear(&p);
}
END_TEST

START_TEST(header_unit_becomes_an_include)
{
	struct problems p = { 0 };
	struct imports_result r;
	char *t = rewritten("import <array>;\nimport \"util.h\";\nimport<x>;\n", &r, &p);
	ck_assert_uint_eq(r.header_units, 2);
	ck_assert_uint_eq(r.named, 1); /* no room for '#include': blanked, and said so */
	ck_assert_str_eq(t, "#include<array>\n#include\"util.h\"\n          \n");
	ck_assert_uint_eq(p.len, 3);
	ck_assert_ptr_nonnull(strstr(p.items[0].message, "read as '#include <array>'"));
	free(t);
	problems_clear(&p);
}
END_TEST

START_TEST(other_text_is_left_alone)
{
	const char *text = "// import std;\n/* x\nimport std;\n*/\n#define M \\\nimport std;\n"
			   "const char *s = \"\\\nimport std;\";\nauto r = R\"(\nimport std;\n)\";\n"
			   "import(x);\nimport_y = 1;\nint a; import std;\nimport ::f;\nimport std\n;\n";
	struct problems p = { 0 };
	struct imports_result r;
	char *t = rewritten(text, &r, &p);
	ck_assert_uint_eq(r.named + r.header_units, 0);
	ck_assert_str_eq(t, text);
	ck_assert_uint_eq(p.len, 0);
	free(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("imports");
	TCase *tc = tcase_create("rewrite");
	tcase_add_test(tc, named_module_is_blanked_with_a_note);
	tcase_add_test(tc, header_unit_becomes_an_include);
	tcase_add_test(tc, other_text_is_left_alone);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
