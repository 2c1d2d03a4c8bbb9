/*
 * kbdcount.h - counts keystrokes per scan code on KeyboardClass0.
 * No user interface, the counters go to the debugger when the driver
 * is unloaded (and every N keys if ReportEvery is set).
 */
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

#define KC_TAG              'tnCK'
#define KC_TARGET           L"\\Device\\KeyboardClass0"
#define KC_SCANCODES        128
#define KC_POLL_MS          50

#define KC_LOG(fmt, ...)    KdPrint(("kbdcount: " fmt "\n", __VA_ARGS__))
#define KC_TRACE(fmt, ...)  do { if (g_Kc.ReportEvery) KC_LOG(fmt, __VA_ARGS__); } while (0)

#define FILTER_FLAGS_MASK   (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE)

typedef struct _KC_EXTENSION {
    PDEVICE_OBJECT Lower;
} KC_EXTENSION, *PKC_EXTENSION;

typedef struct _KC_GLOBALS {
    PDEVICE_OBJECT  Filter;
    volatile LONG   Pending;
    volatile LONG   Total;
    volatile LONG   PerCode[KC_SCANCODES];
    ULONG           ReportEvery;
} KC_GLOBALS;

extern KC_GLOBALS g_Kc;
