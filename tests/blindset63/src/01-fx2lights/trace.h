/*
 * trace.h - WPP configuration for fx2lights
 *
 * Control GUID {8c3f1d2a-6b4e-4f0a-9d71-2e5c0a9b7f13}
 * tracelog -start fx2 -guid #8c3f1d2a-6b4e-4f0a-9d71-2e5c0a9b7f13 -flag 0xF -level 5
 */
#pragma once

#define WPP_CONTROL_GUIDS                                                  \
    WPP_DEFINE_CONTROL_GUID(                                               \
        Fx2LightsTraceGuid, (8c3f1d2a,6b4e,4f0a,9d71,2e5c0a9b7f13),         \
        WPP_DEFINE_BIT(DBG_INIT)        /* bit  0 = 0x00000001 */          \
        WPP_DEFINE_BIT(DBG_PNP)         /* bit  1 = 0x00000002 */          \
        WPP_DEFINE_BIT(DBG_IOCTL)       /* bit  2 = 0x00000004 */          \
        WPP_DEFINE_BIT(DBG_USB)         /* bit  3 = 0x00000008 */          \
        )

#define WPP_FLAG_LEVEL_LOGGER(flag, level)   WPP_LEVEL_LOGGER(flag)
#define WPP_FLAG_LEVEL_ENABLED(flag, level)                                \
    (WPP_LEVEL_ENABLED(flag) &&                                            \
     WPP_CONTROL(WPP_BIT_ ## flag).Level >= level)

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags)   WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags)                                \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
