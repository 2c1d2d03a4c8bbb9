/*
 * trace.h - WPP configuration for the usbtherm UMDF driver.
 */

#pragma once

#define USBTHERM_TRACING_ID L"Contoso\\UMDF2.0\\UsbTherm V1.0"

/* {A41E0B67-5C2D-4F19-8B3E-90D6F7C1A254} */
#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        UsbThermTraceGuid, (A41E0B67,5C2D,4F19,8B3E,90D6F7C1A254),      \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                    \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                    \
        WPP_DEFINE_BIT(TRACE_QUEUE)                                     \
        )

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags)  WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
