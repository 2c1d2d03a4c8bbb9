/*
 * devkinds.c - "mirrorfs": a file-system driver whose devices share one
 * creation helper that records each device's kind in its extension, read
 * back through an accessor function. An init helper switches on the kind:
 * only a volume device allocates a name cache, and only the control device
 * is made by DriverEntry. A teardown helper frees the cache only when the
 * extension's flag says it was made (a false DE006 before: the kind and the
 * flag, stored through one local and read through the accessor's result in
 * other helpers, were unknown, so a path initialized a volume device and
 * leaked its cache).
 */

#include <ntddk.h>

#define MF_TAG 'sFrM'

DRIVER_INITIALIZE DriverEntry;

typedef enum _MF_KIND { MfControlKind = 1, MfVolumeKind = 2 } MF_KIND;

typedef struct _MF_EXTENSION {
    MF_KIND Kind;
    BOOLEAN CacheReady;
    PVOID NameCache;
} MF_EXTENSION, *PMF_EXTENSION;

static PDEVICE_OBJECT g_MfControl;

static PMF_EXTENSION MfExtension(PDEVICE_OBJECT DeviceObject)
{
    ASSERT(DeviceObject != NULL);
    return (PMF_EXTENSION)DeviceObject->DeviceExtension;
}

static NTSTATUS MfCreateDevice(PDRIVER_OBJECT DriverObject, MF_KIND Kind, PDEVICE_OBJECT *Device)
{
    PDEVICE_OBJECT device;
    PMF_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(MF_EXTENSION), NULL,
                            Kind == MfControlKind ? FILE_DEVICE_DISK_FILE_SYSTEM : FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    ext = MfExtension(device);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Kind = Kind;
    *Device = device;
    return STATUS_SUCCESS;
}

static NTSTATUS MfInitDevice(PDEVICE_OBJECT DeviceObject)
{
    PMF_EXTENSION ext = MfExtension(DeviceObject);

    switch (ext->Kind) {
    case MfVolumeKind:
        ext->NameCache = ExAllocatePoolWithTag(PagedPool, 4096, MF_TAG);
        if (ext->NameCache == NULL)
            return STATUS_INSUFFICIENT_RESOURCES;
        ext->CacheReady = TRUE;
        return STATUS_SUCCESS;
    case MfControlKind:
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

static VOID MfDeleteDevice(PDEVICE_OBJECT DeviceObject)
{
    PMF_EXTENSION ext = MfExtension(DeviceObject);

    if (ext->CacheReady)
        ExFreePoolWithTag(ext->NameCache, MF_TAG);
    IoDeleteDevice(DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: other
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\MirrorFs");
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\MirrorFs");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = MfCreateDevice(DriverObject, MfControlKind, &g_MfControl);
    if (!NT_SUCCESS(status))
        return status;

    status = MfInitDevice(g_MfControl);
    if (!NT_SUCCESS(status)) {
        MfDeleteDevice(g_MfControl);
        return status;
    }

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        MfDeleteDevice(g_MfControl);
        return status;
    }

    g_MfControl->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
