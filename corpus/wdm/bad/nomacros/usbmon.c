/*
 * usbmon.c (violating) - the bus monitor of ../../nomacros: drvmacros.h is
 * missing, so STOP_WATCHERS (in the unload routine) and RETURN_WITH_TRACE
 * are unknown calls. The history buffer is freed with UMON_FREE, a macro of
 * this file, whose definition is visible.
 *
 * BUG (DE006): when IoCreateDevice fails, the image callback is removed but
 * the history buffer is not freed.
 */

#include <ntddk.h>
#include "drvmacros.h"

#define UMON_TAG 'nomU'
#define UMON_FREE(p) ExFreePoolWithTag((p), UMON_TAG)

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD UmonUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH UmonCreateClose;

static PVOID UmonHistory;

static VOID
UmonImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
}

NTSTATUS
UmonCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
UmonUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    STOP_WATCHERS(UmonImageNotify);
    UMON_FREE(UmonHistory);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PDEVICE_OBJECT device;
    PVOID history;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    history = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, UMON_TAG);
    if (history == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = PsSetLoadImageNotifyRoutine(UmonImageNotify);
    if (!NT_SUCCESS(status)) {
        UMON_FREE(history);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &device);
    if (!NT_SUCCESS(status)) {
        PsRemoveLoadImageNotifyRoutine(UmonImageNotify);
        return status;                                  // expect: DE006
    }

    UmonHistory = history;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = UmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = UmonCreateClose;
    DriverObject->DriverUnload = UmonUnload;
    RETURN_WITH_TRACE(STATUS_SUCCESS);
}
