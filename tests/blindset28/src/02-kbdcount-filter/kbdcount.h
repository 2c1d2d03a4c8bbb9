/*
 * kbdcount - counts key presses by sitting on top of KeyboardClass0.
 *
 * Exercise from chapter 7 ("filter drivers") of my kernel notes. No key
 * content is stored, only make/break counters.
 */
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

#define KC_TARGET_DEVICE   L"\\Device\\KeyboardClass0"
#define KC_UNLOAD_POLL_MS  50

typedef struct _KC_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;       // KeyboardClass0 (or whatever sits on it)
    volatile LONG  KeyDowns;
    volatile LONG  KeyUps;
    volatile LONG  E0Keys;
} KC_EXTENSION, *PKC_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KcUnload;

_Dispatch_type_(IRP_MJ_READ)
DRIVER_DISPATCH KcDispatchRead;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH KcDispatchPower;

IO_COMPLETION_ROUTINE KcReadComplete;
