/*++

Module Name:

    optinit.c

Abstract:

    Device initialization, start/remove and request callbacks for the
    optical jukebox class driver.  All of these are handed to CLASSPNP in
    the CLASS_INIT_DATA built by DriverEntry.

--*/

#include "optjuke.h"

static NTSTATUS OptjQueryUnitParameters(_In_ POPTJ_DRIVER_EXTENSION DriverExtension,
                                        _Inout_ POPTJ_FDO_DATA FdoData);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, OptjInitDevice)
#pragma alloc_text(PAGE, OptjQueryUnitParameters)
#pragma alloc_text(PAGE, OptjStartDevice)
#pragma alloc_text(PAGE, OptjStopDevice)
#pragma alloc_text(PAGE, OptjRemoveDevice)
#endif

#define OPTJ_DWORD_ENTRY(_t, _name, _ctx, _def)                                   \
    (_t)->Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK; \
    (_t)->Name          = (_name);                                               \
    (_t)->EntryContext  = (_ctx);                                                \
    (_t)->DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD; \
    (_t)->DefaultData   = (_def);                                                \
    (_t)->DefaultLength = sizeof(ULONG)

//
// Reads TimeoutValue, SlotCount and Verbose from the service key.
// Missing values leave the defaults alone.
//
static
NTSTATUS
OptjQueryUnitParameters(
    _In_ POPTJ_DRIVER_EXTENSION DriverExtension,
    _Inout_ POPTJ_FDO_DATA FdoData
    )
{
    RTL_QUERY_REGISTRY_TABLE    table[4];
    ULONG                       timeout  = FdoData->TimeoutValue;
    ULONG                       slots    = OPTJ_MAX_SLOTS;
    ULONG                       verbose  = 0;
    ULONG                       zero     = 0;
    NTSTATUS                    status;

    PAGED_CODE();

    RtlZeroMemory(table, sizeof(table));
    OPTJ_DWORD_ENTRY(&table[0], L"TimeoutValue", &timeout, &zero);
    OPTJ_DWORD_ENTRY(&table[1], L"SlotCount",    &slots,   &zero);
    OPTJ_DWORD_ENTRY(&table[2], L"Verbose",      &verbose, &zero);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    DriverExtension->RegistryPath.Buffer,
                                    table, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (timeout != 0) {
        FdoData->TimeoutValue = timeout;
    }

    FdoData->SlotCount = (slots != 0 && slots <= OPTJ_MAX_SLOTS) ? slots : OPTJ_MAX_SLOTS;
    DriverExtension->VerboseLogging = (verbose != 0);

    return STATUS_SUCCESS;
}

//
// Called by CLASSPNP the first time the FDO is started.  Picks up the
// tuning values and programs the SRB timeout.
//
_Use_decl_annotations_
NTSTATUS
OptjInitDevice(
    PDEVICE_OBJECT Fdo
    )
{
    PFUNCTIONAL_DEVICE_EXTENSION    fdoExtension = Fdo->DeviceExtension;
    POPTJ_FDO_DATA                  fdoData;
    POPTJ_DRIVER_EXTENSION          driverExtension;
    NTSTATUS                        status;

    fdoData = (POPTJ_FDO_DATA)fdoExtension->CommonExtension.DriverData;

    driverExtension = IoGetDriverObjectExtension(Fdo->DriverObject, &OptjDriverExtensionKey);
    if (driverExtension == NULL) {
        return STATUS_INTERNAL_ERROR;
    }

    status = OptjQueryUnitParameters(driverExtension, fdoData);

    if (!NT_SUCCESS(status)) {
        // not fatal, the defaults are fine
        OptjPrint(("OptJuke: no unit parameters (%08x), using defaults\n", status));
        fdoData->SlotCount = OPTJ_MAX_SLOTS;
    }

    fdoExtension->TimeOutValue = fdoData->TimeoutValue;

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
OptjStartDevice(PDEVICE_OBJECT Fdo)
{
    PFUNCTIONAL_DEVICE_EXTENSION fdoExtension = Fdo->DeviceExtension;
    POPTJ_FDO_DATA fdoData = (POPTJ_FDO_DATA)fdoExtension->CommonExtension.DriverData;

    PAGED_CODE();

    fdoData->Started = TRUE;

    OptjPrint(("OptJuke: unit %u started, %u slots, timeout %u\n",
               fdoData->DeviceNumber, fdoData->SlotCount, fdoData->TimeoutValue));

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
OptjStopDevice(PDEVICE_OBJECT DeviceObject, UCHAR Type)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Type);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
OptjRemoveDevice(PDEVICE_OBJECT DeviceObject, UCHAR Type)
{
    PFUNCTIONAL_DEVICE_EXTENSION fdoExtension = DeviceObject->DeviceExtension;
    POPTJ_FDO_DATA fdoData;

    PAGED_CODE();

    if ((Type == IRP_MN_QUERY_REMOVE_DEVICE) || (Type == IRP_MN_CANCEL_REMOVE_DEVICE)) {
        return STATUS_SUCCESS;
    }

    fdoData = (POPTJ_FDO_DATA)fdoExtension->CommonExtension.DriverData;
    fdoData->Started = FALSE;

    OptjPrint(("OptJuke: unit %u removed (type %x)\n", fdoData->DeviceNumber, Type));
    return STATUS_SUCCESS;
}

//
// The changer itself carries no data; plain reads and writes are refused.
// CLASSPNP completes the request for us on failure.
//
_Use_decl_annotations_
NTSTATUS
OptjReadWriteVerification(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    return STATUS_INVALID_DEVICE_REQUEST;
}

_Use_decl_annotations_
NTSTATUS
OptjDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFUNCTIONAL_DEVICE_EXTENSION    fdoExtension = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION              irpStack = IoGetCurrentIrpStackLocation(Irp);
    POPTJ_FDO_DATA                  fdoData;
    NTSTATUS                        status;

    fdoData = (POPTJ_FDO_DATA)fdoExtension->CommonExtension.DriverData;
    Irp->IoStatus.Information = 0;

    switch (irpStack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_OPTJ_GET_SLOTS:
        if (irpStack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PULONG)Irp->AssociatedIrp.SystemBuffer = fdoData->SlotCount;
        Irp->IoStatus.Information = sizeof(ULONG);
        status = STATUS_SUCCESS;
        break;

    default:
        // everything else goes to the common class handler, which takes
        // care of the remove lock and completion itself
        return ClassDeviceControl(DeviceObject, Irp);
    }

    Irp->IoStatus.Status = status;
    ClassReleaseRemoveLock(DeviceObject, Irp);
    ClassCompleteRequest(DeviceObject, Irp, IO_NO_INCREMENT);
    return status;
}
