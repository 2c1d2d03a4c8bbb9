// trace.h - WPP configuration for pcdaq.
#pragma once

// {A3E6C1F2-7B44-4C0F-9E51-2D8B6F03A917}
#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        PcdTraceGuid, (A3E6C1F2,7B44,4C0F,9E51,2D8B6F03A917),           \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                    \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                    \
        WPP_DEFINE_BIT(TRACE_QUEUE)                                     \
        WPP_DEFINE_BIT(TRACE_DMA)                                       \
        WPP_DEFINE_BIT(TRACE_INTERRUPT)                                 \
        )

#define WPP_FLAG_LEVEL_LOGGER(flag, level)  WPP_LEVEL_LOGGER(flag)
#define WPP_FLAG_LEVEL_ENABLED(flag, level) \
    (WPP_LEVEL_ENABLED(flag) && WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags)  WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
