/*
 * FANCTL.C - DriverEntry and the simple dispatch routines of the FANCTL
 * WDM function driver. PnP and power handling lives in PNP.C.
 *
 * Revision history:
 *   1.00  initial release (PWM duty cycle only)
 *   1.10  per-fan default duty cycle read from the service key
 */

#include <ntddk.h>
#include <initguid.h>
#include "FANCTL.H"

FANCTL_GLOBALS FanGlobals;

static NTSTATUS FanSaveRegistryPath(_In_ PCUNICODE_STRING RegistryPath);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, FanSaveRegistryPath)
#pragma alloc_text(PAGE, FanUnload)
#pragma alloc_text(PAGE, FanCreateClose)
#endif

/*
 * Keep our own copy of the service key path: the string passed to
 * DriverEntry is owned by the I/O manager and freed after we return.
 */
static NTSTATUS
FanSaveRegistryPath(
    _In_ PCUNICODE_STRING RegistryPath
    )
{
    USHORT length = RegistryPath->Length + sizeof(UNICODE_NULL);

    FanGlobals.RegistryPath.Buffer =
        (PWCH)ExAllocatePoolWithTag(PagedPool, length, FANCTL_POOL_TAG);
    if (FanGlobals.RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    FanGlobals.RegistryPath.Length = 0;
    FanGlobals.RegistryPath.MaximumLength = length;
    RtlCopyUnicodeString(&FanGlobals.RegistryPath, RegistryPath);
    FanGlobals.RegistryPath.Buffer[RegistryPath->Length / sizeof(WCHAR)] = UNICODE_NULL;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    KdPrint(("FANCTL: built " __DATE__ " " __TIME__ "\n"));

    status = FanSaveRegistryPath(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    FanGlobals.DefaultDutyCycle = 60;

    DriverObject->MajorFunction[IRP_MJ_PNP]            = FanDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = FanDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = FanCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = FanCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FanDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = FanSystemControl;

    DriverObject->DriverExtension->AddDevice = FanAddDevice;
    DriverObject->DriverUnload = FanUnload;

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
FanUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    /* All device objects are gone by now (IRP_MN_REMOVE_DEVICE). */
    ASSERT(DriverObject->DeviceObject == NULL);
    UNREFERENCED_PARAMETER(DriverObject);

    if (FanGlobals.RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(FanGlobals.RegistryPath.Buffer, FANCTL_POOL_TAG);
        FanGlobals.RegistryPath.Buffer = NULL;
    }
}

_Use_decl_annotations_
NTSTATUS
FanCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PFANCTL_EXTENSION ext = (PFANCTL_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();

    if (ext->PnpState != FanStarted) {
        status = STATUS_DEVICE_NOT_READY;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

_Use_decl_annotations_
NTSTATUS
FanDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    /* The IOCTL interface is not implemented in this revision. */
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

_Use_decl_annotations_
NTSTATUS
FanSystemControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    /* No WMI provider of our own: pass it down. */
    return FanForwardAndForget((PFANCTL_EXTENSION)DeviceObject->DeviceExtension, Irp);
}
