//
// Trace.h
//
// WPP-flavoured trace macros for NetProbe. Text goes to the debugger;
// structured events go to the "Contoso.NetProbe" TraceLogging provider,
// which is registered in DriverEntry and unregistered either by the
// DriverEntry unwind or by the WDFDRIVER cleanup callback.
//
#pragma once

#include <ntddk.h>
#include <TraceLoggingProvider.h>

TRACELOGGING_DECLARE_PROVIDER(g_NpTraceProvider);

#define NP_TRACE(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, (_lvl), "NetProbe!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)
#define NP_ERROR(_fmt, ...)     NP_TRACE(DPFLTR_ERROR_LEVEL, _fmt, __VA_ARGS__)
#define NP_WARN(_fmt, ...)      NP_TRACE(DPFLTR_WARNING_LEVEL, _fmt, __VA_ARGS__)
#define NP_INFO(_fmt, ...)      NP_TRACE(DPFLTR_INFO_LEVEL, _fmt, __VA_ARGS__)

#define NP_EVENT_PROBE(_status, _elapsedMs)                         \
    TraceLoggingWrite(g_NpTraceProvider, "TcpProbe",                \
                      TraceLoggingNTStatus((_status), "Status"),    \
                      TraceLoggingUInt32((_elapsedMs), "ElapsedMs"))

EXTERN_C_START
_IRQL_requires_(PASSIVE_LEVEL) VOID NpTraceInitialize(VOID);
_IRQL_requires_(PASSIVE_LEVEL) VOID NpTraceCleanup(VOID);     // idempotent
EXTERN_C_END
