/* SPDX-License-Identifier: Apache-2.0 */
/* String tests and conversions. */
#include "base/str.h"
#include "base/alloc.h"

#include <ctype.h>
#include <string.h>

bool str_ends_with_nocase(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	if (m > n)
		return false;
	for (size_t i = 0; i < m; i++)
		if (tolower((unsigned char)s[n - m + i]) != tolower((unsigned char)suffix[i]))
			return false;
	return true;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

bool str_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

bool str_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

bool str_listed(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

char *str_lower(const char *s)
{
	char *p = alloc_strdup(s);
	for (char *q = p; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}
