/* SPDX-License-Identifier: Apache-2.0 */
#include "front/ddi.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof(*(a)))

static const char *const status_tests[] = { "NT_SUCCESS" };
static const char *const error_tests[] = { "NT_ERROR" };

/* Success constants share a suffix across the kit: STATUS_SUCCESS,
 * NDIS_STATUS_SUCCESS, ERROR_SUCCESS, SCSI_STATUS_SUCCESS... */
static const char *const success_suffixes[] = { "_SUCCESS" };

static const struct {
	const char *name;
	int fill;
} zeroing_calls[] = {
	{ "RtlZeroMemory", -1 },   { "RtlSecureZeroMemory", -1 }, { "RtlZeroBytes", -1 },
	{ "NdisZeroMemory", -1 },  { "ZeroMemory", -1 },          { "SecureZeroMemory", -1 },
	{ "memset", 1 },           { "__builtin_memset", 1 },     { "RtlFillMemory", 2 },
};

/* As wdm.h's inline bodies set them: `UnicodeString->Buffer = Buffer`. */
static const char *const empty_string_inits[] = { "RtlInitEmptyUnicodeString", "RtlInitEmptyAnsiString" };

static const char *const dispatch_tables[] = { "MajorFunction" };

/* As <ntifs.h> defines them. */
static const char *const flag_macros[] = {
	"FlagOn ( _F , _SF ) ( ( _F ) & ( _SF ) )",
	"BooleanFlagOn ( F , SF ) ( ( BOOLEAN ) ( ( ( F ) & ( SF ) ) != 0 ) )",
	"SetFlag ( _F , _SF ) ( ( _F ) |= ( _SF ) )",
	"ClearFlag ( _F , _SF ) ( ( _F ) &= ~ ( _SF ) )",
};

static bool listed(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

bool ddi_is_status_test(const char *name)
{
	return listed(status_tests, COUNT(status_tests), name);
}

bool ddi_is_error_test(const char *name)
{
	return listed(error_tests, COUNT(error_tests), name);
}

bool ddi_is_success_constant(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	for (size_t i = 0; i < COUNT(success_suffixes); i++) {
		size_t m = strlen(success_suffixes[i]);
		if (n >= m && !strcmp(name + n - m, success_suffixes[i]))
			return true;
	}
	return false;
}

int ddi_zeroing_fill(const char *name)
{
	for (size_t i = 0; name && i < COUNT(zeroing_calls); i++)
		if (!strcmp(name, zeroing_calls[i].name))
			return zeroing_calls[i].fill;
	return -2;
}

int ddi_string_buffer_arg(const char *name)
{
	return listed(empty_string_inits, COUNT(empty_string_inits), name) ? 1 : -1;
}

bool ddi_is_dispatch_table(const char *field)
{
	return listed(dispatch_tables, COUNT(dispatch_tables), field);
}

const char *ddi_flag_macro(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	for (size_t i = 0; n && i < COUNT(flag_macros); i++)
		if (!strncmp(flag_macros[i], name, n) && flag_macros[i][n] == ' ')
			return flag_macros[i];
	return NULL;
}
