/*
 * init.c - FsShield load and unload
 */
#include "fsshield.h"

FSS_DATA g_Fss;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     FssUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FssUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING cdoName = RTL_CONSTANT_STRING(FSS_CDO_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(FSS_LINK_NAME);
    BOOLEAN linkCreated = FALSE;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Fss, sizeof(g_Fss));
    g_Fss.DriverObject = DriverObject;
    ExInitializeFastMutex(&g_Fss.ListLock);
    InitializeListHead(&g_Fss.Devices);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = FssPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FssCreate;
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = FssFsControl;

    g_Fss.FastIo = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(FAST_IO_DISPATCH), FSS_TAG);
    if (g_Fss.FastIo == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Fss.FastIo->SizeOfFastIoDispatch = sizeof(FAST_IO_DISPATCH);
    g_Fss.FastIo->FastIoDetachDevice = FssFastIoDetachDevice;
    DriverObject->FastIoDispatch = g_Fss.FastIo;

    status = IoCreateDevice(DriverObject, 0, &cdoName, FILE_DEVICE_DISK_FILE_SYSTEM,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Fss.ControlDevice);
    if (!NT_SUCCESS(status)) {
        FSS_LOG(("FsShield: IoCreateDevice 0x%08X\n", status));
        goto fail;
    }

    status = IoCreateSymbolicLink(&linkName, &cdoName);
    if (!NT_SUCCESS(status)) {
        FSS_LOG(("FsShield: IoCreateSymbolicLink 0x%08X\n", status));
        goto fail;
    }
    linkCreated = TRUE;

    /*
     * Last step: the notification routine runs right away for every file
     * system that is already registered, so everything it touches has to
     * exist by now.
     */
    status = IoRegisterFsRegistrationChange(DriverObject, FssFsNotification);
    if (!NT_SUCCESS(status)) {
        FSS_LOG(("FsShield: IoRegisterFsRegistrationChange 0x%08X\n", status));
        goto fail;
    }

    DriverObject->DriverUnload = FssUnload;
    return STATUS_SUCCESS;

fail:
    if (linkCreated) {
        IoDeleteSymbolicLink(&linkName);
    }
    if (g_Fss.ControlDevice != NULL) {
        IoDeleteDevice(g_Fss.ControlDevice);
        g_Fss.ControlDevice = NULL;
    }
    DriverObject->FastIoDispatch = NULL;
    ExFreePoolWithTag(g_Fss.FastIo, FSS_TAG);
    g_Fss.FastIo = NULL;
    return status;
}

VOID
FssUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(FSS_LINK_NAME);

    PAGED_CODE();

    /* no new file systems, then let go of everything we sit on */
    IoUnregisterFsRegistrationChange(DriverObject, FssFsNotification);
    FssDetachAll();

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Fss.ControlDevice);
    g_Fss.ControlDevice = NULL;

    DriverObject->FastIoDispatch = NULL;
    ExFreePoolWithTag(g_Fss.FastIo, FSS_TAG);
    g_Fss.FastIo = NULL;

    FSS_LOG(("FsShield: unloaded, %ld writes blocked\n", g_Fss.Blocked));
}
