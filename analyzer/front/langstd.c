/* SPDX-License-Identifier: Apache-2.0 */
/* The -std= values clang 14 accepts, by language (clang's LangStandards.def
 * names, written out from its documentation). */
#include "front/langstd.h"

#include <string.h>

#include "base/str.h"
#include "base/strvec.h"

static const char *const c_standards[] = {
	"c89", "c90", "iso9899:1990", "iso9899:199409", "gnu89", "gnu90", "c99", "c9x",
	"iso9899:1999", "iso9899:199x", "gnu99", "gnu9x", "c11", "c1x", "iso9899:2011",
	"iso9899:201x", "gnu11", "gnu1x", "c17", "c18", "iso9899:2017", "iso9899:2018", "gnu17",
	"gnu18", "c2x", "gnu2x",
};

static const char *const cxx_standards[] = {
	"c++98", "c++03", "gnu++98", "gnu++03", "c++11", "c++0x", "gnu++11", "gnu++0x", "c++14",
	"c++1y", "gnu++14", "gnu++1y", "c++17", "c++1z", "gnu++17", "gnu++1z", "c++20", "c++2a",
	"gnu++20", "gnu++2a", "c++2b", "gnu++2b",
};

static bool listed(const char *value, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(value, names[i]))
			return true;
	return false;
}

const char *langstd_rejected(const struct strvec *args, bool cplusplus)
{
	const char *last = NULL;
	for (size_t i = 0; i < args->len; i++)
		if (str_starts_with(args->items[i], "-std="))
			last = args->items[i];
	if (!last)
		return NULL;
	const char *value = last + 5;
	bool ok = cplusplus ? listed(value, cxx_standards, sizeof(cxx_standards) / sizeof(*cxx_standards))
			    : listed(value, c_standards, sizeof(c_standards) / sizeof(*c_standards));
	return ok ? NULL : last;
}
