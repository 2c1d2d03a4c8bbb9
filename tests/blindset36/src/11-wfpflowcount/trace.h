//
// trace.h - WPP control GUID and TraceEvents for flowcount
//
#pragma once

#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        FlowCountTraceGuid, (e2b7a4d9,31c5,4f86,b0d3,8a19c6e45f27),     \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                    \
        WPP_DEFINE_BIT(TRACE_WFP)                                       \
        WPP_DEFINE_BIT(TRACE_IOCTL)                                     \
        )

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags) WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
