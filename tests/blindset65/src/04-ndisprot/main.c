/*
 * main.c - DriverEntry / Unload / the tiny control device of rawprot
 */
#include "ndisprot.h"

RP_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RpUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_CLEANUP)
DRIVER_DISPATCH RpDispatchOpenClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH RpDispatchIoctl;

#define IOCTL_RAWPROT_OPEN_COUNT \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#pragma alloc_text(INIT, DriverEntry)

NTSTATUS
RpDispatchOpenClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
RpDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG count = 0;
    PLIST_ENTRY e;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_RAWPROT_OPEN_COUNT) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            NdisAcquireSpinLock(&Globals.Lock);
            for (e = Globals.OpenList.Flink; e != &Globals.OpenList; e = e->Flink) {
                count++;
            }
            NdisReleaseSpinLock(&Globals.Lock);

            *(PULONG)Irp->AssociatedIrp.SystemBuffer = count;
            Irp->IoStatus.Information = sizeof(ULONG);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
RpUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name;

    UNREFERENCED_PARAMETER(DriverObject);
    DBG_TRACE("unload\n");

    /* unbinds from every adapter synchronously */
    if (Globals.ProtocolHandle != NULL) {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        Globals.ProtocolHandle = NULL;
    }

    RtlInitUnicodeString(&name, RP_DEVICE_NAME);
    IoDeleteSymbolicLink(&name);

    if (Globals.ControlDevice != NULL) {
        IoDeleteDevice(Globals.ControlDevice);
        Globals.ControlDevice = NULL;
    }

    NdisDeleteNPagedLookasideList(&Globals.RecvLookaside);
    NdisFreeSpinLock(&Globals.Lock);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS pc;
    UNICODE_STRING devName  = RTL_CONSTANT_STRING(RP_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(RP_LINK_NAME);
    NDIS_STRING protoName   = RTL_CONSTANT_STRING(RP_PROTOCOL_NAME);
    BOOLEAN linkCreated = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);
    DBG_TRACE("DriverEntry\n");

    NdisZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;
    NdisAllocateSpinLock(&Globals.Lock);
    InitializeListHead(&Globals.OpenList);

    NdisInitializeNPagedLookasideList(&Globals.RecvLookaside,
                                      NULL,
                                      NULL,
                                      0,
                                      sizeof(RP_RECV_ENTRY),
                                      RP_TAG,
                                      0);

    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &Globals.ControlDevice);
    CHECK_STATUS(status, "IoCreateDevice");
    Globals.ControlDevice->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    CHECK_STATUS(status, "IoCreateSymbolicLink");
    linkCreated = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = RpDispatchOpenClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = RpDispatchOpenClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP]        = RpDispatchOpenClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RpDispatchIoctl;
    DriverObject->DriverUnload = RpUnload;

    NdisZeroMemory(&pc, sizeof(pc));
    pc.Header.Type      = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    pc.Header.Size      = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    pc.Header.Revision  = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    pc.MajorNdisVersion = RP_NDIS_MAJOR;
    pc.MinorNdisVersion = RP_NDIS_MINOR;
    pc.MajorDriverVersion = 0;
    pc.MinorDriverVersion = 3;
    pc.Name = protoName;

    pc.BindAdapterHandlerEx              = RpBindAdapter;
    pc.UnbindAdapterHandlerEx            = RpUnbindAdapter;
    pc.OpenAdapterCompleteHandlerEx      = RpOpenAdapterComplete;
    pc.CloseAdapterCompleteHandlerEx     = RpCloseAdapterComplete;
    pc.NetPnPEventHandler                = RpPnpEvent;
    pc.OidRequestCompleteHandler         = RpOidRequestComplete;
    pc.StatusHandlerEx                   = RpStatus;
    pc.ReceiveNetBufferListsHandler      = RpReceive;
    pc.SendNetBufferListsCompleteHandler = RpSendComplete;

    status = NdisRegisterProtocolDriver(NULL, &pc, &Globals.ProtocolHandle);
    CHECK_STATUS(status, "NdisRegisterProtocolDriver");

    DBG_TRACE("registered, handle %p\n", Globals.ProtocolHandle);
    return STATUS_SUCCESS;

cleanup:
    if (linkCreated) {
        IoDeleteSymbolicLink(&linkName);
    }
    if (Globals.ControlDevice != NULL) {
        IoDeleteDevice(Globals.ControlDevice);
        Globals.ControlDevice = NULL;
    }
    NdisFreeSpinLock(&Globals.Lock);
    return status;
}
