/*
 * main.c - driver entry/exit and the control device.
 */
#include "rawprot.h"

RP_GLOBALS Globals;

static VOID
RpInitGlobals(_In_ PDRIVER_OBJECT DriverObject)
{
    RtlZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;
    NdisAllocateSpinLock(&Globals.Lock);
    InitializeListHead(&Globals.OpenList);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS        status = STATUS_SUCCESS;
    PDEVICE_OBJECT  deviceObject = NULL;
    BOOLEAN         linkCreated = FALSE;
    UNICODE_STRING  ntName  = RTL_CONSTANT_STRING(RP_NT_DEVICE_NAME);
    UNICODE_STRING  dosName = RTL_CONSTANT_STRING(RP_DOS_DEVICE_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    RP_DBG("DriverEntry built %s %s", __DATE__, __TIME__);

    RpInitGlobals(DriverObject);

    status = IoCreateDevice(DriverObject,
                            0,
                            &ntName,
                            FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);
    CHECK_GOTO(status, "IoCreateDevice", Exit);

    deviceObject->Flags |= DO_BUFFERED_IO;
    Globals.ControlDevice = deviceObject;

    status = IoCreateSymbolicLink(&dosName, &ntName);
    CHECK_GOTO(status, "IoCreateSymbolicLink", Exit);
    linkCreated = TRUE;

    if (!RpAllocateRing()) {
        RP_ERR("no memory for the snapshot ring");
        goto Exit;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = RpDispatchOpenClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = RpDispatchOpenClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP]        = RpDispatchOpenClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RpDispatchIoctl;
    DriverObject->DriverUnload = RpUnload;

    status = RpRegisterProtocol();
    CHECK_GOTO(status, "NdisRegisterProtocolDriver", Exit);

    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    RP_DBG("ready, protocol handle %p", Globals.ProtocolHandle);

Exit:
    if (!NT_SUCCESS(status)) {
        RpFreeRing();
        if (linkCreated) {
            IoDeleteSymbolicLink(&dosName);
        }
        if (deviceObject != NULL) {
            IoDeleteDevice(deviceObject);
            Globals.ControlDevice = NULL;
        }
        NdisFreeSpinLock(&Globals.Lock);
    }
    return status;
}

_Use_decl_annotations_
VOID
RpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    RP_DBG("unload");

    /* unbinds every adapter before it returns */
    RpDeregisterProtocol();

    RpFreeRing();

    if (Globals.ControlDevice != NULL) {
        IoDeleteDevice(Globals.ControlDevice);
        Globals.ControlDevice = NULL;
    }

    NdisFreeSpinLock(&Globals.Lock);
}

_Use_decl_annotations_
NTSTATUS
RpDispatchOpenClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
RpDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION  sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS            status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG               bytes = RP_RING_SLOTS * sizeof(RP_SNAPSHOT);

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_RAWPROT_READ_RING) {
        status = STATUS_BUFFER_TOO_SMALL;
        if (sp->Parameters.DeviceIoControl.OutputBufferLength >= bytes) {
            NdisAcquireSpinLock(&Globals.Lock);
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, Globals.Ring, bytes);
            NdisReleaseSpinLock(&Globals.Lock);
            Irp->IoStatus.Information = bytes;
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
