// trace.h - WPP debug tracing for hvaudit (developer traces only; the
// product events go through the manifest-free ETW providers in
// telemetry.cpp).
#pragma once

// {4D1B9A63-0E7C-48F5-A2D0-6B3C81E95F20}
#define WPP_CONTROL_GUIDS                                           \
    WPP_DEFINE_CONTROL_GUID(                                        \
        HvAuditDebug, (4D1B9A63,0E7C,48F5,A2D0,6B3C81E95F20),       \
        WPP_DEFINE_BIT(DBG_INIT)                                    \
        WPP_DEFINE_BIT(DBG_IOCTL)                                   \
        WPP_DEFINE_BIT(DBG_ETW)                                     \
        )

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags) WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

// begin_wpp config
// FUNC DbgTrace(LEVEL, FLAGS, MSG, ...);
// end_wpp
