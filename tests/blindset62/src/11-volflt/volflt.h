/*
 * volflt.h - volume upper filter that measures read/write latency.
 * Installed as an UpperFilter of the Volume class.
 */
#ifndef VOLFLT_H
#define VOLFLT_H

#include <ntddk.h>

#define VF_TAG      'tlFV'

#if DBG
#define VF_TRACE(_fmt_, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "volflt: " _fmt_ "\n", __VA_ARGS__)
#else
#define VF_TRACE(_fmt_, ...)
#endif

#define VF_CHECK(_st_, _what_)                                      \
    if (!NT_SUCCESS(_st_)) {                                        \
        VF_TRACE("%s failed 0x%08X", _what_, _st_);                 \
    }

typedef struct _VF_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Lower;
    PDEVICE_OBJECT  Pdo;
    IO_REMOVE_LOCK  RemoveLock;
    volatile LONG64 ReadTicks;
    volatile LONG64 WriteTicks;
    volatile LONG   Completed;
} VF_EXTENSION, *PVF_EXTENSION;

/* one per in-flight read/write, from a lookaside list */
typedef struct _VF_IO_CONTEXT {
    PVF_EXTENSION   Ext;
    LARGE_INTEGER   Start;
    BOOLEAN         IsWrite;
} VF_IO_CONTEXT, *PVF_IO_CONTEXT;

extern NPAGED_LOOKASIDE_LIST g_VfContextList;

/* pnp.c */
DRIVER_ADD_DEVICE VfAddDevice;
_Dispatch_type_(IRP_MJ_PNP)   DRIVER_DISPATCH VfDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH VfDispatchPower;

/* driver.c */
NTSTATUS VfPassThrough(_In_ PVF_EXTENSION Ext, _Inout_ PIRP Irp);

#endif
