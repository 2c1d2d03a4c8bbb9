/*
 * trace.h - poor man's WPP. Same call shape as the WPP TraceEvents macro so
 * we can switch to real WPP later without touching the call sites.
 */
#pragma once

#define TRACE_LEVEL_CRITICAL    1
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5

#define DBG_INIT    0x0001
#define DBG_PNP     0x0002
#define DBG_IO      0x0004

extern ULONG KvDebugLevel;

#define TraceEvents(lvl, flag, fmt, ...)                                     \
    do {                                                                     \
        if ((lvl) <= KvDebugLevel) {                                         \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,              \
                       "kvdisk[%02x]: " fmt "\n", (flag), __VA_ARGS__);      \
        }                                                                    \
    } while (0)
