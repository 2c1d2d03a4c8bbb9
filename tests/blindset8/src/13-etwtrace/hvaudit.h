// hvaudit.h - "hvaudit" audit-event relay.
//
// User-mode components submit audit records through IOCTL_HVA_SUBMIT;
// the driver stamps them and writes them to two ETW providers:
// Operational (always) and Audit (security-relevant records only).
// WPP carries developer traces.
#pragma once

#include <ntddk.h>
#include <evntrace.h>
#include <ntstrsafe.h>

#include "trace.h"

#define HVA_TAG             'aUvH'
#define HVA_DEVICE_NAME     L"\\Device\\HvAudit"
#define HVA_LINK_NAME       L"\\DosDevices\\HvAudit"
#define HVA_MAX_RECORD      1024

#define IOCTL_HVA_SUBMIT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_WRITE_ACCESS)

struct HVA_RECORD {
    ULONG   Kind;           // 0 = operational, 1 = security
    ULONG   Severity;
    ULONG   TextBytes;
    WCHAR   Text[1];
};

// Everything DriverEntry sets up, in one place.  Fields are filled as
// the steps succeed; HvaTeardown() undoes whatever is set and is used
// both by a failing DriverEntry and by Unload.
struct HVA_CONTEXT {
    bool            WppStarted;
    REGHANDLE       OperationalProvider;   // 0 when registration failed
    REGHANDLE       AuditProvider;         // 0 when registration failed
    PDEVICE_OBJECT  Device;
    bool            LinkCreated;
    UNICODE_STRING  LinkName;
    volatile LONG   EnabledOperational;
    volatile LONG   EnabledAudit;
    volatile LONG64 Records;
};

extern HVA_CONTEXT g_Hva;

// telemetry.cpp
NTSTATUS HvaRegisterProviders();        // never fails the driver; see body
void     HvaUnregisterProviders();
void     HvaWriteRecord(const HVA_RECORD* Record);

extern "C" {
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     HvaUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   HvaCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   HvaDeviceControl;
}
