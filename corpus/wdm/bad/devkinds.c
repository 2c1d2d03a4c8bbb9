/*
 * devkinds.c (bad) - "mirrorfs" as devkinds.c, but DriverEntry makes a
 * volume device, and the init helper never sets the flag that says its
 * name cache was made: when the link cannot be created, the teardown
 * helper skips the free.
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

    status = MfCreateDevice(DriverObject, MfVolumeKind, &g_MfControl);
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
        return status; // expect: DE006
    }

    g_MfControl->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
