/*++

Module Name:

    ntdisp.c

Abstract:

    NT entry points: DriverEntry, unload and the control device dispatch.

--*/
#include "ndisprot.h"

NDISPROT_GLOBALS Globals = { 0 };

#if DBG
ULONG g_NprotDebugLevel = DL_WARN;
#endif

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, NdisprotUnload)
#pragma alloc_text(PAGE, NdisprotOpen)
#pragma alloc_text(PAGE, NdisprotClose)
#endif

/*
 * Runs a step, records it in Globals.InitFlags when it worked, bails out to
 * the common exit otherwise.
 */
#define NPROT_INIT_STEP(_expr, _flag)                                       \
    do {                                                                    \
        status = (_expr);                                                   \
        if (!NT_SUCCESS(status)) {                                          \
            DEBUGP(DL_ERROR, ("%s failed, 0x%x\n", #_expr, status));        \
            goto Exit;                                                      \
        }                                                                   \
        Globals.InitFlags |= (_flag);                                       \
    } while (FALSE)

static VOID
NdisprotTeardown(
    VOID
    )
{
    UNICODE_STRING win32DeviceName;

    if (Globals.InitFlags & NPROT_INIT_PROTOCOL) {
        /* unbinds every adapter first, NDIS waits for the unbinds */
        NdisDeregisterProtocolDriver(Globals.NdisProtocolHandle);
        Globals.NdisProtocolHandle = NULL;
        Globals.InitFlags &= ~NPROT_INIT_PROTOCOL;
    }

    if (Globals.InitFlags & NPROT_INIT_LOOKASIDE) {
        ExDeleteLookasideListEx(&Globals.RecvLookaside);
        Globals.InitFlags &= ~NPROT_INIT_LOOKASIDE;
    }

    if (Globals.InitFlags & NPROT_INIT_SYMLINK) {
        RtlInitUnicodeString(&win32DeviceName, DOS_DEVICE_NAME);
        IoDeleteSymbolicLink(&win32DeviceName);
        Globals.InitFlags &= ~NPROT_INIT_SYMLINK;
    }

    if (Globals.InitFlags & NPROT_INIT_DEVICE) {
        IoDeleteDevice(Globals.ControlDeviceObject);
        Globals.ControlDeviceObject = NULL;
        Globals.InitFlags &= ~NPROT_INIT_DEVICE;
    }

    NdisFreeSpinLock(&Globals.GlobalLock);
}

static NTSTATUS
NdisprotRegisterProtocol(
    VOID
    )
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS protocolChar;
    NDIS_STRING protoName = NDIS_STRING_CONST("NDISPROTEX");

    NdisZeroMemory(&protocolChar, sizeof(protocolChar));

    protocolChar.Header.Type     = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    protocolChar.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    protocolChar.Header.Size     = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;

    protocolChar.MajorNdisVersion = NPROT_MAJOR_NDIS_VERSION;
    protocolChar.MinorNdisVersion = NPROT_MINOR_NDIS_VERSION;
    protocolChar.MajorDriverVersion = 1;
    protocolChar.MinorDriverVersion = 2;
    protocolChar.Name = protoName;

    protocolChar.SetOptionsHandler                  = NdisprotSetOptions;
    protocolChar.BindAdapterHandlerEx               = NdisprotBindAdapter;
    protocolChar.UnbindAdapterHandlerEx             = NdisprotUnbindAdapter;
    protocolChar.OpenAdapterCompleteHandlerEx       = NdisprotOpenAdapterComplete;
    protocolChar.CloseAdapterCompleteHandlerEx      = NdisprotCloseAdapterComplete;
    protocolChar.NetPnPEventHandler                 = NdisprotPnPEventHandler;
    protocolChar.UninstallHandler                   = NdisprotProtocolUninstall;
    protocolChar.OidRequestCompleteHandler          = NdisprotRequestComplete;
    protocolChar.StatusHandlerEx                    = NdisprotStatus;
    protocolChar.ReceiveNetBufferListsHandler       = NdisprotReceiveNetBufferLists;
    protocolChar.SendNetBufferListsCompleteHandler  = NdisprotSendComplete;

    return NdisRegisterProtocolDriver(NULL, &protocolChar, &Globals.NdisProtocolHandle);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    UNICODE_STRING ntDeviceName;
    UNICODE_STRING win32DeviceName;
    PDEVICE_OBJECT deviceObject = NULL;

    UNREFERENCED_PARAMETER(RegistryPath);

    DEBUGP(DL_INFO, ("DriverEntry\n"));

    Globals.DriverObject = DriverObject;
    Globals.EthType = NPROT_ETH_TYPE;
    Globals.InitFlags = 0;
    NdisInitializeEvent(&Globals.BindsComplete);
    NdisAllocateSpinLock(&Globals.GlobalLock);
    InitializeListHead(&Globals.OpenList);

    RtlInitUnicodeString(&ntDeviceName, NT_DEVICE_NAME);
    NPROT_INIT_STEP(IoCreateDevice(DriverObject,
                                   0,
                                   &ntDeviceName,
                                   FILE_DEVICE_NETWORK,
                                   FILE_DEVICE_SECURE_OPEN,
                                   FALSE,
                                   &deviceObject),
                    NPROT_INIT_DEVICE);
    Globals.ControlDeviceObject = deviceObject;
    deviceObject->Flags |= DO_DIRECT_IO;

    RtlInitUnicodeString(&win32DeviceName, DOS_DEVICE_NAME);
    NPROT_INIT_STEP(IoCreateSymbolicLink(&win32DeviceName, &ntDeviceName),
                    NPROT_INIT_SYMLINK);

    NPROT_INIT_STEP(ExInitializeLookasideListEx(&Globals.RecvLookaside,
                                                NULL,
                                                NULL,
                                                NonPagedPoolNx,
                                                0,
                                                sizeof(NPROT_RECV_COPY),
                                                NPROT_TAG,
                                                0),
                    NPROT_INIT_LOOKASIDE);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = NdisprotOpen;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = NdisprotClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP]        = NdisprotCleanup;
    DriverObject->MajorFunction[IRP_MJ_READ]           = NdisprotRead;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = NdisprotIoControl;
    DriverObject->DriverUnload = NdisprotUnload;

    NPROT_INIT_STEP(NdisprotRegisterProtocol(), NPROT_INIT_PROTOCOL);

Exit:
    if (!NT_SUCCESS(status)) {
        NdisprotTeardown();
    }
    return status;
}

