#pragma once
// Poor man's WPP: same call shape as the generated TraceEvents macro so the
// code can be switched to real WPP later without touching call sites.

#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5

#define DBG_INIT    0x1
#define DBG_FILTER  0x2
#define DBG_IOCTL   0x4

#ifndef LWFCTL_TRACE_MASK
#define LWFCTL_TRACE_MASK (DBG_INIT | DBG_FILTER | DBG_IOCTL)
#endif

#define TraceEvents(level, flag, fmt, ...)                                  \
    do {                                                                    \
        if ((flag) & LWFCTL_TRACE_MASK) {                                   \
            DbgPrintEx(DPFLTR_IHVNETWORK_ID,                                \
                       (level) <= TRACE_LEVEL_ERROR ? DPFLTR_ERROR_LEVEL    \
                                                    : DPFLTR_TRACE_LEVEL,   \
                       "lwfctl: " fmt "\n", __VA_ARGS__);                   \
        }                                                                   \
    } while (0)
