/*
 * driver.c - lastgasp
 *
 * Registers for IRP_MJ_SHUTDOWN and bumps a counter in its own service key
 * on every orderly shutdown. Useful to tell crashes from clean reboots on
 * the test boxes.
 */
#include "shutdn.h"

LG_GLOBALS g_Lg;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LgUnload;
_Dispatch_type_(IRP_MJ_SHUTDOWN) DRIVER_DISPATCH LgDispatchShutdown;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH LgDispatchCreateClose;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LgUnload)
#pragma alloc_text(PAGE, LgDispatchShutdown)
#endif

/*
 * Undo in reverse order of DriverEntry. Safe to call with any subset done.
 */
static VOID
Cleanup(VOID)
{
    if (g_Lg.Done & LG_DONE_SHUTDOWN) {
        IoUnregisterShutdownNotification(g_Lg.Device);
        g_Lg.Done &= ~LG_DONE_SHUTDOWN;
    }
    if (g_Lg.Done & LG_DONE_DEVICE) {
        IoDeleteDevice(g_Lg.Device);
        g_Lg.Device = NULL;
        g_Lg.Done &= ~LG_DONE_DEVICE;
    }
    LgFreeConfig();
}

NTSTATUS
LgDispatchShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    NTSTATUS st;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    st = LgWriteShutdownRecord();
    LGLOG(("lastgasp[%wZ]: shutdown #%lu recorded, 0x%08X\n",
           &g_Lg.Label, g_Lg.ShutdownCount, st));

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
LgDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
LgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    LGLOG(("lastgasp: unload (count stays %lu)\n", g_Lg.ShutdownCount));
    Cleanup();
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS ntStatus;

    RtlZeroMemory(&g_Lg, sizeof(g_Lg));

    KdPrint(("lastgasp: DriverEntry %wZ\n", RegistryPath));

    ntStatus = LgCopyServiceKey(RegistryPath);
    if (!NT_SUCCESS(ntStatus)) {
        goto Failed;
    }

    ntStatus = LgReadConfig();
    if (!NT_SUCCESS(ntStatus)) {
        KdPrint(("lastgasp: config 0x%08X\n", ntStatus));
        goto Failed;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LgDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LgDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = LgDispatchShutdown;

    /* unnamed, it only exists to receive IRP_MJ_SHUTDOWN */
    ntStatus = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                              FILE_DEVICE_SECURE_OPEN, FALSE, &g_Lg.Device);
    if (!NT_SUCCESS(ntStatus)) {
        KdPrint(("lastgasp: IoCreateDevice 0x%08X\n", ntStatus));
        goto Failed;
    }
    g_Lg.Done |= LG_DONE_DEVICE;

    ntStatus = IoRegisterShutdownNotification(g_Lg.Device);
    if (!NT_SUCCESS(ntStatus)) {
        KdPrint(("lastgasp: IoRegisterShutdownNotification 0x%08X\n", ntStatus));
        goto Failed;
    }
    g_Lg.Done |= LG_DONE_SHUTDOWN;

    g_Lg.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    DriverObject->DriverUnload = LgUnload;

    LGLOG(("lastgasp[%wZ]: armed, %lu clean shutdowns so far\n",
           &g_Lg.Label, g_Lg.ShutdownCount));
    return STATUS_SUCCESS;

Failed:
    Cleanup();
    return ntStatus;
}
