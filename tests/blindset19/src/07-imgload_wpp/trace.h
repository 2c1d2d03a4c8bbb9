/*
 * trace.h
 *
 * The real build runs the WPP preprocessor (tracewpp) over the sources and
 * generates imgmon.tmh.  For the quick "no WPP" configuration the macros
 * below compile every trace call away so the driver still builds without
 * the .tmh files.
 *
 * Control GUID: {6b9f0c2e-4a57-4f1a-9d3e-2c8a5e71d0b4}
 */
#pragma once

#ifndef TRACE_LEVEL_NONE
#define TRACE_LEVEL_NONE        0
#define TRACE_LEVEL_CRITICAL    1
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5
#endif

#define TRACE_DRIVER            0x00000001
#define TRACE_NOTIFY            0x00000002
#define TRACE_IOCTL             0x00000004

#ifdef IMGMON_USE_WPP

#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(ImgMonTraceGuid,                           \
        (6b9f0c2e, 4a57, 4f1a, 9d3e, 2c8a5e71d0b4),                    \
        WPP_DEFINE_BIT(TRACE_DRIVER_BIT)                               \
        WPP_DEFINE_BIT(TRACE_NOTIFY_BIT)                               \
        WPP_DEFINE_BIT(TRACE_IOCTL_BIT))

#else

#define WPP_INIT_TRACING(DriverObject, RegistryPath) \
    do { UNREFERENCED_PARAMETER(DriverObject); UNREFERENCED_PARAMETER(RegistryPath); } while (0)
#define WPP_CLEANUP(DriverObject) \
    do { UNREFERENCED_PARAMETER(DriverObject); } while (0)
#define TraceEvents(Level, Flags, Msg, ...)     ((void)0)

#endif
