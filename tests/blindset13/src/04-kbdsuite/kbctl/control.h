#pragma once
#include <ntddk.h>
#include "../common/klog.h"
#include "../include/kbsuite.h"

#define KBCTL_TAG 'ltCK'

typedef struct _KBCTL_STATE {
    FAST_MUTEX Lock;
    ULONG      Capture;
    ULONG      Writes;
} KBCTL_STATE, *PKBCTL_STATE;

extern PDEVICE_OBJECT g_ControlDevice;
extern PKBCTL_STATE g_State;

NTSTATUS CreateDevice(_In_ PDRIVER_OBJECT DriverObject);
NTSTATUS InitDevice(VOID);
VOID     CleanupGlobals(VOID);
