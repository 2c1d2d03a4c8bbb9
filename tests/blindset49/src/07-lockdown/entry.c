/*
 * entry.c - LockDown DriverEntry / DriverUnload
 */
#include "lockdown.h"

LD_GLOBALS g_Ld;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     LdUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LdUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PFAST_IO_DISPATCH fastIo;
    UNICODE_STRING cdoName = RTL_CONSTANT_STRING(LD_CDO_NAME);
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_Ld.DriverObject = DriverObject;
    g_Ld.Locked = 0;
    ExInitializeFastMutex(&g_Ld.Lock);
    InitializeListHead(&g_Ld.Attached);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = LdDispatchPass;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE]              = LdDispatchCreate;
    DriverObject->MajorFunction[IRP_MJ_SET_INFORMATION]     = LdDispatchSetInfo;
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = LdDispatchFsControl;

    /* fast I/O is not filtered; NULL entries send callers down the IRP path */
    fastIo = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(FAST_IO_DISPATCH), LD_TAG);
    if (fastIo == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(fastIo, sizeof(FAST_IO_DISPATCH));
    fastIo->SizeOfFastIoDispatch = sizeof(FAST_IO_DISPATCH);
    fastIo->FastIoDetachDevice = LdFastIoDetachDevice;
    DriverObject->FastIoDispatch = fastIo;

    status = IoCreateDevice(DriverObject,
                            0,
                            &cdoName,
                            FILE_DEVICE_DISK_FILE_SYSTEM,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Ld.ControlDevice);
    if (!NT_SUCCESS(status)) {
        LDTRACE(("LockDown: IoCreateDevice failed %08x\n", status));
        DriverObject->FastIoDispatch = NULL;
        ExFreePoolWithTag(fastIo, LD_TAG);
        return status;
    }

    status = IoRegisterFsRegistrationChange(DriverObject, LdFsNotification);
    if (!NT_SUCCESS(status)) {
        LDTRACE(("LockDown: IoRegisterFsRegistrationChange failed %08x\n", status));
        IoDeleteDevice(g_Ld.ControlDevice);
        g_Ld.ControlDevice = NULL;
        DriverObject->FastIoDispatch = NULL;
        return status;
    }

    DriverObject->DriverUnload = LdUnload;

    LDTRACE(("LockDown: loaded\n"));
    return STATUS_SUCCESS;
}

VOID
LdUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PFAST_IO_DISPATCH fastIo = DriverObject->FastIoDispatch;

    PAGED_CODE();

    IoUnregisterFsRegistrationChange(DriverObject, LdFsNotification);

    /* detaches everything, waits for stragglers, then deletes */
    LdDetachAll();

    IoDeleteDevice(g_Ld.ControlDevice);
    g_Ld.ControlDevice = NULL;

    DriverObject->FastIoDispatch = NULL;
    if (fastIo != NULL) {
        ExFreePoolWithTag(fastIo, LD_TAG);
    }

    LDTRACE(("LockDown: unloaded\n"));
}
