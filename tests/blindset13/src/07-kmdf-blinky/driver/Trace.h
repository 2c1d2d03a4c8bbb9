/*
 * Trace.h - plain DbgPrintEx logging; this project never got WPP.
 */
#pragma once

#define BLINKY_LOG_ERROR   DPFLTR_ERROR_LEVEL
#define BLINKY_LOG_INFO    DPFLTR_INFO_LEVEL

#define TraceEvents(level, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (level), "blinky: " fmt "\n", __VA_ARGS__)
