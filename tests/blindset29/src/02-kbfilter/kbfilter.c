#include "kbfilter.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KbfAddDevice)
#pragma alloc_text(PAGE, KbfUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    KBF_PRINT("DriverEntry\n");

    // a filter has to pass everything it does not understand
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KbfDispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = KbfDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = KbfDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KbfDispatchPower;

    DriverObject->DriverExtension->AddDevice = KbfAddDevice;
    DriverObject->DriverUnload = KbfUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
KbfAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT filterDo = NULL;
    PKBF_EXTENSION ext;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(KBF_EXTENSION),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &filterDo);
    if (!NT_SUCCESS(status)) {
        KBF_PRINT("IoCreateDevice failed %08x\n", status);
        return status;
    }

    ext = (PKBF_EXTENSION)filterDo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(KBF_EXTENSION));
    ext->Self = filterDo;
    ext->Pdo = PhysicalDeviceObject;
    KeInitializeSpinLock(&ext->StatsLock);
    IoInitializeRemoveLock(&ext->RemoveLock, KBF_TAG, 0, 0);

    ext->LowerDevice = IoAttachDeviceToDeviceStack(filterDo, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        KBF_PRINT("attach failed\n");
        IoDeleteDevice(filterDo);
        return STATUS_NO_SUCH_DEVICE;
    }

    // look like the device below us
    filterDo->Flags |= ext->LowerDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filterDo->DeviceType = ext->LowerDevice->DeviceType;
    filterDo->Characteristics = ext->LowerDevice->Characteristics;

    ext->PnpState = KbfNotStarted;
    ext->PreviousPnpState = KbfNotStarted;

    KBF_PRINT("attached %p above %p\n", filterDo, ext->LowerDevice);
    return STATUS_SUCCESS;
}

VOID
KbfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    // all our device objects are gone by the time PnP unloads us
    NT_ASSERT(DriverObject->DeviceObject == NULL);
    UNREFERENCED_PARAMETER(DriverObject);

    KBF_PRINT("unloaded\n");
}

NTSTATUS
KbfDispatchPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKBF_EXTENSION ext = (PKBF_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
KbfDispatchRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKBF_EXTENSION ext = (PKBF_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    // the remove lock is dropped in the completion routine
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KbfReadComplete, ext, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
KbfReadComplete(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PKBF_EXTENSION ext = (PKBF_EXTENSION)Context;
    PKEYBOARD_INPUT_DATA keys;
    ULONG count, i;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        KeAcquireSpinLock(&ext->StatsLock, &irql);
        for (i = 0; i < count; i++) {
            if ((keys[i].Flags & KEY_BREAK) == 0 && keys[i].MakeCode < KBF_MAX_SCANCODE) {
                ext->KeyDowns[keys[i].MakeCode]++;
                ext->TotalKeys++;
            }
        }
        KeReleaseSpinLock(&ext->StatsLock, irql);
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

VOID
KbfDumpStats(
    _In_ PKBF_EXTENSION Ext
    )
{
    ULONG i;

    KBF_PRINT("total key presses: %lu\n", Ext->TotalKeys);
    for (i = 0; i < KBF_MAX_SCANCODE; i++) {
        if (Ext->KeyDowns[i] != 0) {
            KBF_PRINT("  scan %02x : %lu\n", i, Ext->KeyDowns[i]);
        }
    }
}
