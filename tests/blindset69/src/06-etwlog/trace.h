#pragma once
//
// WPP configuration for etwlog
//
// {0B7C1E52-7D3A-4F7B-A6C1-3E0A9F1D2B44}
#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        EtwLogTraceGuid, (0B7C1E52,7D3A,4F7B,A6C1,3E0A9F1D2B44),      \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                   \
        WPP_DEFINE_BIT(TRACE_EVENTS)                                   \
        WPP_DEFINE_BIT(TRACE_IOCTL)                                    \
        )

#define WPP_FLAG_LEVEL_LOGGER(flag, level)  WPP_LEVEL_LOGGER(flag)
#define WPP_FLAG_LEVEL_ENABLED(flag, level) \
    (WPP_LEVEL_ENABLED(flag) && WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)

//
// begin_wpp config
// FUNC Trace{FLAG=TRACE_DRIVER}(LEVEL, MSG, ...);
// FUNC TraceEvents(LEVEL, FLAG, MSG, ...);
// end_wpp
//
