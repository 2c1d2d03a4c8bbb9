/*++

Copyright (c) Fabrikam Instruments.  All rights reserved.

Module Name:

    trace.h

Abstract:

    Trace plumbing for the DAQ-4000 function driver.

    The signed release build uses WPP (the generated .tmh files are not
    part of this tree).  This header provides source-compatible macros so
    the driver also builds without the WPP preprocessor: WPP_INIT_TRACING
    and WPP_CLEANUP become no-ops and TraceEvents becomes a DbgPrintEx
    wrapper filtered by level.

--*/

#pragma once

//
// Trace levels (evntrace.h values).
//
#ifndef TRACE_LEVEL_NONE
#define TRACE_LEVEL_NONE        0
#define TRACE_LEVEL_CRITICAL    1
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5
#endif

//
// Trace flags.
//
#define TRACE_DRIVER    0x00000001
#define TRACE_DEVICE    0x00000002
#define TRACE_QUEUE     0x00000004
#define TRACE_INTERRUPT 0x00000008
#define TRACE_HW        0x00000010

#if defined(DAQ_USE_WPP)

//
// Real WPP: the control GUID and the tmh includes live in the product
// build's private header.
//
#include "daq_wpp.h"

#else

#define WPP_INIT_TRACING(_DriverObject, _RegistryPath)  \
    do { UNREFERENCED_PARAMETER(_DriverObject); UNREFERENCED_PARAMETER(_RegistryPath); } while (0)

#define WPP_CLEANUP(_DriverObject)                      \
    do { UNREFERENCED_PARAMETER(_DriverObject); } while (0)

extern ULONG DaqTraceLevel;

#if DBG
#define TraceEvents(_level, _flags, _fmt, ...)                                      \
    do {                                                                            \
        if ((_level) <= DaqTraceLevel) {                                            \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,                      \
                       "daq4k[%02x]: " _fmt "\n", (ULONG)(_flags), ##__VA_ARGS__);   \
        }                                                                           \
    } while (0)
#else
#define TraceEvents(_level, _flags, _fmt, ...) ((void)0)
#endif

#endif // DAQ_USE_WPP
