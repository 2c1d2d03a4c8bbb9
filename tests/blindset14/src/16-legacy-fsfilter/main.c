/*
 * main.c - FsPeek entry and unload
 */
#include "fsflt.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FsfUnload;

PDEVICE_OBJECT g_FsfControl;

static UNICODE_STRING g_NameFilters = RTL_CONSTANT_STRING(L"\\FileSystem\\Filters\\FsPeek");
static UNICODE_STRING g_NameOld = RTL_CONSTANT_STRING(L"\\FileSystem\\FsPeekCdo");

static VOID FsfInitFastIo(PFAST_IO_DISPATCH FastIo)
{
    /*
     * Only the detach notification is implemented. Every other entry stays
     * NULL, which sends the I/O manager down the IRP path instead.
     */
    RtlZeroMemory(FastIo, sizeof(*FastIo));
    FastIo->SizeOfFastIoDispatch = sizeof(FAST_IO_DISPATCH);
    FastIo->FastIoDetachDevice = FsfFastIoDetachDevice;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PFSF_CONTROL_EXTENSION cext;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(FSF_CONTROL_EXTENSION), &g_NameFilters,
                            FILE_DEVICE_DISK_FILE_SYSTEM, FILE_DEVICE_SECURE_OPEN, FALSE, &g_FsfControl);
    if (status == STATUS_OBJECT_PATH_NOT_FOUND) {
        /* no \FileSystem\Filters directory on this system */
        status = IoCreateDevice(DriverObject, sizeof(FSF_CONTROL_EXTENSION), &g_NameOld,
                                FILE_DEVICE_DISK_FILE_SYSTEM, FILE_DEVICE_SECURE_OPEN, FALSE, &g_FsfControl);
    }
    if (!NT_SUCCESS(status)) {
        KdPrint(("FsPeek: control device 0x%08X\n", status));
        return status;
    }

    cext = (PFSF_CONTROL_EXTENSION)g_FsfControl->DeviceExtension;
    RtlZeroMemory(cext, sizeof(*cext));
    cext->Common.Kind = FsfControl;
    cext->Common.Self = g_FsfControl;
    cext->Globals.DriverObject = DriverObject;
    ExInitializeFastMutex(&cext->Globals.AttachLock);
    InitializeListHead(&cext->Globals.Attached);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = FsfPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = FsfCreate;
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = FsfFsControl;

    FsfInitFastIo(&cext->Globals.FastIo);
    DriverObject->FastIoDispatch = &cext->Globals.FastIo;

    g_FsfControl->Flags &= ~DO_DEVICE_INITIALIZING;

    /* calls FsfFsNotification right away for every file system already loaded */
    status = IoRegisterFsRegistrationChange(DriverObject, FsfFsNotification);
    if (!NT_SUCCESS(status)) {
        KdPrint(("FsPeek: IoRegisterFsRegistrationChange 0x%08X\n", status));
        FsfDetachAll();                 /* normally nothing to do here */
        DriverObject->FastIoDispatch = NULL;
        IoDeleteDevice(g_FsfControl);
        g_FsfControl = NULL;
        return status;
    }

    DriverObject->DriverUnload = FsfUnload;
    return STATUS_SUCCESS;
}

VOID FsfUnload(PDRIVER_OBJECT DriverObject)
{
    /* no more file system arrivals or departures */
    IoUnregisterFsRegistrationChange(DriverObject, FsfFsNotification);

    /* leave every stack we joined, then delete our devices */
    FsfDetachAll();

    DriverObject->FastIoDispatch = NULL;
    IoDeleteDevice(g_FsfControl);
    g_FsfControl = NULL;

    KdPrint(("FsPeek: unloaded\n"));
}
