/*
 * kbfilter - keyboard class upper filter (WDM) for my OS course project.
 * Counts keystrokes per scan code and dumps them to the debugger.
 *
 * INF: UpperFilters = kbfilter under the keyboard class key
 *      {4D36E96B-E325-11CE-BFC1-08002BE10318}
 */
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

#define KBF_TAG          'fbKK'
#define KBF_MAX_SCANCODE 0x80

#define KBF_PRINT(...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "kbfilter: " __VA_ARGS__)

typedef enum _KBF_PNP_STATE {
    KbfNotStarted = 0,
    KbfStarted,
    KbfStopped,
    KbfSurpriseRemoved,
    KbfDeleted
} KBF_PNP_STATE;

typedef struct _KBF_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  LowerDevice;
    IO_REMOVE_LOCK  RemoveLock;
    KBF_PNP_STATE   PnpState;
    KBF_PNP_STATE   PreviousPnpState;

    KSPIN_LOCK      StatsLock;
    ULONG           KeyDowns[KBF_MAX_SCANCODE];
    ULONG           TotalKeys;
} KBF_EXTENSION, *PKBF_EXTENSION;

#define KBF_SET_STATE(ext, s)   do { (ext)->PreviousPnpState = (ext)->PnpState; (ext)->PnpState = (s); } while (0)
#define KBF_RESTORE_STATE(ext)  ((ext)->PnpState = (ext)->PreviousPnpState)

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE KbfAddDevice;
DRIVER_UNLOAD KbfUnload;

_Dispatch_type_(IRP_MJ_PNP)   DRIVER_DISPATCH KbfDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH KbfDispatchPower;
_Dispatch_type_(IRP_MJ_READ)  DRIVER_DISPATCH KbfDispatchRead;
DRIVER_DISPATCH KbfDispatchPassThrough;

IO_COMPLETION_ROUTINE KbfReadComplete;

VOID KbfDumpStats(_In_ PKBF_EXTENSION Ext);
