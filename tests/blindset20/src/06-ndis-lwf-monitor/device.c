/*++

Copyright (c) Tailspin Networks.  All rights reserved.

Module Name:

    device.c

Abstract:

    NDIS control device for the traffic accounting filter: registration
    and IRP dispatch for the management service.

Environment:

    Kernel mode, NDIS 6.20+.

--*/

#include "filter.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLEANUP)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH FilterDeviceDispatch;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH FilterDeviceIoControl;

DRIVER_DISPATCH FilterDeviceUnsupported;

static
ULONG
FilterCopyCounters(
    _Out_writes_bytes_(OutputLength) PUCHAR Output,
    _In_ ULONG OutputLength,
    _Out_ PULONG BytesNeeded
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FilterRegisterDevice)
#pragma alloc_text(PAGE, FilterDeregisterDevice)
#pragma alloc_text(PAGE, FilterDeviceDispatch)
#endif

//
// Administrators and SYSTEM only.
//
static NDIS_STRING FilterDeviceSddl =
    RTL_CONSTANT_STRING(L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");


_Use_decl_annotations_
NDIS_STATUS
FilterRegisterDevice(
    PFILTER_GLOBALS Globals
    )
/*++

Routine Description:

    Creates the control device through NDIS (NDIS owns the driver
    object's dispatch table, so the handlers are passed in a table of
    our own).

--*/
{
    NDIS_STATUS status;
    NDIS_STRING deviceName = RTL_CONSTANT_STRING(NTDEVICE_STRING);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(LINKNAME_STRING);
    NDIS_DEVICE_OBJECT_ATTRIBUTES deviceAttributes;
    PFILTER_DEVICE_EXTENSION extension;
    PDEVICE_OBJECT deviceObject = NULL;
    NDIS_HANDLE deviceHandle = NULL;
    ULONG i;

    PAGED_CODE();

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        Globals->DispatchTable[i] = FilterDeviceUnsupported;
    }

    Globals->DispatchTable[IRP_MJ_CREATE] = FilterDeviceDispatch;
    Globals->DispatchTable[IRP_MJ_CLEANUP] = FilterDeviceDispatch;
    Globals->DispatchTable[IRP_MJ_CLOSE] = FilterDeviceDispatch;
    Globals->DispatchTable[IRP_MJ_DEVICE_CONTROL] = FilterDeviceIoControl;

    NdisZeroMemory(&deviceAttributes, sizeof(deviceAttributes));

    deviceAttributes.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    deviceAttributes.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    deviceAttributes.Header.Size = sizeof(NDIS_DEVICE_OBJECT_ATTRIBUTES);

    deviceAttributes.DeviceName = &deviceName;
    deviceAttributes.SymbolicName = &linkName;
    deviceAttributes.MajorFunctions = &Globals->DispatchTable[0];
    deviceAttributes.ExtensionSize = sizeof(FILTER_DEVICE_EXTENSION);
    deviceAttributes.DefaultSDDLString = &FilterDeviceSddl;
    deviceAttributes.DeviceClassGuid = NULL;

    status = NdisRegisterDeviceEx(Globals->FilterDriverHandle,
                                  &deviceAttributes,
                                  &deviceObject,
                                  &deviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        return status;
    }

    extension = (PFILTER_DEVICE_EXTENSION)NdisGetDeviceReservedExtension(deviceObject);
    extension->Signature = FILTER_DEVICE_SIGNATURE;
    extension->Handle = Globals->FilterDriverHandle;

    Globals->DeviceObject = deviceObject;
    Globals->NdisDeviceHandle = deviceHandle;

    DEBUGP(DL_INFO, "control device %p registered", deviceObject);

    return NDIS_STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
FilterDeregisterDevice(
    PFILTER_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (Globals->NdisDeviceHandle != NULL) {
        NdisDeregisterDeviceEx(Globals->NdisDeviceHandle);
        Globals->NdisDeviceHandle = NULL;
        Globals->DeviceObject = NULL;
    }
}


_Use_decl_annotations_
NTSTATUS
FilterDeviceUnsupported(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_INVALID_DEVICE_REQUEST;
}


_Use_decl_annotations_
NTSTATUS
FilterDeviceDispatch(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_SUCCESS;
}


static
ULONG
FilterCopyCounters(
    _Out_writes_bytes_(OutputLength) PUCHAR Output,
    _In_ ULONG OutputLength,
    _Out_ PULONG BytesNeeded
    )
/*++

Routine Description:

    Copies one TSACCT_MODULE_COUNTERS per attached module, as many as
    fit.  Returns the number of bytes written; BytesNeeded receives the
    size for all modules.

--*/
{
    PLIST_ENTRY entry;
    PFILTER_MODULE module;
    ULONG written = 0;
    ULONG needed = 0;

    FILTER_ACQUIRE_LOCK(&g_Filter.ModuleListLock, FALSE);

    for (entry = g_Filter.ModuleList.Flink; entry != &g_Filter.ModuleList; entry = entry->Flink) {

        module = CONTAINING_RECORD(entry, FILTER_MODULE, Link);
        needed += sizeof(TSACCT_MODULE_COUNTERS);

        if (written + sizeof(TSACCT_MODULE_COUNTERS) <= OutputLength) {
            FILTER_ACQUIRE_LOCK(&module->Lock, TRUE);
            NdisMoveMemory(Output + written, &module->Counters, sizeof(TSACCT_MODULE_COUNTERS));
            FILTER_RELEASE_LOCK(&module->Lock, TRUE);
            written += sizeof(TSACCT_MODULE_COUNTERS);
        }
    }

    FILTER_RELEASE_LOCK(&g_Filter.ModuleListLock, FALSE);

    *BytesNeeded = needed;
    return written;
}


_Use_decl_annotations_
NTSTATUS
FilterDeviceIoControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PFILTER_DEVICE_EXTENSION extension;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG outputLength = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG written = 0;
    ULONG needed = 0;
    PLIST_ENTRY entry;
    PFILTER_MODULE module;

    extension = (PFILTER_DEVICE_EXTENSION)NdisGetDeviceReservedExtension(DeviceObject);
    if (extension == NULL || extension->Signature != FILTER_DEVICE_SIGNATURE) {
        status = STATUS_INVALID_DEVICE_REQUEST;
        goto Complete;
    }

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_TSACCT_ENUMERATE:
        written = FilterCopyCounters((PUCHAR)Irp->AssociatedIrp.SystemBuffer, outputLength, &needed);
        if (written < needed) {
            status = (written == 0) ? STATUS_BUFFER_TOO_SMALL : STATUS_BUFFER_OVERFLOW;
        }
        break;

    case IOCTL_TSACCT_RESET:
        FILTER_ACQUIRE_LOCK(&g_Filter.ModuleListLock, FALSE);
        for (entry = g_Filter.ModuleList.Flink; entry != &g_Filter.ModuleList; entry = entry->Flink) {
            module = CONTAINING_RECORD(entry, FILTER_MODULE, Link);
            FILTER_ACQUIRE_LOCK(&module->Lock, TRUE);
            module->Counters.FramesSent = 0;
            module->Counters.BytesSent = 0;
            module->Counters.FramesReceived = 0;
            module->Counters.BytesReceived = 0;
            module->Counters.FramesDroppedPaused = 0;
            FILTER_RELEASE_LOCK(&module->Lock, TRUE);
        }
        FILTER_RELEASE_LOCK(&g_Filter.ModuleListLock, FALSE);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

Complete:

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = written;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return status;
}
