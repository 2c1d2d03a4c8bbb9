// log.h - poor man's WPP. The real WPP scanner never worked in our
// build setup, so these map the same call sites onto DbgPrintEx.
#pragma once

#include <ntddk.h>

#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5

#define TRACE_DRIVER    0x0001
#define TRACE_QUEUE     0x0002
#define TRACE_WORKER    0x0004

#ifndef JQ_TRACE_FLAGS
#define JQ_TRACE_FLAGS  (TRACE_DRIVER | TRACE_QUEUE | TRACE_WORKER)
#endif

#define TraceEvents(level, flag, fmt, ...)                                  \
    do {                                                                    \
        if ((flag) & JQ_TRACE_FLAGS) {                                      \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID,                                 \
                       (level) <= TRACE_LEVEL_ERROR ? DPFLTR_ERROR_LEVEL    \
                                                    : DPFLTR_INFO_LEVEL,    \
                       "jobq!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__);    \
        }                                                                   \
    } while (0)

#define FuncEntry(flag)  TraceEvents(TRACE_LEVEL_VERBOSE, flag, "%s", "-->")
#define FuncExit(flag, st) TraceEvents(TRACE_LEVEL_VERBOSE, flag, "<-- 0x%08X", (st))
