/*
 * trace.h - WPP configuration for regwatch
 *
 * tracelog -start rw -guid #6f1c0b2e-4a7d-4c55-9e3b-58a1d2c4e7f0 -flag 0x7 -level 5
 */
#pragma once

#define WPP_CONTROL_GUIDS                                                   \
    WPP_DEFINE_CONTROL_GUID(                                                \
        RegWatchTraceGuid, (6f1c0b2e,4a7d,4c55,9e3b,58a1d2c4e7f0),          \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                        \
        WPP_DEFINE_BIT(TRACE_CALLBACK)                                      \
        WPP_DEFINE_BIT(TRACE_IOCTL)                                         \
        )

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags)  WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

/*
 * begin_wpp config
 * FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
 * end_wpp
 */
