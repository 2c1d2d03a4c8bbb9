/*
 * trace.h - WPP tracing definitions for the virtual switch-port adapter.
 *
 * Copyright (c) VNet Project Authors. All rights reserved.
 */

#pragma once

//
// {6A3C2E1D-93B4-4F0A-9D55-7C2B0E4A1F11}
//
#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        VnetTraceGuid, (6A3C2E1D,93B4,4F0A,9D55,7C2B0E4A1F11),          \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                    \
        WPP_DEFINE_BIT(TRACE_ADAPTER)                                   \
        WPP_DEFINE_BIT(TRACE_OID)                                       \
        WPP_DEFINE_BIT(TRACE_DATAPATH)                                  \
        WPP_DEFINE_BIT(TRACE_CONFIG)                                    \
        )

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags) WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) \
    (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_ ## flags).Level >= lvl)

//
// begin_wpp config
// FUNC VnetTrace{LEVEL=TRACE_LEVEL_VERBOSE}(FLAGS, MSG, ...);
// FUNC VnetTraceError{LEVEL=TRACE_LEVEL_ERROR}(FLAGS, MSG, ...);
// FUNC VnetTraceInfo{LEVEL=TRACE_LEVEL_INFORMATION}(FLAGS, MSG, ...);
// end_wpp
//

#define VNET_TRACE_ENTER(flag)  VnetTrace(flag, "--> %!FUNC!")
#define VNET_TRACE_EXIT(flag, s) VnetTrace(flag, "<-- %!FUNC! %!STATUS!", s)
