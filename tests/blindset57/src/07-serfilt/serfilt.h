/*
 * serfilt - WDM upper filter for serial ports, counts bytes going through
 * IRP_MJ_READ / IRP_MJ_WRITE. Installed as an UpperFilters entry of the
 * Ports class.
 */
#ifndef _SERFILT_H_
#define _SERFILT_H_

#include <ntddk.h>

#define SF_TAG          'tFrS'
#define SF_SIGNATURE    0x53464C54      /* 'SFLT' */

#if DBG
#define SfDbg(_x_)      { DbgPrint("serfilt: "); DbgPrint _x_; }
#else
#define SfDbg(_x_)
#endif

typedef struct _SF_EXTENSION {
    ULONG           Signature;
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
    BOOLEAN         Started;

    volatile LONG64 BytesRead;
    volatile LONG64 BytesWritten;
    volatile LONG   Reads;
    volatile LONG   Writes;
} SF_EXTENSION, *PSF_EXTENSION;

/* serfilt.c */
DRIVER_INITIALIZE   DriverEntry;
DRIVER_ADD_DEVICE   SfAddDevice;
DRIVER_UNLOAD       SfUnload;
DRIVER_DISPATCH     SfDispatchPassThrough;
DRIVER_DISPATCH     SfDispatchReadWrite;
IO_COMPLETION_ROUTINE SfReadWriteComplete;

/* pnp.c */
DRIVER_DISPATCH     SfDispatchPnp;
DRIVER_DISPATCH     SfDispatchPower;

NTSTATUS SfCompleteRequest(PIRP Irp, NTSTATUS Status);

#endif /* _SERFILT_H_ */
