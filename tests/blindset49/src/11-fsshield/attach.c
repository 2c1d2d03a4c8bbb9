/*
 * attach.c - FsShield device object management
 */
#include "fsshield.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FssFsNotification)
#pragma alloc_text(PAGE, FssCreateFilterDevice)
#pragma alloc_text(PAGE, FssAttach)
#pragma alloc_text(PAGE, FssDetachAll)
#endif

NTSTATUS
FssCreateFilterDevice(
    _In_ PDEVICE_OBJECT Target,
    _In_ BOOLEAN IsVolume,
    _Out_ PDEVICE_OBJECT *FilterDevice
    )
{
    NTSTATUS status;
    PFSS_DEVICE_EXTENSION ext;

    PAGED_CODE();

    status = IoCreateDevice(g_Fss.DriverObject, sizeof(FSS_DEVICE_EXTENSION), NULL,
                            Target->DeviceType, 0, FALSE, FilterDevice);
    if (!NT_SUCCESS(status)) {
        *FilterDevice = NULL;
        return status;
    }

    ext = FSS_EXT(*FilterDevice);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->IsVolume = IsVolume;
    ext->Self = *FilterDevice;
    return STATUS_SUCCESS;
}

NTSTATUS
FssAttach(
    _In_ PDEVICE_OBJECT FilterDevice,
    _In_ PDEVICE_OBJECT Target
    )
{
    PFSS_DEVICE_EXTENSION ext = FSS_EXT(FilterDevice);
    NTSTATUS status;

    PAGED_CODE();

    status = IoAttachDeviceToDeviceStackSafe(FilterDevice, Target, &ext->NextLower);
    if (!NT_SUCCESS(status)) {
        return status;      /* caller still owns FilterDevice and deletes it */
    }
    ext->AttachedTarget = Target;

    SetFlag(FilterDevice->Flags, FlagOn(ext->NextLower->Flags,
                                        DO_BUFFERED_IO | DO_DIRECT_IO | DO_SUPPORTS_TRANSACTIONS));
    SetFlag(FilterDevice->Characteristics,
            FlagOn(ext->NextLower->Characteristics, FILE_DEVICE_SECURE_OPEN));

    /* created outside DriverEntry (or may be): the I/O manager won't clear it */
    ClearFlag(FilterDevice->Flags, DO_DEVICE_INITIALIZING);

    ExAcquireFastMutex(&g_Fss.ListLock);
    InsertTailList(&g_Fss.Devices, &ext->Entry);
    ExReleaseFastMutex(&g_Fss.ListLock);
    return STATUS_SUCCESS;
}

VOID
FssFsNotification(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ BOOLEAN FsActive
    )
{
    UNICODE_STRING fsRec = RTL_CONSTANT_STRING(L"\\FileSystem\\Fs_Rec");
    PDEVICE_OBJECT filter = NULL;
    PLIST_ENTRY e;
    PFSS_DEVICE_EXTENSION ext, found = NULL;

    PAGED_CODE();

    if (DeviceObject->DeviceType != FILE_DEVICE_DISK_FILE_SYSTEM ||
        RtlEqualUnicodeString(&DeviceObject->DriverObject->DriverName, &fsRec, TRUE)) {
        return;
    }

    if (FsActive) {
        if (NT_SUCCESS(FssCreateFilterDevice(DeviceObject, FALSE, &filter)) &&
            !NT_SUCCESS(FssAttach(filter, DeviceObject))) {
            IoDeleteDevice(filter);
        }
        return;
    }

    ExAcquireFastMutex(&g_Fss.ListLock);
    for (e = g_Fss.Devices.Flink; e != &g_Fss.Devices; e = e->Flink) {
        ext = CONTAINING_RECORD(e, FSS_DEVICE_EXTENSION, Entry);
        if (!ext->IsVolume && ext->AttachedTarget == DeviceObject) {
            RemoveEntryList(&ext->Entry);
            found = ext;
            break;
        }
    }
    ExReleaseFastMutex(&g_Fss.ListLock);

    if (found != NULL) {
        IoDetachDevice(found->NextLower);
        IoDeleteDevice(found->Self);
    }
}

VOID
FssFastIoDetachDevice(
    _In_ PDEVICE_OBJECT SourceDevice,
    _In_ PDEVICE_OBJECT TargetDevice
    )
{
    ExAcquireFastMutex(&g_Fss.ListLock);
    RemoveEntryList(&FSS_EXT(SourceDevice)->Entry);
    ExReleaseFastMutex(&g_Fss.ListLock);

    IoDetachDevice(TargetDevice);
    IoDeleteDevice(SourceDevice);
}

VOID
FssDetachAll(
    VOID
    )
{
    LIST_ENTRY pending;
    PLIST_ENTRY e;
    LARGE_INTEGER wait;

    PAGED_CODE();

    InitializeListHead(&pending);

    ExAcquireFastMutex(&g_Fss.ListLock);
    while (!IsListEmpty(&g_Fss.Devices)) {
        e = RemoveHeadList(&g_Fss.Devices);
        IoDetachDevice(CONTAINING_RECORD(e, FSS_DEVICE_EXTENSION, Entry)->NextLower);
        InsertTailList(&pending, e);
    }
    ExReleaseFastMutex(&g_Fss.ListLock);

    /* requests already passed down through us still return via our stack slot */
    wait.QuadPart = -10 * 1000 * (LONGLONG)FSS_DRAIN_MS;
    KeDelayExecutionThread(KernelMode, FALSE, &wait);

    while (!IsListEmpty(&pending)) {
        e = RemoveHeadList(&pending);
        IoDeleteDevice(CONTAINING_RECORD(e, FSS_DEVICE_EXTENSION, Entry)->Self);
    }
}
