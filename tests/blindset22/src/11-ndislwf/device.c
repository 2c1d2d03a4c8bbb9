/*++

Module Name:

    device.c

Abstract:

    \\.\NetTally control device, registered through NdisRegisterDeviceEx so
    NDIS routes its IRPs to the dispatch routines below while leaving the
    driver object's own dispatch table to NDIS.

--*/

#include "filter.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLEANUP)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LwfDeviceCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH LwfDeviceIoControl;

//
// Handed to NDIS by pointer; kept in static storage so it is valid for as
// long as the device exists regardless of what NDIS does with it.
//
static PDRIVER_DISPATCH LwfDispatchTable[IRP_MJ_MAXIMUM_FUNCTION + 1];

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, LwfRegisterDevice)
#pragma alloc_text(PAGE, LwfDeregisterDevice)
#pragma alloc_text(PAGE, LwfDeviceCreateClose)
#endif

_Use_decl_annotations_
NDIS_STATUS
LwfRegisterDevice(
    PLWF_GLOBALS Globals
    )
/*++

Routine Description:

    Creates the control device and its symbolic link. On failure nothing is
    registered and Globals->DeviceHandle is NULL.

--*/
{
    NDIS_STATUS status;
    NDIS_DEVICE_OBJECT_ATTRIBUTES attributes;
    NDIS_STRING deviceName = RTL_CONSTANT_STRING(LWF_DEVICE_NAME);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(LWF_LINK_NAME);
    PLWF_DEVICE_EXTENSION ext;

    NdisZeroMemory(LwfDispatchTable, sizeof(LwfDispatchTable));
    LwfDispatchTable[IRP_MJ_CREATE] = LwfDeviceCreateClose;
    LwfDispatchTable[IRP_MJ_CLEANUP] = LwfDeviceCreateClose;
    LwfDispatchTable[IRP_MJ_CLOSE] = LwfDeviceCreateClose;
    LwfDispatchTable[IRP_MJ_DEVICE_CONTROL] = LwfDeviceIoControl;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attributes.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.DeviceName = &deviceName;
    attributes.SymbolicName = &linkName;
    attributes.MajorFunctions = &LwfDispatchTable[0];
    attributes.ExtensionSize = sizeof(LWF_DEVICE_EXTENSION);
    attributes.DefaultSDDLString = NULL;
    attributes.DeviceClassGuid = NULL;

    Globals->DeviceHandle = NULL;
    Globals->DeviceObject = NULL;

    status = NdisRegisterDeviceEx(Globals->FilterDriverHandle,
                                  &attributes,
                                  &Globals->DeviceObject,
                                  &Globals->DeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        Globals->DeviceHandle = NULL;
        Globals->DeviceObject = NULL;
        return status;
    }

    ext = (PLWF_DEVICE_EXTENSION)NdisGetDeviceReservedExtension(Globals->DeviceObject);
    ext->Signature = LWF_DEVICE_SIGNATURE;
    ext->Globals = Globals;

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LwfDeregisterDevice(
    PLWF_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (Globals->DeviceHandle != NULL) {
        NdisDeregisterDeviceEx(Globals->DeviceHandle);
        Globals->DeviceHandle = NULL;
        Globals->DeviceObject = NULL;
    }
}

_Use_decl_annotations_
NTSTATUS
LwfDeviceCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PLWF_DEVICE_EXTENSION ext;
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();

    ext = (PLWF_DEVICE_EXTENSION)NdisGetDeviceReservedExtension(DeviceObject);
    if (ext == NULL || ext->Signature != LWF_DEVICE_SIGNATURE) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static ULONG
LwfSnapshotCounters(
    _In_ PLWF_GLOBALS Globals,
    _Out_writes_(MaxEntries) PNETTALLY_COUNTERS Out,
    _In_ ULONG MaxEntries,
    _In_ BOOLEAN Reset
    )
{
    PLIST_ENTRY le;
    ULONG n = 0;

    NdisAcquireSpinLock(&Globals->ModuleLock);

    for (le = Globals->ModuleList.Flink;
         le != &Globals->ModuleList;
         le = le->Flink) {

        PLWF_MODULE module = CONTAINING_RECORD(le, LWF_MODULE, Link);

        if (Out != NULL && n < MaxEntries) {
            Out[n].IfIndex = module->IfIndex;
            Out[n].Running = (module->State == LwfStateRunning);
            Out[n].TxFrames = module->TxFrames;
            Out[n].TxBytes = module->TxBytes;
            Out[n].RxFrames = module->RxFrames;
            Out[n].RxBytes = module->RxBytes;
            n++;
        }

        if (Reset) {
            InterlockedExchange64(&module->TxFrames, 0);
            InterlockedExchange64(&module->TxBytes, 0);
            InterlockedExchange64(&module->RxFrames, 0);
            InterlockedExchange64(&module->RxBytes, 0);
        }
    }

    NdisReleaseSpinLock(&Globals->ModuleLock);
    return n;
}

_Use_decl_annotations_
NTSTATUS
LwfDeviceIoControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PLWF_DEVICE_EXTENSION ext;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG maxEntries;

    ext = (PLWF_DEVICE_EXTENSION)NdisGetDeviceReservedExtension(DeviceObject);
    if (ext == NULL || ext->Signature != LWF_DEVICE_SIGNATURE) {
        status = STATUS_INVALID_DEVICE_REQUEST;
        goto Complete;
    }

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_NETTALLY_QUERY:
        maxEntries = outLen / sizeof(NETTALLY_COUNTERS);
        if (maxEntries == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        if (maxEntries > LWF_MAX_REPORTED) {
            maxEntries = LWF_MAX_REPORTED;
        }
        info = (ULONG_PTR)LwfSnapshotCounters(ext->Globals,
                                              (PNETTALLY_COUNTERS)Irp->AssociatedIrp.SystemBuffer,
                                              maxEntries,
                                              FALSE) * sizeof(NETTALLY_COUNTERS);
        break;

    case IOCTL_NETTALLY_RESET:
        (VOID)LwfSnapshotCounters(ext->Globals, NULL, 0, TRUE);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

Complete:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
