/*
 * upfilt.c - DriverEntry, AddDevice, Unload
 */
#include "upfilt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, UfAddDevice)
#pragma alloc_text(PAGE, UfUnload)
#endif

UF_GLOBALS g_Uf;

static ULONG
UfQueryVerbose(
    _In_ PCUNICODE_STRING KeyPath
    )
{
    UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    UNICODE_STRING vn = RTL_CONSTANT_STRING(L"Verbose");
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    ULONG len, value = 0;

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)KeyPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (NT_SUCCESS(ZwOpenKey(&key, KEY_QUERY_VALUE, &oa))) {
        if (NT_SUCCESS(ZwQueryValueKey(key, &vn, KeyValuePartialInformation, kv, sizeof(buf), &len)) &&
            kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
            value = *(PULONG)kv->Data;
        }
        ZwClose(key);
    }
    return value;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    RtlZeroMemory(&g_Uf, sizeof(g_Uf));

    /* RegistryPath goes away after we return, AddDevice re-reads the
     * key so keep a private copy */
    g_Uf.RegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    g_Uf.RegistryPath.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool,
                                                           g_Uf.RegistryPath.MaximumLength,
                                                           UF_TAG);
    if (g_Uf.RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_Uf.RegistryPath, RegistryPath);
    g_Uf.RegistryPath.Buffer[g_Uf.RegistryPath.Length / sizeof(WCHAR)] = UNICODE_NULL;

    g_Uf.DefaultVerbose = UfQueryVerbose(&g_Uf.RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = UfDispatchAny;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP]   = UfDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = UfDispatchPower;

    DriverObject->DriverExtension->AddDevice = UfAddDevice;
    DriverObject->DriverUnload = UfUnload;

    UF_PRINT("loaded (%wZ), verbose=%lu", &g_Uf.RegistryPath, g_Uf.DefaultVerbose);
    return STATUS_SUCCESS;
}

NTSTATUS
UfAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT fido = NULL;
    PUF_EXTENSION ext;
    NTSTATUS status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(UF_EXTENSION),
                            NULL,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &fido);
    if (!NT_SUCCESS(status)) {
        UF_ERROR("IoCreateDevice 0x%08X", status);
        return status;
    }

    ext = (PUF_EXTENSION)fido->DeviceExtension;
    RtlZeroMemory(ext, sizeof(UF_EXTENSION));
    ext->Self = fido;
    ext->Pdo  = PhysicalDeviceObject;
    IoInitializeRemoveLock(&ext->RemoveLock, UF_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(fido, PhysicalDeviceObject);
    if (ext->Lower == NULL) {
        UF_ERROR("attach to pdo %p failed", PhysicalDeviceObject);
        IoDeleteDevice(fido);
        return STATUS_NO_SUCH_DEVICE;
    }

    fido->Flags          |= (ext->Lower->Flags & UF_PROPAGATE_FLAGS);
    fido->DeviceType      = ext->Lower->DeviceType;
    fido->Characteristics = ext->Lower->Characteristics;

    ext->Verbose = UfQueryVerbose(&g_Uf.RegistryPath);

    fido->Flags &= ~DO_DEVICE_INITIALIZING;

    UF_PRINT("filter %p on %p (pdo %p)", fido, ext->Lower, PhysicalDeviceObject);
    return STATUS_SUCCESS;
}

VOID
UfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    /* every filter device was deleted in IRP_MN_REMOVE_DEVICE */
    NT_ASSERT(DriverObject->DeviceObject == NULL);
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Uf.RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(g_Uf.RegistryPath.Buffer, UF_TAG);
        RtlZeroMemory(&g_Uf.RegistryPath, sizeof(UNICODE_STRING));
    }
    UF_PRINT("%s", "unloaded");
}
