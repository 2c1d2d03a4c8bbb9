/*++
Copyright (c) Northwind Input Systems. All rights reserved.

Module Name:  kbdlog.h

Abstract:     Shared definitions of the keyboard statistics filter.
--*/
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

#define KBDLOG_TAG          'lDBK'
#define KBDLOG_TARGET_NAME  L"\\Device\\KeyboardClass0"

typedef struct _KBDLOG_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  LowerDevice;
    volatile LONG   PendingReads;
    volatile LONG   KeyDownCount;
    volatile LONG   KeyUpCount;
    KSPIN_LOCK      StatsLock;
    BOOLEAN         Attached;
} KBDLOG_EXTENSION, *PKBDLOG_EXTENSION;

//
// dispatch.c
//
_Dispatch_type_(IRP_MJ_READ)
DRIVER_DISPATCH KbdLogDispatchRead;

DRIVER_DISPATCH KbdLogDispatchPassThrough;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH KbdLogDispatchPower;

IO_COMPLETION_ROUTINE KbdLogReadComplete;

//
// kbdlog.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     KbdLogUnload;

NTSTATUS
KbdLogAttachToClass(
    _In_ PDRIVER_OBJECT DriverObject,
    _Out_ PDEVICE_OBJECT *FilterDevice
    );

VOID
KbdLogDetach(
    _In_ PDEVICE_OBJECT FilterDevice
    );