VOID
NdisprotUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    DEBUGP(DL_INFO, ("Unload\n"));
    NdisprotTeardown();
}

NTSTATUS
NdisprotOpen(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    IoGetCurrentIrpStackLocation(Irp)->FileObject->FsContext = NULL;
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
NdisprotClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
NdisprotCleanup(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFILE_OBJECT fileObject = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    PNDISPROT_OPEN_CONTEXT open = (PNDISPROT_OPEN_CONTEXT)fileObject->FsContext;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (open != NULL) {
        NdisAcquireSpinLock(&open->Lock);
        open->FileObject = NULL;
        NdisReleaseSpinLock(&open->Lock);
        NdisprotFlushReceiveQueue(open);
        fileObject->FsContext = NULL;
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
NdisprotRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFILE_OBJECT fileObject = IoGetCurrentIrpStackLocation(Irp)->FileObject;
    PNDISPROT_OPEN_CONTEXT open = (PNDISPROT_OPEN_CONTEXT)fileObject->FsContext;
    PNPROT_RECV_COPY copy = NULL;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    PVOID dest;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (open == NULL || Irp->MdlAddress == NULL) {
        status = STATUS_INVALID_HANDLE;
        goto Complete;
    }

    NdisAcquireSpinLock(&open->Lock);
    if (!IsListEmpty(&open->RecvQueue)) {
        copy = CONTAINING_RECORD(RemoveHeadList(&open->RecvQueue), NPROT_RECV_COPY, Link);
        open->RecvQueueSize--;
    }
    NdisReleaseSpinLock(&open->Lock);

    if (copy == NULL) {
        status = STATUS_NO_MORE_ENTRIES;
        goto Complete;
    }

    dest = MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (dest == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        info = min(copy->Length, MmGetMdlByteCount(Irp->MdlAddress));
        RtlCopyMemory(dest, copy->Data, info);
    }
    ExFreeToLookasideListEx(&Globals.RecvLookaside, copy);

Complete:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
NdisprotIoControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_NDISPROT_BIND_WAIT:
        status = NdisWaitEvent(&Globals.BindsComplete, 5000) ? STATUS_SUCCESS : STATUS_TIMEOUT;
        break;

    case IOCTL_NDISPROT_OPEN_DEVICE: {
        UNICODE_STRING name;
        PNDISPROT_OPEN_CONTEXT open;

        name.Buffer = (PWCH)Irp->AssociatedIrp.SystemBuffer;
        name.Length = name.MaximumLength = (USHORT)min(sp->Parameters.DeviceIoControl.InputBufferLength, 0xFFFE);
        open = NdisprotLookupDevice(&name);
        if (open == NULL) {
            status = STATUS_OBJECT_NAME_NOT_FOUND;
            break;
        }
        NdisAcquireSpinLock(&open->Lock);
        if (open->FileObject != NULL) {
            status = STATUS_DEVICE_BUSY;
        } else {
            open->FileObject = sp->FileObject;
            sp->FileObject->FsContext = open;
            status = STATUS_SUCCESS;
        }
        NdisReleaseSpinLock(&open->Lock);
        break;
    }

    default:
        status = STATUS_NOT_SUPPORTED;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
