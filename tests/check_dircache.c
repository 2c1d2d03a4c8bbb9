/* SPDX-License-Identifier: Apache-2.0 */
/* Paths of build files found on disk without regard to letter case
 * (project_resolve_path): through the folder cache (project/dircache.c),
 * each folder read once, they are what reading the disk each time gives. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/path.h"
#include "project/dircache.h"
#include "project/project.h"
#include "testutil.h"

/* A tree with the shapes the lookup meets: letter case that differs from the
 * disk's, two spellings of one name, a link to a folder, a file where a folder
 * is named, folders that do not exist. */
static char *tree(void)
{
	char *dir = scratch_dir();
	static const char *const files[] = { "Src/Drv.c", "Src/Sub/Deep.h", "twice/a.c", "twice/A.c",
					     "plain/x.c", "file", "Inc/.keep" };
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		free(scratch_write(dir, files[i], "", 0));
	char *link = path_join(dir, "ln");
	ck_assert_int_eq(symlink("Src", link), 0);
	free(link);
	return dir;
}

static const char *const spellings[] = {
	"Src\\Drv.c", "SRC\\DRV.C", "src/drv.c", "src\\SUB\\deep.H", "src\\sub\\", "twice\\a.c", "twice\\A.c",
	"TWICE\\a.C", "plain\\x.c", "PLAIN\\X.C", "plain\\nosuch.c", "nosuch\\x.c", "NoSuch\\Deeper\\X.c",
	"file\\x.c", "FILE", "ln\\drv.c", "LN\\Sub\\DEEP.h", "ln\\nosuch\\x.c", "inc", "INC\\", "..\\Src\\Drv.c",
	".\\.\\src\\..\\src\\drv.c", "C:\\WinDDK\\inc\\wdm.h", "", "*.c", "src\\*.C", "/", "//Src//Drv.c",
};

START_TEST(folders_read_once_resolve_as_reading_the_disk_each_time)
{
	char *dir = tree();
	struct project_dircache *dirs = project_dircache_new();
	for (int round = 0; round < 2; round++) /* the second round from the cache alone */
		for (size_t i = 0; i < sizeof(spellings) / sizeof(*spellings); i++) {
			char *disk = project_resolve_path(spellings[i], dir, NULL);
			char *cached = project_resolve_path(spellings[i], dir, dirs);
			ck_assert_msg(!strcmp(disk, cached), "'%s': '%s' read each time, '%s' cached", spellings[i],
				      disk, cached);
			free(disk);
			free(cached);
		}
	project_dircache_free(dirs);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(letter_case_is_the_disks_and_what_is_missing_is_kept_as_written)
{
	char *dir = tree();
	struct project_dircache *dirs = project_dircache_new();
	static const struct {
		const char *written, *expected; /* relative to the tree */
	} cases[] = {
		{ "SRC\\DRV.C", "Src/Drv.c" },
		{ "src\\SUB\\deep.H", "Src/Sub/Deep.h" },
		{ "PLAIN\\NoSuch\\X.c", "plain/NoSuch/X.c" },
		{ "NoSuch\\X.c", "NoSuch/X.c" },
		{ "ln\\DRV.C", "ln/Drv.c" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *got = project_resolve_path(cases[i].written, dir, dirs);
		char *expected = path_join(dir, cases[i].expected);
		ck_assert_msg(!strcmp(got, expected), "'%s': '%s', not '%s'", cases[i].written, got, expected);
		free(expected);
		free(got);
	}
	ck_assert_int_eq(project_dircache_is_directory(dirs, dir), 1);
	char *link = path_join(dir, "ln");
	ck_assert_int_eq(project_dircache_is_directory(dirs, link), 0); /* a link, as lstat says */
	free(link);
	project_dircache_free(dirs);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(a_folder_holds_a_name_as_spelled_or_says_it_cannot_tell)
{
	char *dir = tree();
	struct project_dircache *dirs = project_dircache_new();
	char *src = path_join(dir, "Src"), *twice = path_join(dir, "twice"), *none = path_join(dir, "nosuch");
	ck_assert_int_eq(project_dircache_holds(dirs, src, "Drv.c"), 1);
	ck_assert_int_eq(project_dircache_holds(dirs, src, "drv.c"), -1); /* another spelling listed */
	ck_assert_int_eq(project_dircache_holds(dirs, src, "other.c"), 0);
	ck_assert_int_eq(project_dircache_holds(dirs, none, "x.c"), 0);   /* no such folder */
	/* Of two spellings, one is listed first and the other cannot be told. */
	ck_assert_int_eq(project_dircache_holds(dirs, twice, "a.c") + project_dircache_holds(dirs, twice, "A.c"), 0);
	ck_assert_str_eq(project_dircache_entry(dirs, src, "DRV.C"), "Drv.c");
	ck_assert_ptr_null(project_dircache_entry(dirs, none, "x.c"));
	free(src);
	free(twice);
	free(none);
	project_dircache_free(dirs);
	path_remove_tree(dir);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dircache");
	TCase *tc = tcase_create("resolve");
	tcase_add_test(tc, folders_read_once_resolve_as_reading_the_disk_each_time);
	tcase_add_test(tc, letter_case_is_the_disks_and_what_is_missing_is_kept_as_written);
	tcase_add_test(tc, a_folder_holds_a_name_as_spelled_or_says_it_cannot_tell);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
