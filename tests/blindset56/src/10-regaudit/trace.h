#pragma once

//
// WPP-looking trace macros. The real WPP build was dropped because the
// test VMs had no TMF files around; these keep the same call sites.
//

#define TRACE_LEVEL_ERROR       DPFLTR_ERROR_LEVEL
#define TRACE_LEVEL_WARNING     DPFLTR_WARNING_LEVEL
#define TRACE_LEVEL_INFORMATION DPFLTR_INFO_LEVEL
#define TRACE_LEVEL_VERBOSE     DPFLTR_TRACE_LEVEL

#define TRACE_DRIVER    0x0001
#define TRACE_CALLBACK  0x0002
#define TRACE_QUEUE     0x0004
#define TRACE_IOCTL     0x0008

#define TraceEvents(level, flags, msg, ...)                                   \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, level, "regaudit[%02x] %s: " msg "\n",    \
               (ULONG)(flags), __FUNCTION__, __VA_ARGS__)

#define WPP_INIT_TRACING(drv, reg)   ((void)(drv), (void)(reg))
#define WPP_CLEANUP(drv)             ((void)(drv))
