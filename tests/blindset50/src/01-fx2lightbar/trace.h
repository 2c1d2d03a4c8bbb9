/*
 * trace.h - WPP tracing definitions for the FX2 light bar driver
 */
#pragma once

#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        LightBarTraceGuid, (6d1b7c0e,3a52,4f19,8c2e,91a4f0d7b35c),     \
        WPP_DEFINE_BIT(DBG_INIT)                                       \
        WPP_DEFINE_BIT(DBG_PNP)                                        \
        WPP_DEFINE_BIT(DBG_IOCTL)                                      \
        )

#define WPP_FLAG_LEVEL_LOGGER(flag, level)   WPP_LEVEL_LOGGER(flag)
#define WPP_FLAG_LEVEL_ENABLED(flag, level)                            \
    (WPP_LEVEL_ENABLED(flag) &&                                        \
     WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags)   WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags)                            \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
