/*
 * trace.h - WPP setup. tracelog -start mf -guid #6a1f0b37-4c52-4d8e-9b2a-71e0c4d3f598 -flag 0x7 -level 5
 */
#pragma once

#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        MouseFiltTraceGuid, (6a1f0b37,4c52,4d8e,9b2a,71e0c4d3f598),     \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                    \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                    \
        WPP_DEFINE_BIT(TRACE_INPUT)                                     \
        )

#define WPP_FLAG_LEVEL_LOGGER(flag, level)   WPP_LEVEL_LOGGER(flag)
#define WPP_FLAG_LEVEL_ENABLED(flag, level)                             \
    (WPP_LEVEL_ENABLED(flag) && WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags)   WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags)                             \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
