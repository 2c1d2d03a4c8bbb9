// trace.h - WPP configuration for the RB-8 USB relay board driver
// Copyright (c) 2023 Ostrava Relay Works

#pragma once

// {A61E7F30-3B8C-4F25-9D46-0C7E81B2D5F9}
#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        Rb8TraceGuid, (A61E7F30,3B8C,4F25,9D46,0C7E81B2D5F9),           \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                    \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                    \
        WPP_DEFINE_BIT(TRACE_IO)                                        \
        )

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags)  WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
//
