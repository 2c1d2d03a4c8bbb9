/*++

Copyright (c) PcapLwf contributors.

Module Name:

    trace.h

Abstract:

    WPP trace configuration.

--*/

#pragma once

#define WPP_CONTROL_GUIDS                                                   \
    WPP_DEFINE_CONTROL_GUID(                                                \
        PcapLwfTraceGuid, (0B2D7C41,8E53,4A19,B6F0,3C9D1E5A7B24),           \
        WPP_DEFINE_BIT(DBG_INIT)                                            \
        WPP_DEFINE_BIT(DBG_FILTER)                                          \
        WPP_DEFINE_BIT(DBG_DEVICE)                                          \
        WPP_DEFINE_BIT(DBG_CAPTURE)                                         \
        )

#define WPP_FLAG_LEVEL_LOGGER(flag, level)  WPP_LEVEL_LOGGER(flag)
#define WPP_FLAG_LEVEL_ENABLED(flag, level) \
    (WPP_LEVEL_ENABLED(flag) && WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags)  WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC DEBUGP{FLAG=DBG_FILTER}(LEVEL, MSG, ...);
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
