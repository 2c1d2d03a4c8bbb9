/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <wdm.h>.  It defers to mingw-w64's DDK wdm.h for the
 * generic kernel API and only repairs what stops mingw's header from parsing
 * as C++, then adds the SAL macros and documented DDIs mingw lacks. */
#ifndef ENTRYCHECK_WDM_H
#define ENTRYCHECK_WDM_H

#if defined(__cplusplus)
/* mingw's wdm.h defines static inline InterlockedBitTestAndSet/Reset although
 * intrin.h (which wdm.h includes first) already defined them as extern
 * inline; C accepts the pair, C++ rejects it ("redefinition of a 'extern
 * inline' function").  Normally intrin.h has not been read yet: mark the two
 * intrinsics as already defined so intrin.h skips them and wdm.h's
 * definitions are the only ones.  If intrin.h came first, park wdm.h's copies
 * under other names instead. */
#if !defined(__INTRINSIC_DEFINED_InterlockedBitTestAndSet) && \
    !defined(__INTRINSIC_DEFINED_InterlockedBitTestAndReset)
#define __INTRINSIC_DEFINED_InterlockedBitTestAndSet
#define __INTRINSIC_DEFINED_InterlockedBitTestAndReset
#else
#define ENTRYCHECK_WDM_RENAMED_BITTEST 1
#define InterlockedBitTestAndSet   entrycheck_mingw_wdm_InterlockedBitTestAndSet
#define InterlockedBitTestAndReset entrycheck_mingw_wdm_InterlockedBitTestAndReset
#endif
#endif

/* mingw's wdm.h tests NTDDI_WINVISTA, which its sdkddkver.h never defines
 * (it has NTDDI_VISTA): read as 0, a driver built for an NTDDI_VERSION before
 * Vista got a member of a type wdm.h declares only from Vista on, and the
 * header model failed to parse (and to precompile). */
#ifndef NTDDI_WINVISTA
#define NTDDI_WINVISTA 0x06000000 /* NTDDI_VISTA */
#endif

/* The kit declares the executive's thread and process as the kernel's
 * (`typedef struct _KTHREAD *PKTHREAD, *PRKTHREAD, *PETHREAD;`, the same for
 * _KPROCESS and PEPROCESS), so C++ passes a PETHREAD to KeSetPriorityThread;
 * mingw's are distinct structures. Its typedefs are read with the kit's tags. */
#define _ETHREAD _KTHREAD
#define _EPROCESS _KPROCESS
#if defined(ENTRYCHECK_WDM_RENAMED_BITTEST)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wmacro-redefined"   /* wdm.h re-#defines them */
#include_next <wdm.h>
#pragma clang diagnostic pop
#else
#include_next <wdm.h>
#endif

#undef _ETHREAD
#undef _EPROCESS

#if defined(ENTRYCHECK_WDM_RENAMED_BITTEST)
#undef InterlockedBitTestAndSet
#undef InterlockedBitTestAndReset
#endif

#include <entrycheck/sal-extra.h>
#include <entrycheck/wdm-extra.h>
#include <entrycheck/msvc.h>
#include <entrycheck/seh.h>

#endif /* ENTRYCHECK_WDM_H */
