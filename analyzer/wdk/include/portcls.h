/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <portcls.h> (PortCls audio adapter drivers).
 * mingw-w64's portcls.h parses in kernel mode once TCHAR exists for the
 * ksmedia.h it includes, and once the two WaveRT structures it names, which
 * no mingw-w64 header defines, are declared (written from their reference
 * pages: KSRTAUDIO_HWLATENCY, KSRTAUDIO_HWREGISTER). */
#ifndef ENTRYCHECK_PORTCLS_H
#define ENTRYCHECK_PORTCLS_H
#include <ntddk.h>
#if !defined(_TCHAR_DEFINED) && !defined(_UNICODE) && !defined(UNICODE)
#define _TCHAR_DEFINED
typedef char TCHAR, *PTCHAR;
#elif !defined(_TCHAR_DEFINED)
#define _TCHAR_DEFINED
typedef WCHAR TCHAR, *PTCHAR;
#endif
typedef struct {
	ULONG FifoSize;
	ULONG ChipsetDelay;
	ULONG CodecDelay;
} KSRTAUDIO_HWLATENCY, *PKSRTAUDIO_HWLATENCY;
typedef struct {
	PVOID Register;
	ULONG Width;
	ULONGLONG Numerator;
	ULONGLONG Denominator;
	ULONG Accuracy;
} KSRTAUDIO_HWREGISTER, *PKSRTAUDIO_HWREGISTER;
#include_next <portcls.h>
#endif
