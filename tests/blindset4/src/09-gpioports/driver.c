/*
 * driver.c - DriverEntry and unload of GpPort.
 */
#include "gpport.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, GpUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    GP_CONFIG       config;
    PDEVICE_OBJECT  devices[GP_MAX_BANKS];
    ULONG           created = 0;
    ULONG           i;
    NTSTATUS        status;

    status = GpReadConfiguration(RegistryPath, &config);
    if (!NT_SUCCESS(status)) {
        GP_LOG("no usable configuration, 0x%08x", status);
        return status;
    }

    for (i = 0; i < config.BankCount; i++) {
        status = GpCreateBankDevice(DriverObject, i, &config.Banks[i], &devices[i]);
        if (!NT_SUCCESS(status)) {
            GP_LOG("bank %u failed, 0x%08x; rolling back %u banks", i, status, created);
            GpDestroyAllBanks(DriverObject);
            return status;
        }
        created++;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = GpDispatchCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = GpDispatchClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = GpDispatchDeviceControl;
    DriverObject->DriverUnload                         = GpUnload;

    /* Nothing can fail past this point; start the pollers. */
    for (i = 0; i < created; i++) {
        GpStartPolling(devices[i]);
    }

    GP_LOG("%u banks online", created);
    return STATUS_SUCCESS;
}

VOID
GpUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();

    GpDestroyAllBanks(DriverObject);
    GP_LOG("unloaded");
}
