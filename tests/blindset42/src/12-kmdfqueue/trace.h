// trace.h - poor man's WPP: same call shape as the template's TraceEvents,
// routed to KdPrintEx so we don't need the tracewpp step.
#pragma once

#define TL_ERROR        DPFLTR_ERROR_LEVEL
#define TL_WARN         DPFLTR_WARNING_LEVEL
#define TL_INFO         DPFLTR_INFO_LEVEL

#define TRACE_DRIVER    0x0001
#define TRACE_DEVICE    0x0002
#define TRACE_QUEUE     0x0004

#define TraceEvents(_level, _flag, _fmt, ...) \
    KdPrintEx((DPFLTR_IHVDRIVER_ID, (_level), "tickdev[%x]: " _fmt "\n", (_flag), __VA_ARGS__))
