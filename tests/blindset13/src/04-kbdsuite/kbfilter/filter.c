/*
 * filter.c - kbfilter.sys: counts (and, when "Capture" is set, prints) the
 * scan codes coming up from \Device\KeyboardClass0.
 */
#include "filter.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FilterUnload;
DRIVER_DISPATCH FilterRead;
DRIVER_DISPATCH FilterPassThrough;
IO_COMPLETION_ROUTINE FilterReadComplete;

BOOLEAN g_Capture;

NTSTATUS FilterPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFILTER_EXTENSION ext = (PFILTER_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS FilterReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PFILTER_EXTENSION ext = (PFILTER_EXTENSION)Context;
    PKEYBOARD_INPUT_DATA keys;
    ULONG count, i;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        for (i = 0; i < count; i++) {
            if (!(keys[i].Flags & KEY_BREAK)) {
                ext->KeysSeen++;
                if (g_Capture) {
                    KLOG("scan 0x%02X flags 0x%X", keys[i].MakeCode, keys[i].Flags);
                }
            }
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    InterlockedDecrement(&ext->PendingReads);
    return Irp->IoStatus.Status;
}

NTSTATUS FilterRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFILTER_EXTENSION ext = (PFILTER_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, FilterReadComplete, ext, TRUE, TRUE, TRUE);
    InterlockedIncrement(&ext->PendingReads);
    return IoCallDriver(ext->LowerDevice, Irp);
}

VOID FilterUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    CleanupGlobals();
    KLOG("unloaded");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    ULONG capture = 0;

    UNREFERENCED_PARAMETER(RegistryPath);
    KlogInit("kbfilter");

    /* kbctl writes this value; missing simply means "off" */
    if (NT_SUCCESS(KsReadDword(KBSUITE_FILTER_PARAMS, KBSUITE_VALUE_CAPTURE, &capture))) {
        g_Capture = capture != 0;
    }

    DriverObject->MajorFunction[IRP_MJ_READ] = FilterRead;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FilterPassThrough;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FilterPassThrough;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = FilterPassThrough;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FilterPassThrough;
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = FilterPassThrough;
    DriverObject->DriverUnload = FilterUnload;

    status = CreateDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        KLOG("CreateDevice failed 0x%08X", status);
        return status;
    }

    status = InitDevice();
    if (!NT_SUCCESS(status)) {
        KLOG("InitDevice failed 0x%08X", status);
        return status;
    }

    KLOG("attached, capture=%u", (ULONG)g_Capture);
    return STATUS_SUCCESS;
}
