/*
 * imgguard.sys
 *
 *   - image load notify: flags foreign DLLs mapped into the guarded process
 *     and known-vulnerable drivers being loaded
 *   - thread handle guard: no suspend / set-context on the guarded process
 *
 * the guarded pid is handed in by the launcher via IOCTL_IG_SET_TARGET
 */
#include "imgguard.h"

IG_GLOBALS g_Ig;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD IgUnload;
DRIVER_DISPATCH IgCreateClose;
DRIVER_DISPATCH IgIoctl;

NTSTATUS
IgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
IgIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PVOID sysbuf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_IG_SET_TARGET:
        if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        KeAcquireSpinLock(&g_Ig.Lock, &irql);
        g_Ig.TargetPid = ULongToHandle(*(PULONG)sysbuf);
        g_Ig.HitCount = 0;
        g_Ig.HitNext = 0;
        KeReleaseSpinLock(&g_Ig.Lock, irql);
        LOG("target pid now %u", *(PULONG)sysbuf);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_IG_GET_HITS:
    {
        ULONG want = stack->Parameters.DeviceIoControl.OutputBufferLength / sizeof(IG_HIT);
        ULONG n;

        KeAcquireSpinLock(&g_Ig.Lock, &irql);
        n = min(want, g_Ig.HitCount);
        RtlCopyMemory(sysbuf, g_Ig.Hits, n * sizeof(IG_HIT));
        KeReleaseSpinLock(&g_Ig.Lock, irql);

        info = n * sizeof(IG_HIT);
        status = STATUS_SUCCESS;
        break;
    }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
IgUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(IG_LINK_NAME);
    KIRQL irql;

    UNREFERENCED_PARAMETER(DriverObject);

    /* flip Active and pull the notify routine atomically so that no
       callback can record a hit halfway through teardown */
    KeAcquireSpinLock(&g_Ig.Lock, &irql);
    g_Ig.Active = FALSE;
    if (g_Ig.ImageNotifyOn) {
        PsRemoveLoadImageNotifyRoutine(IgLoadImageNotify);
        g_Ig.ImageNotifyOn = FALSE;
    }
    KeReleaseSpinLock(&g_Ig.Lock, irql);

    IgStopHandleGuard();

    if (g_Ig.LinkCreated) {
        IoDeleteSymbolicLink(&link);
    }
    if (g_Ig.Device) {
        IoDeleteDevice(g_Ig.Device);
    }
    LOG("unloaded");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(IG_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(IG_LINK_NAME);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Ig, sizeof(g_Ig));
    KeInitializeSpinLock(&g_Ig.Lock);

    DriverObject->DriverUnload = IgUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = IgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = IgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = IgIoctl;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, TRUE, &g_Ig.Device);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateDevice 0x%08X", status);
        return status;
    }
    g_Ig.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateSymbolicLink 0x%08X", status);
        IoDeleteDevice(g_Ig.Device);
        return status;
    }
    g_Ig.LinkCreated = TRUE;

    g_Ig.Active = TRUE;

    status = PsSetLoadImageNotifyRoutine(IgLoadImageNotify);
    if (!NT_SUCCESS(status)) {
        LOG("PsSetLoadImageNotifyRoutine 0x%08X", status);
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(g_Ig.Device);
        return status;
    }
    g_Ig.ImageNotifyOn = TRUE;

    IgStartHandleGuard();

    g_Ig.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    LOG("loaded");
    return STATUS_SUCCESS;
}
