/* SPDX-License-Identifier: Apache-2.0 */
/* Kernel routines that cannot fail with the arguments a call gives them,
 * from their documentation: a table of routines, each with the test of its
 * arguments. */
#include "facts/nofail.h"

#include <string.h>

long facts_literal_chars(const char *t)
{
	long n = 0;
	bool any = false;
	while (t && *t) {
		t += strspn(t, "LuU8");
		if (*t++ != '"')
			return -1;
		for (; *t && *t != '"'; n++) {
			if (*t++ != '\\')
				continue;
			if (*t == 'x')
				t += 1 + strspn(t + 1, "0123456789abcdefABCDEF");
			else if (*t >= '0' && *t <= '7')
				t += strspn(t, "01234567") > 3 ? 3 : strspn(t, "01234567");
			else if (*t)
				t++;
		}
		if (*t++ != '"')
			return -1;
		any = true;
	}
	return any ? n : -1;
}

/* Argument `i` (1-based) as a constant (0 for NULL), or false. */
static bool constant_arg(const struct cfg_call *call, size_t i, long long *out)
{
	if (i < 1 || i > call->nargs)
		return false;
	const struct cfg_value *v = &call->args[i - 1];
	if (v->kind != VALUE_CONSTANT && v->kind != VALUE_NULL)
		return false;
	*out = v->kind == VALUE_CONSTANT ? v->number : 0;
	return true;
}

/* ExInitializeLookasideListEx fails only on an invalid pool type or an
 * invalid combination of flags (its two EX_LOOKASIDE_LIST_EX_FLAGS_ are
 * exclusive): NonPagedPool, PagedPool, their cache-aligned and Nx kinds,
 * with 0, RAISE_ON_FAIL (1) or FAIL_NO_RAISE (2), succeed. */
static bool lookaside_valid(const struct cfg_call *call)
{
	static const long long pools[] = { 0, 1, 4, 5, 512, 516 };
	long long pool, flags;
	if (!constant_arg(call, 4, &pool) || !constant_arg(call, 5, &flags) || flags < 0 || flags > 2)
		return false;
	for (size_t i = 0; i < sizeof(pools) / sizeof(pools[0]); i++)
		if (pool == pools[i])
			return true;
	return false;
}

/* A string copy (destination, size, source) whose source is a literal that,
 * with its NUL, fits the constant size: `bytes` per unit of the size and
 * character (RtlStringCchCopyW counts characters; RtlStringCbCopyW bytes of
 * two per character). */
static bool literal_fits(const struct cfg_call *call, long bytes)
{
	long long size;
	if (call->nargs < 3 || !constant_arg(call, 2, &size) || call->args[2].kind != VALUE_STRING)
		return false;
	const struct cfg_value *source = &call->args[2];
	long n = facts_literal_chars(source->name ? source->name : source->text);
	return n >= 0 && (n + 1) * (long long)bytes <= size;
}

/* The same when the source is an array no longer than the size: a string
 * it holds (a NUL within it) fits with its NUL (`WCHAR alt[64]` copied
 * into a 64-character buffer). */
static bool array_fits(const struct cfg_call *call, long bytes)
{
	long long size;
	const struct cfg_value *source = call->nargs >= 3 ? &call->args[2] : NULL;
	return source && source->kind == VALUE_PLACE && source->array_length > 0 && constant_arg(call, 2, &size) &&
	       source->array_length * bytes <= size;
}

static bool copy_fits_chars(const struct cfg_call *call)
{
	return literal_fits(call, 1) || array_fits(call, 1);
}

static bool copy_fits_wide_bytes(const struct cfg_call *call)
{
	return literal_fits(call, 2) || array_fits(call, 2);
}

/* A wait returns only success statuses (STATUS_SUCCESS, STATUS_TIMEOUT,
 * STATUS_ALERTED, STATUS_USER_APC, a STATUS_WAIT_n or STATUS_ABANDONED_WAIT_n):
 * what it returns is never a failure a caller must undo. */
static bool always(const struct cfg_call *call)
{
	(void)call;
	return true;
}

static const struct {
	const char *name;
	bool (*valid)(const struct cfg_call *call);
} NOFAIL[] = {
	{ "ExInitializeLookasideListEx", lookaside_valid },
	{ "KeWaitForSingleObject", always },
	{ "KeWaitForMultipleObjects", always },
	{ "KeWaitForMutexObject", always },
	{ "KeDelayExecutionThread", always },
	{ "RtlStringCchCopyA", copy_fits_chars },
	{ "RtlStringCchCopyW", copy_fits_chars },
	{ "RtlStringCbCopyA", copy_fits_chars },
	{ "RtlStringCbCopyW", copy_fits_wide_bytes },
};

bool facts_references_thread_handle(const struct cfg_call *call)
{
	if (!call || !call->callee || call->nargs < 5 ||
	    (strcmp(call->callee, "ObReferenceObjectByHandle") && strcmp(call->callee, "ObReferenceObjectByHandleWithTag")))
		return false;
	const struct cfg_value *type = &call->args[2], *mode = &call->args[3];
	bool thread_type = type->kind == VALUE_NULL || (type->text && !strcmp(type->text, "*PsThreadType"));
	return thread_type && mode->text && !strcmp(mode->text, "KernelMode");
}

bool facts_thread_creation(const struct cfg_call *call)
{
	return call && call->callee &&
	       (!strcmp(call->callee, "PsCreateSystemThread") || !strcmp(call->callee, "IoCreateSystemThread"));
}

bool facts_call_cannot_fail(const struct cfg_call *call)
{
	if (!call || !call->callee)
		return false;
	for (size_t i = 0; i < sizeof(NOFAIL) / sizeof(NOFAIL[0]); i++)
		if (!strcmp(call->callee, NOFAIL[i].name))
			return NOFAIL[i].valid(call);
	return false;
}
