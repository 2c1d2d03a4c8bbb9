#pragma once
//
// trace.h - WPP is disabled in this build configuration (no tracewpp step in
// the community build), so the WPP macros are mapped onto DbgPrintEx.
//

#ifndef TRACE_LEVEL_ERROR
#define TRACE_LEVEL_NONE        0
#define TRACE_LEVEL_CRITICAL    1
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5
#endif

#define TRACE_DRIVER    0x0001
#define TRACE_CONTROL   0x0002
#define TRACE_NOTIFY    0x0004

#define WPP_INIT_TRACING(DriverObject, RegistryPath)  \
    UNREFERENCED_PARAMETER(DriverObject)
#define WPP_CLEANUP(DriverObject)  \
    UNREFERENCED_PARAMETER(DriverObject)

#define TraceEvents(level, flags, fmt, ...)                                         \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID,                                                 \
               ((level) <= TRACE_LEVEL_ERROR) ? DPFLTR_ERROR_LEVEL : DPFLTR_INFO_LEVEL, \
               "acguard[%x]: " fmt "\n", (flags), __VA_ARGS__)
