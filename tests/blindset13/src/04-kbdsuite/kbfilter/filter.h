#pragma once
#include <ntddk.h>
#include <ntddkbd.h>
#include "../common/klog.h"
#include "../include/kbsuite.h"

typedef struct _FILTER_EXTENSION {
    PDEVICE_OBJECT LowerDevice;
    volatile LONG  PendingReads;
    ULONG          KeysSeen;
} FILTER_EXTENSION, *PFILTER_EXTENSION;

extern PDEVICE_OBJECT g_FilterDevice;
extern BOOLEAN g_Capture;

NTSTATUS CreateDevice(_In_ PDRIVER_OBJECT DriverObject);
NTSTATUS InitDevice(VOID);
VOID     CleanupGlobals(VOID);
