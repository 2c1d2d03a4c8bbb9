/*
 * driver.c - MemReader: read another process's memory for the client tool.
 * Learning project; do not ship this.
 */
#include "memreader.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD MrUnload;

MR_STATE g_Mr;

static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\MemReader");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\MemReader");

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Mr, sizeof(g_Mr));
    ExInitializeFastMutex(&g_Mr.Lock);
    KeInitializeSemaphore(&g_Mr.ScratchGate, 1, 1);

    g_Mr.Scratch = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, MR_MAX_READ, MR_TAG);
    if (g_Mr.Scratch == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = IoCreateDevice(DriverObject, 0, &g_DevName, MR_DEVICE_TYPE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Mr.Device);
    CHECK_STATUS(status, "IoCreateDevice", fail_pool);

    /* drop the cached EPROCESS when the target exits */
    status = PsSetCreateProcessNotifyRoutineEx(MrProcessNotify, FALSE);
    CHECK_STATUS(status, "PsSetCreateProcessNotifyRoutineEx", fail_device);

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    CHECK_STATUS(status, "IoCreateSymbolicLink", fail_device);

    /* remember where the target's main image gets mapped */
    status = PsSetLoadImageNotifyRoutine(MrImageNotify);
    CHECK_STATUS(status, "PsSetLoadImageNotifyRoutine", fail_link);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = MrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = MrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = MrDeviceControl;
    DriverObject->DriverUnload = MrUnload;

    g_Mr.Device->Flags |= DO_BUFFERED_IO;
    g_Mr.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    LOG("ready");
    return STATUS_SUCCESS;

fail_link:
    IoDeleteSymbolicLink(&g_LinkName);
fail_notify:
    PsSetCreateProcessNotifyRoutineEx(MrProcessNotify, TRUE);
fail_device:
    IoDeleteDevice(g_Mr.Device);
    g_Mr.Device = NULL;
fail_pool:
    ExFreePoolWithTag(g_Mr.Scratch, MR_TAG);
    g_Mr.Scratch = NULL;
    return status;
}

VOID MrUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PsRemoveLoadImageNotifyRoutine(MrImageNotify);
    PsSetCreateProcessNotifyRoutineEx(MrProcessNotify, TRUE);

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Mr.Device);

    MrDropTarget();
    ExFreePoolWithTag(g_Mr.Scratch, MR_TAG);
    LOG("unloaded");
}
