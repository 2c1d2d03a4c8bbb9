// vcomx.h - VComX: N loopback "serial" devices for testing terminal software.
// Each \Device\VComXn echoes what is written to it.  N comes from the
// PortCount value under the service key (default 2, max 8).
#pragma once

#include <ntddk.h>
#include <ntstrsafe.h>

#define VCX_TAG           'xCmV'
#define VCX_DEFAULT_PORTS 2
#define VCX_MAX_PORTS     8
#define VCX_FIFO_SIZE     4096

typedef struct _VCX_PORT {
    ULONG           Index;
    PDEVICE_OBJECT  Self;
    UNICODE_STRING  LinkName;       // \DosDevices\VCOMXn, deleted in unload
    BOOLEAN         LinkCreated;
    KSPIN_LOCK      FifoLock;
    ULONG           FifoHead;
    ULONG           FifoTail;
    UCHAR           Fifo[VCX_FIFO_SIZE];
    volatile LONG   OpenCount;
} VCX_PORT, *PVCX_PORT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     VcxUnload;

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH VcxCreateClose;
_Dispatch_type_(IRP_MJ_READ)   DRIVER_DISPATCH VcxRead;
_Dispatch_type_(IRP_MJ_WRITE)  DRIVER_DISPATCH VcxWrite;
DRIVER_DISPATCH VcxUnsupported;
