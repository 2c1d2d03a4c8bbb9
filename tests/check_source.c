/* SPDX-License-Identifier: Apache-2.0 */
/* Source loading: encodings, byte-order marks and refused inputs. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/source.h"
#include "testutil.h"
#include "base/alloc.h"
#include "base/path.h"

START_TEST(utf8_plain_is_kept_as_is)
{
	struct source s;
	const char text[] = "int x;\r\nint y;\r\n";
	ck_assert_int_eq(source_decode((const unsigned char *)text, strlen(text), &s), SOURCE_OK);
	ck_assert_int_eq(s.encoding, SOURCE_UTF8);
	ck_assert(!s.rewritten);
	ck_assert_str_eq(s.text, text);
	source_release(&s);
}
END_TEST

START_TEST(utf8_bom_is_stripped_so_columns_stay_right)
{
	struct source s;
	const char text[] = "\xEF\xBB\xBFint x;\n";
	ck_assert_int_eq(source_decode((const unsigned char *)text, strlen(text), &s), SOURCE_OK);
	ck_assert_int_eq(s.encoding, SOURCE_UTF8_BOM);
	ck_assert(s.rewritten);
	ck_assert_str_eq(s.text, "int x;\n");
	source_release(&s);
}
END_TEST

START_TEST(utf16le_with_bom_becomes_utf8)
{
	/* "a\u00e9\n" then U+1F600 as a surrogate pair */
	const unsigned char bytes[] = { 0xFF, 0xFE, 'a', 0, 0xE9, 0, '\n', 0, 0x3D, 0xD8, 0x00, 0xDE };
	struct source s;
	ck_assert_int_eq(source_decode(bytes, sizeof(bytes), &s), SOURCE_OK);
	ck_assert_int_eq(s.encoding, SOURCE_UTF16LE);
	ck_assert(s.rewritten);
	ck_assert_str_eq(s.text, "a\xC3\xA9\n\xF0\x9F\x98\x80");
	source_release(&s);
}
END_TEST

START_TEST(utf16be_with_bom_becomes_utf8)
{
	const unsigned char bytes[] = { 0xFE, 0xFF, 0, 'i', 0, 'n', 0, 't', 0, '\n' };
	struct source s;
	ck_assert_int_eq(source_decode(bytes, sizeof(bytes), &s), SOURCE_OK);
	ck_assert_int_eq(s.encoding, SOURCE_UTF16BE);
	ck_assert_str_eq(s.text, "int\n");
	source_release(&s);
}
END_TEST

START_TEST(utf16le_without_bom_is_recognized)
{
	const char *ascii = "#include <ntddk.h>\n";
	size_t n = strlen(ascii);
	unsigned char *bytes = alloc_zeroed(2 * n, 1);
	for (size_t i = 0; i < n; i++)
		bytes[2 * i] = (unsigned char)ascii[i];
	struct source s;
	ck_assert_int_eq(source_decode(bytes, 2 * n, &s), SOURCE_OK);
	ck_assert_int_eq(s.encoding, SOURCE_UTF16LE);
	ck_assert_str_eq(s.text, ascii);
	source_release(&s);
	free(bytes);
}
END_TEST

START_TEST(broken_utf16_is_refused)
{
	/* a lone high surrogate */
	const unsigned char bytes[] = { 0xFF, 0xFE, 'a', 0, 0x3D, 0xD8, 'b', 0 };
	struct source s;
	ck_assert_int_eq(source_decode(bytes, sizeof(bytes), &s), SOURCE_BAD_UTF16);
	ck_assert_ptr_null(s.text);
}
END_TEST

START_TEST(binary_is_refused)
{
	const unsigned char bytes[] = { 0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0 };
	struct source s;
	ck_assert_int_eq(source_decode(bytes, sizeof(bytes), &s), SOURCE_BINARY);
}
END_TEST

START_TEST(cp1252_passes_through)
{
	const char text[] = "/* Ren\xE9 */ int x;\n";
	struct source s;
	ck_assert_int_eq(source_decode((const unsigned char *)text, strlen(text), &s), SOURCE_OK);
	ck_assert(!s.rewritten);
	ck_assert_str_eq(s.text, text);
	source_release(&s);
}
END_TEST

START_TEST(load_refuses_missing_directory_and_huge_files)
{
	char *dir = scratch_dir();
	struct source s;
	const char *sys;
	char *missing = path_join(dir, "nope.c");
	ck_assert_int_eq(source_load(missing, SOURCE_MAX_BYTES, &s, &sys), SOURCE_NOT_FOUND);
	ck_assert_int_eq(source_load(dir, SOURCE_MAX_BYTES, &s, &sys), SOURCE_NOT_A_FILE);
	char *big = scratch_write(dir, "big.c", "x", 1);
	ck_assert_int_eq(truncate(big, SOURCE_MAX_BYTES + 1), 0);
	ck_assert_int_eq(source_load(big, SOURCE_MAX_BYTES, &s, &sys), SOURCE_TOO_LARGE);
	char *ok = scratch_write(dir, "ok.c", "int x;\n", 0);
	ck_assert_int_eq(source_load(ok, SOURCE_MAX_BYTES, &s, &sys), SOURCE_OK);
	ck_assert_str_eq(s.text, "int x;\n");
	source_release(&s);
	path_remove_tree(dir);
	free(ok);
	free(big);
	free(missing);
	free(dir);
}
END_TEST

START_TEST(load_reports_unreadable_files)
{
	if (geteuid() == 0)
		return; /* root reads anything: nothing to observe */
	char *dir = scratch_dir();
	char *path = scratch_write(dir, "locked.c", "int x;\n", 0);
	chmod(path, 0);
	struct source s;
	const char *sys = NULL;
	ck_assert_int_eq(source_load(path, SOURCE_MAX_BYTES, &s, &sys), SOURCE_UNREADABLE);
	ck_assert_ptr_nonnull(sys);
	path_remove_tree(dir);
	free(path);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("source");
	TCase *tc = tcase_create("decode");
	tcase_add_test(tc, utf8_plain_is_kept_as_is);
	tcase_add_test(tc, utf8_bom_is_stripped_so_columns_stay_right);
	tcase_add_test(tc, utf16le_with_bom_becomes_utf8);
	tcase_add_test(tc, utf16be_with_bom_becomes_utf8);
	tcase_add_test(tc, utf16le_without_bom_is_recognized);
	tcase_add_test(tc, broken_utf16_is_refused);
	tcase_add_test(tc, binary_is_refused);
	tcase_add_test(tc, cp1252_passes_through);
	suite_add_tcase(s, tc);
	tc = tcase_create("load");
	tcase_add_test(tc, load_refuses_missing_directory_and_huge_files);
	tcase_add_test(tc, load_reports_unreadable_files);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
