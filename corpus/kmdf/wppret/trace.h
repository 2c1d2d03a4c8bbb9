/*
 * trace.h - WPP configuration of the ambient-light sensor driver (wppret).
 * RETURN_NTSTATUS_IF_FAILED is a trace function with PRE and POST macros:
 * tracewpp expands a use into WPP_COMPNAME_LEVEL_NTEXPR_PRE, the trace call
 * and WPP_COMPNAME_LEVEL_NTEXPR_POST, so when the expression fails, the
 * "trace" returns its status from the calling function.
 */

#pragma once

#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        AlsTraceGuid, (1F2E3D4C,5B6A,4978,8A9B,C0D1E2F3A4B5),          \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                   \
        )

#define WPP_COMPNAME_LEVEL_NTEXPR_LOGGER(comp, level, expr) WPP_LEVEL_LOGGER(comp)
#define WPP_COMPNAME_LEVEL_NTEXPR_ENABLED(comp, level, expr) WPP_LEVEL_ENABLED(comp)
#define WPP_COMPNAME_LEVEL_NTEXPR_PRE(comp, level, expr) \
    { NTSTATUS __statusRet = (expr); if (!NT_SUCCESS(__statusRet)) {
#define WPP_COMPNAME_LEVEL_NTEXPR_POST(comp, level, expr) \
    return __statusRet; } }

//
// begin_wpp config
// FUNC RETURN_NTSTATUS_IF_FAILED{COMPNAME=TRACE_DRIVER,LEVEL=TRACE_LEVEL_ERROR}(NTEXPR);
// end_wpp
//
