/*++
Module Name:
    driver.c

Abstract:
    Driver entry, driver-wide parameters and driver object cleanup for the
    USB sensor continuous-reader function driver.
--*/
#include "ucr.h"

UCR_DRIVER_GLOBALS g_UcrGlobals;

static
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
UcrCopyServiceKeyName(
    _In_ PCUNICODE_STRING RegistryPath,
    _Inout_ PUCR_DRIVER_GLOBALS Globals
    );

static
VOID
UcrFreeGlobals(
    _Inout_ PUCR_DRIVER_GLOBALS Globals
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, UcrCopyServiceKeyName)
#pragma alloc_text(PAGE, UcrReadParameters)
#pragma alloc_text(PAGE, UcrEvtDriverContextCleanup)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS              status;
    WDF_DRIVER_CONFIG     config;
    WDF_OBJECT_ATTRIBUTES attributes;

    UCR_INFO("built %s %s", __DATE__, __TIME__);

    RtlZeroMemory(&g_UcrGlobals, sizeof(g_UcrGlobals));

    //
    // Parameters are optional; defaults are applied on any failure inside
    // the helper, so the status is informational only.
    //
    status = UcrReadParameters(RegistryPath, &g_UcrGlobals.Params);
    if (!NT_SUCCESS(status)) {
        UCR_INFO("using default parameters (0x%08X)", status);
    }

    status = UcrCopyServiceKeyName(RegistryPath, &g_UcrGlobals);
    IF_FAILED_GOTO(status, Exit);

    WDF_DRIVER_CONFIG_INIT(&config, UcrEvtDeviceAdd);
    config.DriverPoolTag = UCR_POOL_TAG;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = UcrEvtDriverContextCleanup;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             WDF_NO_HANDLE);
    IF_FAILED_GOTO(status, Exit);

    UCR_INFO("xfer=%lu readers=%lu ss=%lu",
             g_UcrGlobals.Params.TransferSize,
             g_UcrGlobals.Params.NumPendingReads,
             g_UcrGlobals.Params.SelectiveSuspend);

Exit:
    if (!NT_SUCCESS(status)) {
        //
        // The driver object cleanup callback only runs once WdfDriverCreate
        // has succeeded, so anything acquired before it is released here.
        //
        UcrFreeGlobals(&g_UcrGlobals);
    }

    return status;
}

static
_Use_decl_annotations_
NTSTATUS
UcrCopyServiceKeyName(
    PCUNICODE_STRING    RegistryPath,
    PUCR_DRIVER_GLOBALS Globals
    )
{
    USHORT i;
    USHORT start = 0;
    USHORT chars = RegistryPath->Length / sizeof(WCHAR);
    USHORT bytes;

    //
    // Keep only the final path component ("usbcr") so that event log and
    // telemetry strings do not reference the I/O manager's buffer.
    //
    for (i = 0; i < chars; i++) {
        if (RegistryPath->Buffer[i] == L'\\') {
            start = i + 1;
        }
    }

    bytes = (USHORT)((chars - start) * sizeof(WCHAR));
    if (bytes == 0) {
        return STATUS_INVALID_PARAMETER;
    }

    Globals->ServiceKeyName.Buffer =
        (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, bytes, UCR_POOL_TAG);
    if (Globals->ServiceKeyName.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(Globals->ServiceKeyName.Buffer,
                  &RegistryPath->Buffer[start],
                  bytes);
    Globals->ServiceKeyName.Length = bytes;
    Globals->ServiceKeyName.MaximumLength = bytes;
    Globals->ServiceKeyNameAllocated = TRUE;

    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID
UcrFreeGlobals(
    PUCR_DRIVER_GLOBALS Globals
    )
{
    if (Globals->ServiceKeyNameAllocated) {
        ExFreePoolWithTag(Globals->ServiceKeyName.Buffer, UCR_POOL_TAG);
        Globals->ServiceKeyName.Buffer = NULL;
        Globals->ServiceKeyName.Length = 0;
        Globals->ServiceKeyName.MaximumLength = 0;
        Globals->ServiceKeyNameAllocated = FALSE;
    }
}

static
ULONG
UcrQueryDword(
    _In_ HANDLE Key,
    _In_ PCWSTR ValueName,
    _In_ ULONG Default,
    _In_ ULONG Min,
    _In_ ULONG Max
    )
{
    NTSTATUS       status;
    UNICODE_STRING name;
    UCHAR          buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG          resultLength = 0;
    ULONG          value;

    RtlInitUnicodeString(&name, ValueName);

    status = ZwQueryValueKey(Key,
                             &name,
                             KeyValuePartialInformation,
                             info,
                             sizeof(buffer),
                             &resultLength);
    if (!NT_SUCCESS(status) ||
        info->Type != REG_DWORD ||
        info->DataLength != sizeof(ULONG)) {
        return Default;
    }

    value = *(ULONG UNALIGNED *)info->Data;
    if (value < Min || value > Max) {
        return Default;
    }
    return value;
}

_Use_decl_annotations_
NTSTATUS
UcrReadParameters(
    PCUNICODE_STRING RegistryPath,
    PUCR_PARAMETERS  Params
    )
{
    NTSTATUS          status;
    OBJECT_ATTRIBUTES oa;
    HANDLE            serviceKey = NULL;
    HANDLE            paramsKey = NULL;
    UNICODE_STRING    paramsName = RTL_CONSTANT_STRING(L"Parameters");

    PAGED_CODE();

    Params->TransferSize = UCR_DEFAULT_XFER_SIZE;
    Params->NumPendingReads = 2;
    Params->SelectiveSuspend = 1;

    InitializeObjectAttributes(&oa,
                               (PUNICODE_STRING)RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL,
                               NULL);

    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    __try {
        InitializeObjectAttributes(&oa,
                                   &paramsName,
                                   OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   serviceKey,
                                   NULL);

        status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        Params->TransferSize =
            UcrQueryDword(paramsKey, L"TransferSize", UCR_DEFAULT_XFER_SIZE, 8, UCR_MAX_XFER_SIZE);
        Params->NumPendingReads =
            UcrQueryDword(paramsKey, L"PendingReads", 2, 1, 8);
        Params->SelectiveSuspend =
            UcrQueryDword(paramsKey, L"SelectiveSuspend", 1, 0, 1);
    }
    __finally {
        if (paramsKey != NULL) {
            ZwClose(paramsKey);
        }
        ZwClose(serviceKey);
    }

    return status;
}

_Use_decl_annotations_
VOID
UcrEvtDriverContextCleanup(
    WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    UCR_INFO("driver cleanup");
    UcrFreeGlobals(&g_UcrGlobals);
}
