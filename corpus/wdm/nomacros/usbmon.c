/*
 * usbmon.c - legacy driver of a bus monitor whose team keeps its helper
 * macros in drvmacros.h, a header of another tree that is not here. Each
 * macro is used as a statement: ALLOC_TAGGED_OR_RETURN (in a helper that
 * holds nothing else) tests its pointer and returns, FREE_TAGGED releases
 * one, STOP_WATCHERS (in the unload routine) removes the image callback,
 * and RETURN_WITH_TRACE ends DriverEntry.
 * With their definitions missing, each is an unknown call: no finding may
 * rest on what it is taken to do or not to do. Conforming.
 */

#include <ntddk.h>
#include "drvmacros.h"

#define UMON_TAG 'nomU'

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

static NTSTATUS
UmonAllocHistory(
    _Out_ PVOID *History
    )
{
    PVOID history;

    *History = NULL;
    history = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, UMON_TAG);
    ALLOC_TAGGED_OR_RETURN(history);
    RtlZeroMemory(history, PAGE_SIZE);
    *History = history;
    return STATUS_SUCCESS;
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
    FREE_TAGGED(UmonHistory, UMON_TAG);
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

    status = PsSetLoadImageNotifyRoutine(UmonImageNotify);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = UmonAllocHistory(&history);
    if (!NT_SUCCESS(status)) {
        PsRemoveLoadImageNotifyRoutine(UmonImageNotify);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &device);
    if (!NT_SUCCESS(status)) {
        PsRemoveLoadImageNotifyRoutine(UmonImageNotify);
        FREE_TAGGED(history, UMON_TAG);
        return status;
    }

    UmonHistory = history;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = UmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = UmonCreateClose;
    DriverObject->DriverUnload = UmonUnload;
    RETURN_WITH_TRACE(STATUS_SUCCESS);
}
