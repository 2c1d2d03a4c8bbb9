//
// trace.h - tracing for bkpmon
//
// The release build is WPP-instrumented (see bkpmon.tmh); the dev build goes
// through the DbgPrintEx shim so it can be read in DbgView without tracefmt.
//
#pragma once

#ifdef BKP_USE_WPP

#define WPP_CONTROL_GUIDS                                                    \
    WPP_DEFINE_CONTROL_GUID(BkpMonTraceGuid,                                 \
        (6b0a3f3c,9d1e,4c3a,8f11,2a4e6c5d7b90),                              \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                         \
        WPP_DEFINE_BIT(TRACE_INSTANCE)                                       \
        WPP_DEFINE_BIT(TRACE_JOURNAL))

#define WPP_FLAG_LEVEL_LOGGER(flag, level)  WPP_LEVEL_LOGGER(flag)
#define WPP_FLAG_LEVEL_ENABLED(flag, level) \
    (WPP_LEVEL_ENABLED(flag) && WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)

#else // !BKP_USE_WPP

#ifndef TRACE_LEVEL_ERROR
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5
#endif

#define TRACE_DRIVER    0x01
#define TRACE_INSTANCE  0x02
#define TRACE_JOURNAL   0x04

#define TraceEvents(level, flag, fmt, ...)                                   \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID,                                          \
               ((level) <= TRACE_LEVEL_WARNING) ? DPFLTR_ERROR_LEVEL         \
                                                : DPFLTR_INFO_LEVEL,         \
               "[bkpmon:%02x] " fmt "\n", (flag), __VA_ARGS__)

#endif // BKP_USE_WPP
