/*
 * trace.h - the control GUID and flags of this driver's WPP tracing; the
 * trace functions are configured in wppconfig.h, which the build names.
 */

#pragma once

#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        PwrSeqTraceGuid, (2A3B4C5D,6E7F,4081,92A3,B4C5D6E7F809),       \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                   \
        )

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags)  WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)
