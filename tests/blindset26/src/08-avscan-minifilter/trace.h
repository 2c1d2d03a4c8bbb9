/*++

Module Name:    trace.h

Abstract:       WPP-style trace macros for AvScan (debugger backend; filter
                with "ed nt!Kd_IHVDRIVER_Mask").
--*/

#pragma once

#define AV_TRACE_ERROR      DPFLTR_ERROR_LEVEL
#define AV_TRACE_INFO       DPFLTR_INFO_LEVEL
#define AV_TRACE_VERBOSE    (DPFLTR_INFO_LEVEL + 1)

#define AvTrace(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (_lvl), "AvScan!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)

#define AvTraceError(_fmt, ...)     AvTrace(AV_TRACE_ERROR, _fmt, __VA_ARGS__)
#define AvTraceInfo(_fmt, ...)      AvTrace(AV_TRACE_INFO, _fmt, __VA_ARGS__)
#define AvTraceVerbose(_fmt, ...)   AvTrace(AV_TRACE_VERBOSE, _fmt, __VA_ARGS__)

//
// Evaluate an NTSTATUS expression; on failure trace it and jump to the
// unwind label. Keeps the DriverEntry ladder flat.
//
#define AV_CHECK_GOTO(_expr, _status, _label)                               \
    do {                                                                    \
        (_status) = (_expr);                                                \
        if (!NT_SUCCESS(_status)) {                                         \
            AvTraceError("%s failed: 0x%08X", #_expr, (_status));           \
            goto _label;                                                    \
        }                                                                   \
    } while (0)
