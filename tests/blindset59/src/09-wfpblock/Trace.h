#pragma once
//
// WPP configuration. tracewpp generates <file>.tmh from this; every .cpp
// that traces includes its own .tmh after this header.
//
// Control GUID {7b1c9d52-3e04-4a6f-b8d1-05c2e9a4f317}
//
#define WPP_CONTROL_GUIDS                                                   \
    WPP_DEFINE_CONTROL_GUID(                                                \
        WfpBlockTraceGuid, (7b1c9d52, 3e04, 4a6f, b8d1, 05c2e9a4f317),      \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                        \
        WPP_DEFINE_BIT(TRACE_CALLOUT)                                       \
        WPP_DEFINE_BIT(TRACE_CONFIG)                                        \
        )

#define WPP_FLAG_LEVEL_LOGGER(flag, level)   WPP_LEVEL_LOGGER(flag)
#define WPP_FLAG_LEVEL_ENABLED(flag, level)  \
    (WPP_LEVEL_ENABLED(flag) && WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags)   WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags)  \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
