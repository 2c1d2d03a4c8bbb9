#include "kbdcount.h"

//
// Number of read IRPs we have sent down with our completion routine
// attached. The class driver keeps one read pending at all times, so
// unload has to wait until the next key stroke completes it.
//
static volatile LONG g_PendingReads = 0;

NTSTATUS
KcReadComplete(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp,
    PVOID Context
    )
{
    PKC_EXTENSION ext = (PKC_EXTENSION)Context;
    PKEYBOARD_INPUT_DATA keys;
    ULONG count;
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        for (i = 0; i < count; i++) {
            if (keys[i].Flags & KEY_BREAK) {
                InterlockedIncrement(&ext->KeyUps);
            } else {
                InterlockedIncrement(&ext->KeyDowns);
            }
            if (keys[i].Flags & KEY_E0) {
                InterlockedIncrement(&ext->E0Keys);
            }
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_PendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
KcDispatchRead(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PKC_EXTENSION ext = (PKC_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KcReadComplete, ext, TRUE, TRUE, TRUE);

    InterlockedIncrement(&g_PendingReads);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
KcDispatchPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PKC_EXTENSION ext = (PKC_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

VOID
KcUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT filter = DriverObject->DeviceObject;
    PKC_EXTENSION ext = (PKC_EXTENSION)filter->DeviceExtension;
    LARGE_INTEGER delay;

    KdPrint(("kbdcount: %ld down / %ld up / %ld extended\n",
             ext->KeyDowns, ext->KeyUps, ext->E0Keys));

    IoDeleteDevice(filter);
    IoDetachDevice(ext->Lower);

    delay.QuadPart = -10LL * 1000 * KC_UNLOAD_POLL_MS;
    while (InterlockedCompareExchange(&g_PendingReads, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    KdPrint(("kbdcount: unloaded\n"));
}

NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(KC_TARGET_DEVICE);
    PDEVICE_OBJECT filter = NULL;
    PKC_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_READ] = KcDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KcDispatchPower;
    DriverObject->DriverUnload = KcUnload;

    status = IoCreateDevice(DriverObject,
                            sizeof(KC_EXTENSION),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            0,
                            FALSE,
                            &filter);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kbdcount: IoCreateDevice 0x%08X\n", status));
        return status;
    }

    ext = (PKC_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(KC_EXTENSION));
    ext->Self = filter;

    // kbdclass uses buffered I/O for its reads
    filter->Flags |= DO_BUFFERED_IO;

    status = IoAttachDevice(filter, &target, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kbdcount: IoAttachDevice(%wZ) 0x%08X\n", &target, status));
        IoDeleteDevice(filter);
        return status;
    }

    filter->Flags |= (ext->Lower->Flags & DO_POWER_PAGABLE);
    filter->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("kbdcount: attached above %p\n", ext->Lower));
    return STATUS_SUCCESS;
}
