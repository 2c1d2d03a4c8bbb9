#pragma once

//
// WPP control GUID for cyclepad: {7C0D3E95-2B41-4A6E-9F18-B5C3A07E2D64}
//
#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        CyclePadTraceGuid, (7c0d3e95,2b41,4a6e,9f18,b5c3a07e2d64),      \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                    \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                    \
        WPP_DEFINE_BIT(TRACE_READER)                                    \
        WPP_DEFINE_BIT(TRACE_QUEUE)                                     \
        )

#define WPP_LEVEL_FLAGS_LOGGER(lvl,flags)   WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
