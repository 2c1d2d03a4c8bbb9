/*
 * trace.h - WPP configuration of the humidity sensor driver (wppfail).
 * RETURN_NTSTATUS_IF_FAILED is a trace function whose PRE macro opens a
 * block and keeps the expression's status, and whose POST macro returns it
 * only when the project's own FAILED_NTSTATUS says it failed: a use is a
 * conditional return, never a return of success.
 */

#pragma once

#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        HumTraceGuid, (6A1B2C3D,4E5F,4A6B,9C7D,8E9FA0B1C2D3),          \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                   \
        )

#define FAILED_NTSTATUS(s) (((NTSTATUS)(s)) < 0)

#define WPP_LEVEL_FLAGS_NTEXPR_LOGGER(LEVEL, FLAGS, NTEXPR) WPP_LEVEL_LOGGER(FLAGS)
#define WPP_LEVEL_FLAGS_NTEXPR_ENABLED(LEVEL, FLAGS, NTEXPR) WPP_LEVEL_ENABLED(FLAGS)
#define WPP_LEVEL_FLAGS_NTEXPR_PRE(LEVEL, FLAGS, NTEXPR) \
    { NTSTATUS __statusRet = (NTEXPR);
#define WPP_LEVEL_FLAGS_NTEXPR_POST(LEVEL, FLAGS, NTEXPR) \
    if (FAILED_NTSTATUS(__statusRet)) return __statusRet; }

//
// begin_wpp config
// FUNC RETURN_NTSTATUS_IF_FAILED{LEVEL=TRACE_LEVEL_ERROR,FLAGS=TRACE_DRIVER}(NTEXPR);
// end_wpp
//
