// trace.h - WPP-looking macros without WPP
#pragma once

#include <ntddk.h>

#define PG_TRACE_NAME   "procguard"

enum class TraceLevel : ULONG { Error = DPFLTR_ERROR_LEVEL, Warn = DPFLTR_WARNING_LEVEL,
                                Info = DPFLTR_INFO_LEVEL, Verbose = DPFLTR_TRACE_LEVEL };

#define DoTraceMessage(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, static_cast<ULONG>(lvl), \
               PG_TRACE_NAME "!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

#define TraceError(fmt, ...)    DoTraceMessage(TraceLevel::Error, fmt, __VA_ARGS__)
#define TraceInfo(fmt, ...)     DoTraceMessage(TraceLevel::Info, fmt, __VA_ARGS__)
#define TraceVerbose(fmt, ...)  DoTraceMessage(TraceLevel::Verbose, fmt, __VA_ARGS__)

#define RETURN_IF_FAILED(expr, label)                                   \
    do {                                                                \
        status = (expr);                                                \
        if (!NT_SUCCESS(status)) {                                      \
            TraceError("%s -> 0x%08X", #expr, status);                  \
            goto label;                                                 \
        }                                                               \
    } while (0)
