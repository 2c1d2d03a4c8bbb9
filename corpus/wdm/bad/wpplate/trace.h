/*
 * trace.h - WPP configuration of the process auditor (wpplate). The trace
 * functions that return are declared here; what they do around the trace
 * (their PRE and POST macros) is in tracehooks.h, which the sources include
 * after the .tmh header: tracewpp's macros expand them where they are used.
 */

#pragma once

#define WPP_CONTROL_GUIDS                                              \
    WPP_DEFINE_CONTROL_GUID(                                           \
        PaudTraceGuid, (0C1D2E3F,4A5B,4C6D,8E7F,90A1B2C3D4E5),         \
        WPP_DEFINE_BIT(TRACE_INIT)                                     \
        )

//
// begin_wpp config
// FUNC RETURN_NTSTATUS_IF_FAILED{LEVEL=TRACE_LEVEL_ERROR,FLAGS=TRACE_INIT}(NTEXPR);
// FUNC RETURN_STATUS_SUCCESS{LEVEL=TRACE_LEVEL_INFORMATION,FLAGS=TRACE_INIT,RETVAL=STATUS_SUCCESS}();
// end_wpp
//
