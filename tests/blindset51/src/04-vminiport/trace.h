/*
 * trace.h - poor man's WPP, call sites kept WPP-shaped so switching back
 * to the real thing is a search/replace.
 */
#pragma once

#define VMP_LVL_ERROR       DPFLTR_ERROR_LEVEL
#define VMP_LVL_INFO        DPFLTR_INFO_LEVEL
#define VMP_LVL_VERBOSE     (DPFLTR_INFO_LEVEL + 1)
#define DBG_INIT            0x0001
#define DBG_PNP             0x0008

#define TraceEvents(lvl, flag, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, (lvl), "vmp[%04x] %s: " fmt "\n", (flag), __FUNCTION__, __VA_ARGS__)
#define TraceEnter(flag)    TraceEvents(VMP_LVL_VERBOSE, flag, "-->%s", "")
#define TraceExit(flag, st) TraceEvents(VMP_LVL_VERBOSE, flag, "<-- 0x%08X", (st))

#define WPP_INIT_TRACING(drv, reg)  ((void)(drv), (void)(reg))
#define WPP_CLEANUP(drv)            ((void)(drv))
