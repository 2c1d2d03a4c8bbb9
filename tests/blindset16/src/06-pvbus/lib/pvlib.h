/*
 * pvlib.h - helpers linked into every PV driver (pvbus.sys, pvballoon.sys).
 *
 * Copyright (c) PV Drivers for Windows contributors.
 * SPDX-License-Identifier: BSD-2-Clause
 */

#ifndef _PVLIB_H
#define _PVLIB_H

#include <ntddk.h>
#include <intrin.h>

#define PV_HV_CPUID_BASE        0x40000000
#define PV_HV_SIGNATURE         "PVHVPVHVPVHV"
#define PV_MSR_HYPERCALL        0x40000001
#define PV_MSR_HYPERCALL_ENABLE 0x1ULL

#define PV_HC_VERSION           0
#define PV_HC_MEMORY_OP         1
#define PV_HC_EVTCHN_OP         2
#define PV_HC_SHARED_INFO       3

#define PV_LIB_TAG              'biLP'

/*
 * Logging: every driver prefixes its own component name.
 */
typedef enum _PV_LOG_LEVEL {
    PV_LOG_ERROR = 0,
    PV_LOG_WARNING,
    PV_LOG_INFO,
    PV_LOG_TRACE
} PV_LOG_LEVEL;

VOID
PvLogPrint(
    _In_ PV_LOG_LEVEL Level,
    _In_z_ PCSTR Function,
    _In_z_ _Printf_format_string_ PCSTR Format,
    ...
    );

#define PV_ERROR(...)   PvLogPrint(PV_LOG_ERROR, __FUNCTION__, __VA_ARGS__)
#define PV_WARN(...)    PvLogPrint(PV_LOG_WARNING, __FUNCTION__, __VA_ARGS__)
#define PV_INFO(...)    PvLogPrint(PV_LOG_INFO, __FUNCTION__, __VA_ARGS__)
#define PV_TRACE(...)   PvLogPrint(PV_LOG_TRACE, __FUNCTION__, __VA_ARGS__)

#define PV_FAIL_IF(_cond, _status, _label)          \
    do {                                            \
        if (_cond) {                                \
            status = (_status);                     \
            PV_ERROR("%s -> %08x", #_cond, status); \
            goto _label;                            \
        }                                           \
    } while (FALSE)

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
PvLogInit(
    _In_ PCUNICODE_STRING RegistryPath,
    _In_z_ PCSTR Component
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
PvLogFini(
    VOID
    );

/*
 * Hypercall page.
 */
typedef struct _PV_HYPERCALL {
    PVOID               Page;
    PHYSICAL_ADDRESS    PagePa;
    ULONG               Version;
    BOOLEAN             Enabled;
} PV_HYPERCALL, *PPV_HYPERCALL;

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
PvHypercallInit(
    _Out_ PPV_HYPERCALL Hypercall
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
PvHypercallFini(
    _Inout_ PPV_HYPERCALL Hypercall
    );

LONG_PTR
PvHypercall2(
    _In_ PPV_HYPERCALL Hypercall,
    _In_ ULONG Op,
    _In_ ULONG_PTR Arg1,
    _In_ ULONG_PTR Arg2
    );

#endif /* _PVLIB_H */
