/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck --version: the version, the libclang it runs on, and where each
 * piece of data it loads comes from, so a moved or packaged install can be
 * checked at a glance. */
#include "cli/version.h"

#include <stdlib.h>

#include "config.h"
#include "base/locate.h"
#include "base/alloc.h"
#include "front/frontend.h"
#include "front/wdkmodel.h"
#include "run/run.h"

static void print_place(FILE *out, const char *what, char *where)
{
	fprintf(out, "  %-14s %s\n", what, where ? where : "(not found)");
	free(where);
}

void version_print(FILE *out, const struct run_options *run)
{
	char *clang = frontend_libclang_version();
	fprintf(out, "entrycheck %s\nlibclang: %s (built against %s)\n", ENTRYCHECK_VERSION, clang,
		ENTRYCHECK_LLVM_VERSION);
	free(clang);
	fprintf(out, "loaded from:\n");
	print_place(out, "executable", locate_executable_dir());
	print_place(out, "rules", run->rule_dirs.len ? alloc_strdup(run->rule_dirs.items[0])
						    : run_builtin_rules_dir());
	print_place(out, "header model", header_model_find_overlay(run->model.model_dir));
	print_place(out, "mingw-w64", header_model_find_mingw(run->model.mingw_dir));
	print_place(out, "clang builtins", header_model_find_resource_dir(run->model.resource_dir));
}
