#pragma once
//
// Tracing. With WPP enabled in the project the macros below are replaced by
// the generated ones (see the .tmh includes); otherwise they map to DbgPrintEx.
//

#ifdef WPP_ENABLED

#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        HeartbeatTraceGuid, (9c2f1b7e, 4d3a, 4a61, 8e25, 6f1d0b9c3a47), \
        WPP_DEFINE_BIT(DBG_INIT)                                        \
        WPP_DEFINE_BIT(DBG_IOCTL)                                       \
        WPP_DEFINE_BIT(DBG_TIMER)                                       \
        )

#define WPP_FLAG_LEVEL_LOGGER(flag, level)  WPP_LEVEL_LOGGER(flag)
#define WPP_FLAG_LEVEL_ENABLED(flag, level) \
    (WPP_LEVEL_ENABLED(flag) && WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)

// begin_wpp config
// FUNC Trace{FLAG=MYDRIVER_ALL_INFO}(LEVEL, MSG, ...);
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp

#else

#define DBG_INIT    0x1
#define DBG_IOCTL   0x2
#define DBG_TIMER   0x4

#ifndef TRACE_LEVEL_ERROR
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5
#endif

#define TraceEvents(level, flags, msg, ...)                                         \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID,                                                 \
               ((level) <= TRACE_LEVEL_WARNING) ? DPFLTR_WARNING_LEVEL : DPFLTR_TRACE_LEVEL, \
               "heartbeat: " msg "\n", __VA_ARGS__)

#endif
