#include <initguid.h>
#include "diskguard.h"

DG_GLOBALS g_Dg;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     DgUnload;
DRIVER_NOTIFICATION_CALLBACK_ROUTINE DgIfaceChange;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, DgReadConfig)
#pragma alloc_text(PAGE, DgUnload)
#pragma alloc_text(PAGE, DgAddDevice)

NTSTATUS
DgReadConfig(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE t[2];
    ULONG def = 0;

    /* copy of the value, RegistryPath itself is not kept */
    RtlZeroMemory(t, sizeof(t));
    t[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    t[0].Name = L"AllowBoot";
    t[0].EntryContext = &g_Dg.AllowBoot;
    t[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    t[0].DefaultData = &def;
    t[0].DefaultLength = sizeof(def);

    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, t, NULL, NULL);
}

NTSTATUS
DgIfaceChange(PVOID NotificationStructure, PVOID Context)
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION n = NotificationStructure;
    UNREFERENCED_PARAMETER(Context);

    if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_ARRIVAL))
        DGPRINT("disk interface %wZ", n->SymbolicLinkName);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS st;
    ULONG i;

    RtlZeroMemory(&g_Dg, sizeof(g_Dg));

    st = DgReadConfig(RegistryPath);
    if (!NT_SUCCESS(st)) {
        DGPRINT("config read %08x, using defaults", st);
        g_Dg.AllowBoot = 0;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = DgPass;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = DgWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = DgPnp;

    st = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                        PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                        (PVOID)&GUID_DEVINTERFACE_DISK,
                                        DriverObject,
                                        DgIfaceChange,
                                        NULL,
                                        &g_Dg.IfaceNotifyEntry);
    if (!NT_SUCCESS(st)) {
        DGPRINT("IoRegisterPlugPlayNotification %08x", st);
        return st;
    }

    DriverObject->DriverExtension->AddDevice = DgAddDevice;
    DriverObject->DriverUnload = DgUnload;
    return STATUS_SUCCESS;
}

VOID
DgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_Dg.IfaceNotifyEntry != NULL) {
        IoUnregisterPlugPlayNotificationEx(g_Dg.IfaceNotifyEntry);
        g_Dg.IfaceNotifyEntry = NULL;
    }
    DGPRINT("unload (%ld devices)", g_Dg.Devices);
}

NTSTATUS
DgAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    NTSTATUS st;
    PDEVICE_OBJECT fido = NULL;
    PDG_EXT ext;

    PAGED_CODE();

    st = IoCreateDevice(DriverObject, sizeof(DG_EXT), NULL, FILE_DEVICE_DISK,
                        FILE_DEVICE_SECURE_OPEN, FALSE, &fido);
    if (!NT_SUCCESS(st))
        return st;

    ext = fido->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fido;
    IoInitializeRemoveLock(&ext->RemoveLock, DG_TAG, 0, 0);

    ext->Scratch = ExAllocatePool2(POOL_FLAG_NON_PAGED, DG_SECTOR_SIZE, DG_TAG);
    if (ext->Scratch == NULL) {
        st = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_delete;
    }

    ext->Lower = IoAttachDeviceToDeviceStack(fido, Pdo);
    if (ext->Lower == NULL) {
        st = STATUS_NO_SUCH_DEVICE;
        goto fail_scratch;
    }

    fido->Flags |= ext->Lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    fido->DeviceType = ext->Lower->DeviceType;
    fido->Characteristics = ext->Lower->Characteristics;
    fido->Flags &= ~DO_DEVICE_INITIALIZING;

    InterlockedIncrement(&g_Dg.Devices);
    return STATUS_SUCCESS;

fail_scratch:
    ExFreePoolWithTag(ext->Scratch, DG_TAG);
    ext->Scratch = NULL;
fail_delete:
    IoDeleteDevice(fido);
    return st;
}
