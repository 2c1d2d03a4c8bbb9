/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's wrapper around mingw-w64's ntstrsafe.h, which has the safe
 * string functions over character buffers but none of the UNICODE_STRING
 * family a driver calls in DriverEntry to build device and link names
 * (RtlUnicodeStringPrintf, RtlStringCchCopyUnicodeStringEx, ...): without
 * them those calls were assumed declarations, whose effect no rule could
 * know. Declared from Microsoft's reference of ntstrsafe.h, as plain
 * prototypes (the kit's are inline functions unless NTSTRSAFE_LIB), with
 * ULONG for the kit's DWORD flags, which kernel mode has no typedef of here. */
#include_next <ntstrsafe.h>

#ifndef ENTRYCHECK_NTSTRSAFE_UNICODE_H
#define ENTRYCHECK_NTSTRSAFE_UNICODE_H

#ifndef NTSTRSAFE_UNICODE_STRING_MAX_CCH
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH 32767
#endif
#ifndef STRSAFE_FILL_BEHIND
#define STRSAFE_FILL_BEHIND 0x00000200
#endif
#ifndef STRSAFE_ZERO_LENGTH_ON_FAILURE
#define STRSAFE_ZERO_LENGTH_ON_FAILURE 0x00000800
#endif

#ifdef __cplusplus
extern "C" {
#endif

NTSTATUS NTAPI RtlUnicodeStringInit(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS NTAPI RtlUnicodeStringInitEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc, ULONG dwFlags);
NTSTATUS NTAPI RtlUnicodeStringValidate(PCUNICODE_STRING SourceString);
NTSTATUS NTAPI RtlUnicodeStringValidateEx(PCUNICODE_STRING SourceString, ULONG dwFlags);

NTSTATUS NTAPI RtlUnicodeStringCopyString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS NTAPI RtlUnicodeStringCopyStringEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
					    PUNICODE_STRING RemainingString, ULONG dwFlags);
NTSTATUS NTAPI RtlUnicodeStringCopy(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString);
NTSTATUS NTAPI RtlUnicodeStringCopyEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
				      PUNICODE_STRING RemainingString, ULONG dwFlags);
NTSTATUS NTAPI RtlUnicodeStringCchCopyStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
					      size_t cchToCopy);
NTSTATUS NTAPI RtlUnicodeStringCchCopyStringNEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
						size_t cchToCopy, PUNICODE_STRING RemainingString, ULONG dwFlags);
NTSTATUS NTAPI RtlUnicodeStringCbCopyStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
					     size_t cbToCopy);
NTSTATUS NTAPI RtlUnicodeStringCbCopyStringNEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
					       size_t cbToCopy, PUNICODE_STRING RemainingString, ULONG dwFlags);
NTSTATUS NTAPI RtlUnicodeStringCchCopyN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
					size_t cchToCopy);
NTSTATUS NTAPI RtlUnicodeStringCchCopyNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
					  size_t cchToCopy, PUNICODE_STRING RemainingString, ULONG dwFlags);
NTSTATUS NTAPI RtlUnicodeStringCbCopyN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
				       size_t cbToCopy);
NTSTATUS NTAPI RtlUnicodeStringCbCopyNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
					 size_t cbToCopy, PUNICODE_STRING RemainingString, ULONG dwFlags);

NTSTATUS NTAPI RtlUnicodeStringCatString(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc);
NTSTATUS NTAPI RtlUnicodeStringCatStringEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
					   PUNICODE_STRING RemainingString, ULONG dwFlags);
NTSTATUS NTAPI RtlUnicodeStringCat(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString);
NTSTATUS NTAPI RtlUnicodeStringCatEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
				     PUNICODE_STRING RemainingString, ULONG dwFlags);
NTSTATUS NTAPI RtlUnicodeStringCchCatStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
					     size_t cchToAppend);
NTSTATUS NTAPI RtlUnicodeStringCchCatStringNEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
					       size_t cchToAppend, PUNICODE_STRING RemainingString, ULONG dwFlags);
NTSTATUS NTAPI RtlUnicodeStringCbCatStringN(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
					    size_t cbToAppend);
NTSTATUS NTAPI RtlUnicodeStringCbCatStringNEx(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszSrc,
					      size_t cbToAppend, PUNICODE_STRING RemainingString, ULONG dwFlags);
NTSTATUS NTAPI RtlUnicodeStringCchCatN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
				       size_t cchToAppend);
NTSTATUS NTAPI RtlUnicodeStringCchCatNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
					 size_t cchToAppend, PUNICODE_STRING RemainingString, ULONG dwFlags);
NTSTATUS NTAPI RtlUnicodeStringCbCatN(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
				      size_t cbToAppend);
NTSTATUS NTAPI RtlUnicodeStringCbCatNEx(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString,
					size_t cbToAppend, PUNICODE_STRING RemainingString, ULONG dwFlags);

NTSTATUS RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTATUS RtlUnicodeStringPrintfEx(PUNICODE_STRING DestinationString, PUNICODE_STRING RemainingString,
				  ULONG dwFlags, NTSTRSAFE_PCWSTR pszFormat, ...);
NTSTATUS NTAPI RtlUnicodeStringVPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat,
				       va_list argList);
NTSTATUS NTAPI RtlUnicodeStringVPrintfEx(PUNICODE_STRING DestinationString, PUNICODE_STRING RemainingString,
					 ULONG dwFlags, NTSTRSAFE_PCWSTR pszFormat, va_list argList);

NTSTATUS NTAPI RtlStringCchCopyUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cchDest, PCUNICODE_STRING SourceString);
NTSTATUS NTAPI RtlStringCchCopyUnicodeStringEx(NTSTRSAFE_PWSTR pszDest, size_t cchDest, PCUNICODE_STRING SourceString,
					       NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, ULONG dwFlags);
NTSTATUS NTAPI RtlStringCbCopyUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cbDest, PCUNICODE_STRING SourceString);
NTSTATUS NTAPI RtlStringCbCopyUnicodeStringEx(NTSTRSAFE_PWSTR pszDest, size_t cbDest, PCUNICODE_STRING SourceString,
					      NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, ULONG dwFlags);
NTSTATUS NTAPI RtlStringCchCatUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cchDest, PCUNICODE_STRING SourceString);
NTSTATUS NTAPI RtlStringCchCatUnicodeStringEx(NTSTRSAFE_PWSTR pszDest, size_t cchDest, PCUNICODE_STRING SourceString,
					      NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcchRemaining, ULONG dwFlags);
NTSTATUS NTAPI RtlStringCbCatUnicodeString(NTSTRSAFE_PWSTR pszDest, size_t cbDest, PCUNICODE_STRING SourceString);
NTSTATUS NTAPI RtlStringCbCatUnicodeStringEx(NTSTRSAFE_PWSTR pszDest, size_t cbDest, PCUNICODE_STRING SourceString,
					     NTSTRSAFE_PWSTR *ppszDestEnd, size_t *pcbRemaining, ULONG dwFlags);

#ifdef __cplusplus
}
#endif

#endif /* ENTRYCHECK_NTSTRSAFE_UNICODE_H */
