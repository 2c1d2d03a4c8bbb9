/*
 * trace.h - poor man's WPP. The real WPP build broke on the CI box,
 * so these expand to DbgPrintEx. Keep the call sites WPP-shaped so we can
 * switch back by defining USE_WPP and regenerating the .tmh files.
 */
#pragma once

#ifdef USE_WPP
#define WPP_CONTROL_GUIDS \
    WPP_DEFINE_CONTROL_GUID(ScanPortTraceGuid, (6c1f4a0e,3b9d,4e77,9a21,5d0c8e3f7b12), \
        WPP_DEFINE_BIT(DBG_INIT) \
        WPP_DEFINE_BIT(DBG_PORT) \
        WPP_DEFINE_BIT(DBG_SCAN))
#else
#define TRACE_LEVEL_CRITICAL    1
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5

#define DBG_INIT 0x00000001
#define DBG_PORT 0x00000002
#define DBG_SCAN 0x00000004

extern ULONG g_TraceLevel;
extern ULONG g_TraceFlags;

#define TraceEvents(level, flags, msg, ...)                                     \
    do {                                                                        \
        if ((level) <= g_TraceLevel && ((flags) & g_TraceFlags)) {              \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,                 \
                       "scanport: " msg "\n", __VA_ARGS__);                     \
        }                                                                       \
    } while (0)

#define WPP_INIT_TRACING(drv, reg)  ((void)(drv), (void)(reg))
#define WPP_CLEANUP(drv)            ((void)(drv))
#endif
