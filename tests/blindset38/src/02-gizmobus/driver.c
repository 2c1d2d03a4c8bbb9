//
// GizmoBus - a toy software bus in the spirit of the old toaster sample.
// The FDO sits on a root-enumerated device (ROOT\GizmoBus) and exposes
// Parameters\MaxChildren fixed "ports", one PDO each, created at START.
//
#include <initguid.h>
#include "gizmobus.h"

GZ_GLOBALS Globals;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, GzAddDevice)
#pragma alloc_text(PAGE, GzUnload)

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    GzTrace("DriverEntry %wZ\n", RegistryPath);

    RtlZeroMemory(&Globals, sizeof(Globals));

    // keep the service key around, AddDevice reads Parameters\MaxChildren
    Globals.RegistryPath = *RegistryPath;
    Globals.NextSerial   = 0;

    DriverObject->MajorFunction[IRP_MJ_PNP]   = GzDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = GzDispatchPower;

    DriverObject->DriverExtension->AddDevice = GzAddDevice;
    DriverObject->DriverUnload               = GzUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
GzAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT Pdo
    )
{
    NTSTATUS       status;
    PDEVICE_OBJECT fdo = NULL;
    PGZ_FDO_EXT    ext;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(GZ_FDO_EXT), NULL,
                            FILE_DEVICE_BUS_EXTENDER, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        GzTrace("IoCreateDevice: %08x\n", status);
        return status;
    }

    ext = (PGZ_FDO_EXT)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Common.Kind = GzFdo;
    ext->Common.Self = fdo;
    ext->Pdo         = Pdo;
    ExInitializeFastMutex(&ext->ChildLock);
    InitializeListHead(&ext->Children);

    ext->MaxChildren = GzQueryMaxChildren(&Globals.RegistryPath);

    //
    // interface first so the name is ready by the time START arrives;
    // it gets enabled in IRP_MN_START_DEVICE
    //
    status = IoRegisterDeviceInterface(Pdo, &GUID_DEVINTERFACE_GIZMO_BUS, NULL, &ext->InterfaceName);
    if (!NT_SUCCESS(status)) {
        GzTrace("IoRegisterDeviceInterface: %08x\n", status);
        IoDeleteDevice(fdo);
        return status;
    }

    ext->Lower = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (ext->Lower == NULL) {
        GzTrace("IoAttachDeviceToDeviceStack failed\n");
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    fdo->Flags |= DO_POWER_PAGABLE | DO_BUFFERED_IO;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    GzTrace("FDO %p on PDO %p, max children %lu\n", fdo, Pdo, ext->MaxChildren);
    return STATUS_SUCCESS;
}

VOID
GzUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);

    // all FDOs/PDOs are gone through REMOVE_DEVICE before we get here
    GzTrace("unload\n");
}

ULONG
GzQueryMaxChildren(
    _In_ PCUNICODE_STRING RegPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG    value    = 0;
    ULONG    defValue = GZ_DEFAULT_CHILDREN;
    NTSTATUS status;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name          = L"Parameters";
    table[1].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name          = L"MaxChildren";
    table[1].EntryContext  = &value;
    table[1].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData   = &defValue;
    table[1].DefaultLength = sizeof(ULONG);

    // service key path is NUL terminated by the I/O manager
    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegPath->Buffer, table, NULL, NULL);
    if (!NT_SUCCESS(status) || value == 0 || value > GZ_MAX_CHILDREN) {
        value = GZ_DEFAULT_CHILDREN;
    }
    return value;
}
