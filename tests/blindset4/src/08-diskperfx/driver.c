/*
 * driver.c - DriverEntry, unload and reinitialization of DiskPerfX.
 */
#include "dpx.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, DpxUnload)
#pragma alloc_text(PAGE, DpxReinitialize)
#pragma alloc_text(PAGE, DpxReadSettings)
#endif

PDPX_DRIVER_EXTENSION
DpxGetDriverExtension(_In_ PDRIVER_OBJECT DriverObject)
{
    return (PDPX_DRIVER_EXTENSION)IoGetDriverObjectExtension(DriverObject, DPX_DRIVER_EXTENSION_ID);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PDPX_DRIVER_EXTENSION   driverExtension;
    NTSTATUS                status;
    ULONG                   i;

    //
    // The driver object extension is freed by the I/O manager together
    // with the driver object; only what we hang off it is ours to free.
    //
    status = IoAllocateDriverObjectExtension(DriverObject,
                                             DPX_DRIVER_EXTENSION_ID,
                                             sizeof(DPX_DRIVER_EXTENSION),
                                             (PVOID *)&driverExtension);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(driverExtension, sizeof(*driverExtension));
    KeInitializeSpinLock(&driverExtension->DeviceListLock);
    InitializeListHead(&driverExtension->DeviceList);

    driverExtension->RegistryPath.MaximumLength = RegistryPath->Length + sizeof(UNICODE_NULL);
    driverExtension->RegistryPath.Buffer =
        (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, driverExtension->RegistryPath.MaximumLength, DPX_TAG);
    if (driverExtension->RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&driverExtension->RegistryPath, RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = DpxDispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]           = DpxDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = DpxDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DpxDispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = DpxDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = DpxDispatchPower;

    DriverObject->DriverExtension->AddDevice = DpxAddDevice;
    DriverObject->DriverUnload = DpxUnload;

    //
    // Settings live under the service key, which may not be readable this
    // early for a boot-start filter; read them again once the system is
    // further along. Registered last, and only because we return success.
    //
    IoRegisterDriverReinitialization(DriverObject, DpxReinitialize, NULL);

    return STATUS_SUCCESS;
}

VOID
DpxReinitialize(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_opt_ PVOID Context,
    _In_ ULONG Count
    )
{
    PDPX_DRIVER_EXTENSION driverExtension = DpxGetDriverExtension(DriverObject);

    UNREFERENCED_PARAMETER(Context);

    PAGED_CODE();

    driverExtension->ReinitCount = Count;
    DpxReadSettings(driverExtension);
}

VOID
DpxReadSettings(_In_ PDPX_DRIVER_EXTENSION DriverExtension)
{
    OBJECT_ATTRIBUTES   oa;
    HANDLE              key;
    UNICODE_STRING      valueName;
    UCHAR               buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG               length;
    NTSTATUS            status;

    PAGED_CODE();

    InitializeObjectAttributes(&oa, &DriverExtension->RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return;
    }

    RtlInitUnicodeString(&valueName, L"EnableLatencyHistogram");
    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &length);
    if (NT_SUCCESS(status) && info->Type == REG_DWORD) {
        DriverExtension->HistogramEnabled = (*(PULONG)info->Data != 0);
    }

    ZwClose(key);
}

VOID
DpxUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    PDPX_DRIVER_EXTENSION driverExtension = DpxGetDriverExtension(DriverObject);

    PAGED_CODE();

    //
    // PnP removed every filter device before we get here.
    //
    NT_ASSERT(IsListEmpty(&driverExtension->DeviceList));

    if (driverExtension->RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(driverExtension->RegistryPath.Buffer, DPX_TAG);
        driverExtension->RegistryPath.Buffer = NULL;
    }
}
