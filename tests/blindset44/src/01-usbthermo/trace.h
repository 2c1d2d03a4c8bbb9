// trace.h - WPP tracing definitions for the UT-100 (c) Tempora Instruments

#pragma once

//
// {5B0F2C7E-6A3D-4E4F-9C21-8D7A3E10B4C2}
//
#define WPP_CONTROL_GUIDS                                                   \
    WPP_DEFINE_CONTROL_GUID(                                                \
        UsbThermoTraceGuid, (5B0F2C7E,6A3D,4E4F,9C21,8D7A3E10B4C2),         \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                        \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                        \
        WPP_DEFINE_BIT(TRACE_QUEUE)                                         \
        WPP_DEFINE_BIT(TRACE_READER)                                        \
        )

#define WPP_LEVEL_FLAGS_LOGGER(lvl,flags) \
           WPP_LEVEL_LOGGER(flags)

#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
           (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
