/*
 * etwtraits.c - a legacy WDM driver of a thermal probe that logs through a
 * manifest-free ETW provider: a helper registers the provider with an enable
 * callback, then attaches the provider's traits (its name) with
 * EtwSetInformation, and unregisters it again when that fails.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ProbeUnload;
static ETWENABLECALLBACK ProbeEtwEnable;

/* {6D3E9A40-1C2B-4F0E-9A77-3B5D2C8E1F04} */
static const GUID ProbeProviderGuid =
    { 0x6d3e9a40, 0x1c2b, 0x4f0e, { 0x9a, 0x77, 0x3b, 0x5d, 0x2c, 0x8e, 0x1f, 0x04 } };

/* The traits blob: its total size, then the provider's name. */
static const UCHAR ProbeTraits[] = { 0x0E, 0x00, 'T', 'h', 'e', 'r', 'm', 'P', 'r', 'o', 'b', 'e', 0x00, 0x00 };

static REGHANDLE ProbeEtwHandle;
static volatile LONG ProbeEtwEnabled;

VOID NTAPI
ProbeEtwEnable(
    _In_ LPCGUID SourceId,
    _In_ ULONG ControlCode,
    _In_ UCHAR Level,
    _In_ ULONGLONG MatchAnyKeyword,
    _In_ ULONGLONG MatchAllKeyword,
    _In_opt_ PEVENT_FILTER_DESCRIPTOR FilterData,
    _Inout_opt_ PVOID CallbackContext
    )
{
    UNREFERENCED_PARAMETER(SourceId);
    UNREFERENCED_PARAMETER(Level);
    UNREFERENCED_PARAMETER(MatchAnyKeyword);
    UNREFERENCED_PARAMETER(MatchAllKeyword);
    UNREFERENCED_PARAMETER(FilterData);
    UNREFERENCED_PARAMETER(CallbackContext);

    if (ControlCode == EVENT_CONTROL_CODE_ENABLE_PROVIDER) {
        InterlockedExchange(&ProbeEtwEnabled, 1);
    } else if (ControlCode == EVENT_CONTROL_CODE_DISABLE_PROVIDER) {
        InterlockedExchange(&ProbeEtwEnabled, 0);
    }
}

static NTSTATUS
ProbeRegisterProvider(
    VOID
    )
{
    REGHANDLE handle = 0;
    NTSTATUS status;

    status = EtwRegister(&ProbeProviderGuid, ProbeEtwEnable, NULL, &handle);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = EtwSetInformation(handle, EventProviderSetTraits,
                               (PVOID)ProbeTraits, sizeof(ProbeTraits));
    if (!NT_SUCCESS(status)) {
        EtwUnregister(handle);
        return status;
    }
    ProbeEtwHandle = handle;
    return STATUS_SUCCESS;
}

VOID
ProbeUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    EtwUnregister(ProbeEtwHandle);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = ProbeRegisterProvider();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = ProbeUnload;
    return STATUS_SUCCESS;
}
