//
// driver.c - DriverEntry
//
#include "keylog.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

//
// we need the registry path later in EvtDeviceAdd to read our settings
//
PUNICODE_STRING g_RegistryPath = NULL;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    KL_PRINT(("KeyLog: DriverEntry, built %s %s\n", __DATE__, __TIME__));

    g_RegistryPath = RegistryPath;

    WDF_DRIVER_CONFIG_INIT(&config, KlEvtDeviceAdd);
    config.DriverPoolTag = KL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KL_PRINT(("KeyLog: WdfDriverCreate failed with status 0x%x\n", status));
    }

    return STATUS_SUCCESS;
}
