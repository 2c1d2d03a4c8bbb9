/*
 * ramlog - tracing helpers shared by the KMDF and WDM builds.
 *
 * The WPP build (USE_WPP) generates *.tmh files from these definitions; the
 * plain build routes everything through DbgPrintEx.
 */
#pragma once

#define TRACE_LEVEL_NONE        0
#define TRACE_LEVEL_CRITICAL    1
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5

#define TRACE_DRIVER  0x0001
#define TRACE_DEVICE  0x0002
#define TRACE_QUEUE   0x0004

#ifdef USE_WPP

#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(RamLogTraceGuid,                            \
        (5b1d0a52, 8a3e, 4c7e, 9f61, 2d7a93c0e4b1),                     \
        WPP_DEFINE_BIT(DBG_DRIVER)                                      \
        WPP_DEFINE_BIT(DBG_DEVICE)                                      \
        WPP_DEFINE_BIT(DBG_QUEUE))

// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// FUNC RETURN_STATUS_TRACE{LEVEL=TRACE_LEVEL_ERROR, FLAGS=TRACE_DRIVER}(STATUS);
// USESUFFIX(RETURN_STATUS_TRACE, "%!FUNC! -> %!STATUS!", STATUS);
// end_wpp

#else  // !USE_WPP

#define WPP_INIT_TRACING(_drv, _reg)   ((void)(_drv), (void)(_reg))
#define WPP_CLEANUP(_drv)              ((void)(_drv))

#define TraceEvents(_level, _flags, _fmt, ...)                                  \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID,                                             \
               ((_level) <= TRACE_LEVEL_ERROR) ? DPFLTR_ERROR_LEVEL : DPFLTR_INFO_LEVEL, \
               "ramlog: " _fmt "\n", __VA_ARGS__)

//
// Records the status a function is about to give back to its caller.
//
#define RETURN_STATUS_TRACE(_status)                                            \
    TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "%s -> 0x%08X", __FUNCTION__, (_status))

#endif // USE_WPP

//
// Unlike RETURN_STATUS_TRACE, this one leaves the function.
//
#define NT_RETURN_IF_FAILED(_expr)                                              \
    do {                                                                        \
        NTSTATUS __s = (_expr);                                                 \
        if (!NT_SUCCESS(__s)) {                                                 \
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "%s failed 0x%08X", #_expr, __s); \
            return __s;                                                         \
        }                                                                       \
    } while (0)
