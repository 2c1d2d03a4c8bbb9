/*
 * sertap.c - DriverEntry, AddDevice and Unload for the SerTap filter.
 */
#include "sertap.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     StUnload;

ST_GLOBALS g_St;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, StAddDevice)
#pragma alloc_text(PAGE, StReadLogMask)
#pragma alloc_text(PAGE, StUnload)
#endif

/*
 * Reads HKLM\...\Services\SerTap\LogMask (REG_DWORD).  Missing value
 * means "log nothing".
 */
ULONG
StReadLogMask(VOID)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG value = 0;
    ULONG fallback = 0;
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"LogMask";
    table[0].EntryContext  = &value;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &fallback;
    table[0].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE,
                                    g_St.RegistryPath.Buffer,
                                    table,
                                    NULL,
                                    NULL);
    if (!NT_SUCCESS(status)) {
        return 0;
    }
    return value;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    KdPrint(("SerTap: DriverEntry %wZ\n", RegistryPath));

    RtlZeroMemory(&g_St, sizeof(g_St));
    g_St.RegistryPath = *RegistryPath;

    DriverObject->MajorFunction[IRP_MJ_CREATE]                  = StDispatchPassThrough;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]                   = StDispatchPassThrough;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP]                 = StDispatchPassThrough;
    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS]           = StDispatchPassThrough;
    DriverObject->MajorFunction[IRP_MJ_QUERY_INFORMATION]       = StDispatchPassThrough;
    DriverObject->MajorFunction[IRP_MJ_SET_INFORMATION]         = StDispatchPassThrough;
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = StDispatchPassThrough;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL]          = StDispatchPassThrough;
    DriverObject->MajorFunction[IRP_MJ_READ]                    = StDispatchCounted;
    DriverObject->MajorFunction[IRP_MJ_WRITE]                   = StDispatchCounted;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL]          = StDispatchCounted;
    DriverObject->MajorFunction[IRP_MJ_PNP]                     = StDispatchPnp;

    DriverObject->DriverExtension->AddDevice = StAddDevice;
    DriverObject->DriverUnload = StUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
StAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT fido = NULL;
    PST_EXTENSION ext;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(ST_EXTENSION),
                            NULL,
                            FILE_DEVICE_SERIAL_PORT,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &fido);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PST_EXTENSION)fido->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fido;
    ext->Pdo = PhysicalDeviceObject;
    IoInitializeRemoveLock(&ext->RemoveLock, ST_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(fido, PhysicalDeviceObject);
    if (ext->Lower == NULL) {
        IoDeleteDevice(fido);
        return STATUS_NO_SUCH_DEVICE;
    }

    fido->DeviceType      = ext->Lower->DeviceType;
    fido->Characteristics = ext->Lower->Characteristics;
    fido->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);

    ext->LogMask = StReadLogMask();
    InterlockedIncrement(&g_St.DeviceCount);

    fido->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("SerTap: attached %p over %p (mask 0x%x)\n", fido, ext->Lower, ext->LogMask));
    return STATUS_SUCCESS;
}

VOID
StUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    NT_ASSERT(DriverObject->DeviceObject == NULL);
    UNREFERENCED_PARAMETER(DriverObject);

    KdPrint(("SerTap: unloading after %ld device(s)\n", g_St.DeviceCount));
}
