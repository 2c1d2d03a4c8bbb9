/*
 * driver.c - fsmon DriverEntry and unload.
 */
#include "fsflt.h"

PFSF_GLOBALS FsfGlobals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     FsfUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FsfUnload)
#endif

static NTSTATUS
FsfCreateControlDevice(
    _In_  PDRIVER_OBJECT  DriverObject,
    _Out_ PDEVICE_OBJECT *ControlDevice
    )
{
    UNICODE_STRING name;
    NTSTATUS status;

    RtlInitUnicodeString(&name, FSF_CDO_NAME);
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM,
                            FILE_DEVICE_SECURE_OPEN, FALSE, ControlDevice);

    if (status == STATUS_OBJECT_PATH_NOT_FOUND) {
        /* \FileSystem\Filters does not exist before XP */
        RtlInitUnicodeString(&name, FSF_CDO_NAME_OLD);
        status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM,
                                FILE_DEVICE_SECURE_OPEN, FALSE, ControlDevice);
    }
    return status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PFAST_IO_DISPATCH fastIo;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    FsfGlobals = ExAllocatePoolZero(NonPagedPoolNx, sizeof(FSF_GLOBALS), FSF_TAG);
    if (FsfGlobals == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    FsfGlobals->DriverObject = DriverObject;
    ExInitializeFastMutex(&FsfGlobals->AttachLock);
    InitializeListHead(&FsfGlobals->AttachedList);

    status = FsfCreateControlDevice(DriverObject, &FsfGlobals->ControlDevice);
    if (!NT_SUCCESS(status)) {
        KdPrint(("fsmon: control device 0x%08X\n", status));
        ExFreePoolWithTag(FsfGlobals, FSF_TAG);
        FsfGlobals = NULL;
        return status;
    }

    /* everything passes through by default */
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = FsfPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE]              = FsfCreate;
    DriverObject->MajorFunction[IRP_MJ_CREATE_NAMED_PIPE]   = FsfCreate;
    DriverObject->MajorFunction[IRP_MJ_CREATE_MAILSLOT]     = FsfCreate;
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = FsfFsControl;

    fastIo = ExAllocatePoolZero(NonPagedPoolNx, sizeof(FAST_IO_DISPATCH), FSF_TAG);
    if (fastIo == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_fastio;
    }
    FsfFillFastIoTable(fastIo);
    DriverObject->FastIoDispatch = fastIo;
    FsfGlobals->FastIoDispatch   = fastIo;

    /*
     * The notification routine runs for every already registered file
     * system before this call returns, so everything it uses is set up.
     */
    status = IoRegisterFsRegistrationChange(DriverObject, FsfFsNotification);
    if (!NT_SUCCESS(status)) {
        KdPrint(("fsmon: IoRegisterFsRegistrationChange 0x%08X\n", status));
        goto fail_notify;
    }

    ClearFlag(FsfGlobals->ControlDevice->Flags, DO_DEVICE_INITIALIZING);
    DriverObject->DriverUnload = FsfUnload;
    return STATUS_SUCCESS;

fail_notify:
    DriverObject->FastIoDispatch = NULL;
    ExFreePoolWithTag(fastIo, FSF_TAG);
fail_fastio:
    ExFreePoolWithTag(FsfGlobals, FSF_TAG);
    IoDeleteDevice(FsfGlobals->ControlDevice);
    FsfGlobals = NULL;
    return status;
}

VOID
FsfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    LARGE_INTEGER delay;

    PAGED_CODE();

    KdPrint(("fsmon: unloading, %u devices attached\n", FsfGlobals->AttachedCount));

    FsfDetachAll();

    /* let in-flight IRPs that already passed through us drain */
    delay.QuadPart = -5 * 1000 * 1000 * 10;   /* 5 s */
    KeDelayExecutionThread(KernelMode, FALSE, &delay);

    DriverObject->FastIoDispatch = NULL;
    ExFreePoolWithTag(FsfGlobals->FastIoDispatch, FSF_TAG);

    IoDeleteDevice(FsfGlobals->ControlDevice);

    ExFreePoolWithTag(FsfGlobals, FSF_TAG);
    FsfGlobals = NULL;
}
