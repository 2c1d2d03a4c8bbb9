/*
 * attach.c - attaching to / detaching from file system control devices
 */
#include "volwatch.h"

static BOOLEAN VwIsRecognizer(_In_ PDEVICE_OBJECT FsDevice);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VwFsNotification)
#pragma alloc_text(PAGE, VwAttachToFileSystem)
#pragma alloc_text(PAGE, VwDetachFromFileSystem)
#pragma alloc_text(PAGE, VwDetachAll)
#pragma alloc_text(PAGE, VwIsRecognizer)
#endif

VOID
VwFsNotification(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ BOOLEAN FsActive
    )
{
    PAGED_CODE();

    VW_PRINT(("VolWatch: %wZ %s\n", &DeviceObject->DriverObject->DriverName,
              FsActive ? "registered" : "unregistered"));

    if (FsActive) {
        (VOID)VwAttachToFileSystem(DeviceObject);
    } else {
        VwDetachFromFileSystem(DeviceObject);
    }
}

static BOOLEAN
VwIsRecognizer(
    _In_ PDEVICE_OBJECT FsDevice
    )
{
    UNICODE_STRING fsRec = RTL_CONSTANT_STRING(VW_FSREC_NAME);

    PAGED_CODE();
    return RtlEqualUnicodeString(&FsDevice->DriverObject->DriverName, &fsRec, TRUE);
}

NTSTATUS
VwAttachToFileSystem(
    _In_ PDEVICE_OBJECT FsDevice
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    PDEVICE_OBJECT filterDevice = NULL;
    PVW_DEVICE_EXTENSION ext;

    PAGED_CODE();

    if (FsDevice->DeviceType == FILE_DEVICE_DISK_FILE_SYSTEM ||
        FsDevice->DeviceType == FILE_DEVICE_CD_ROM_FILE_SYSTEM) {

        if (!VwIsRecognizer(FsDevice)) {

            status = IoCreateDevice(g_Vw.DriverObject,
                                    sizeof(VW_DEVICE_EXTENSION),
                                    NULL,
                                    FsDevice->DeviceType,
                                    0,
                                    FALSE,
                                    &filterDevice);
            if (NT_SUCCESS(status)) {

                ext = filterDevice->DeviceExtension;
                RtlZeroMemory(ext, sizeof(*ext));
                ext->Signature = VW_EXT_SIGNATURE;
                ext->Self = filterDevice;
                ext->FsControlDevice = FsDevice;

                status = IoAttachDeviceToDeviceStackSafe(filterDevice, FsDevice, &ext->AttachedTo);
                if (NT_SUCCESS(status)) {

                    SetFlag(filterDevice->Flags,
                            FlagOn(ext->AttachedTo->Flags, DO_BUFFERED_IO | DO_DIRECT_IO));
                    SetFlag(filterDevice->Characteristics,
                            FlagOn(ext->AttachedTo->Characteristics, FILE_DEVICE_SECURE_OPEN));
                    ClearFlag(filterDevice->Flags, DO_DEVICE_INITIALIZING);

                    ExAcquireFastMutex(&g_Vw.AttachLock);
                    InsertTailList(&g_Vw.AttachedList, &ext->Link);
                    g_Vw.AttachedCount++;
                    ExReleaseFastMutex(&g_Vw.AttachLock);

                } else {
                    VW_PRINT(("VolWatch: attach to %wZ failed 0x%08X\n",
                              &FsDevice->DriverObject->DriverName, status));
                    IoDeleteDevice(filterDevice);
                }
            }
        }
    }

    return status;
}

VOID
VwDetachFromFileSystem(
    _In_ PDEVICE_OBJECT FsDevice
    )
{
    PLIST_ENTRY entry;
    PVW_DEVICE_EXTENSION ext;
    PVW_DEVICE_EXTENSION found = NULL;

    PAGED_CODE();

    ExAcquireFastMutex(&g_Vw.AttachLock);
    for (entry = g_Vw.AttachedList.Flink; entry != &g_Vw.AttachedList; entry = entry->Flink) {
        ext = CONTAINING_RECORD(entry, VW_DEVICE_EXTENSION, Link);
        if (ext->FsControlDevice == FsDevice) {
            RemoveEntryList(&ext->Link);
            g_Vw.AttachedCount--;
            found = ext;
            break;
        }
    }
    ExReleaseFastMutex(&g_Vw.AttachLock);

    if (found != NULL) {
        IoDetachDevice(found->AttachedTo);
        IoDeleteDevice(found->Self);
    }
}

VOID
VwDetachAll(
    VOID
    )
{
    LIST_ENTRY local;
    PLIST_ENTRY entry;
    PVW_DEVICE_EXTENSION ext;
    LARGE_INTEGER delay;

    PAGED_CODE();

    InitializeListHead(&local);

    ExAcquireFastMutex(&g_Vw.AttachLock);
    while (!IsListEmpty(&g_Vw.AttachedList)) {
        entry = RemoveHeadList(&g_Vw.AttachedList);
        InsertTailList(&local, entry);
    }
    g_Vw.AttachedCount = 0;
    ExReleaseFastMutex(&g_Vw.AttachLock);

    for (entry = local.Flink; entry != &local; entry = entry->Flink) {
        ext = CONTAINING_RECORD(entry, VW_DEVICE_EXTENSION, Link);
        IoDetachDevice(ext->AttachedTo);
    }

    /* let IRPs that already went past us drain before the objects go */
    delay.QuadPart = -10 * 1000 * (LONGLONG)VW_DETACH_DELAY_MS;
    KeDelayExecutionThread(KernelMode, FALSE, &delay);

    while (!IsListEmpty(&local)) {
        entry = RemoveHeadList(&local);
        ext = CONTAINING_RECORD(entry, VW_DEVICE_EXTENSION, Link);
        IoDeleteDevice(ext->Self);
    }
}

VOID
VwFastIoDetachDevice(
    _In_ PDEVICE_OBJECT SourceDevice,
    _In_ PDEVICE_OBJECT TargetDevice
    )
{
    PVW_DEVICE_EXTENSION ext = SourceDevice->DeviceExtension;

    /* the file system below us is going away (driver unload) */
    ExAcquireFastMutex(&g_Vw.AttachLock);
    RemoveEntryList(&ext->Link);
    g_Vw.AttachedCount--;
    ExReleaseFastMutex(&g_Vw.AttachLock);

    IoDetachDevice(TargetDevice);
    IoDeleteDevice(SourceDevice);
}
