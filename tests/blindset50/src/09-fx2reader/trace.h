/*
 * trace.h - WPP setup for fx2reader
 */
#pragma once

#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        Fx2ReaderTraceGuid, (b2e4f6a8,1c3d,4e5f,a0b1,c2d3e4f5a6b7),    \
        WPP_DEFINE_BIT(DBG_INIT)                                       \
        WPP_DEFINE_BIT(DBG_PNP)                                        \
        WPP_DEFINE_BIT(DBG_IO)                                         \
        )

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags)   WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags)                            \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
