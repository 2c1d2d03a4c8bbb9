/*
 * pwrctx.c - a legacy WDM driver of a fan governor that follows the power
 * scheme's personality and the monitor's state. Each power-setting callback
 * is registered with a context the callback reads and updates on every later
 * change, kept in a global; the unload routine unregisters both.
 */

#include <ntddk.h>

typedef struct _FG_POLICY {
    ULONG Personality;
    ULONG MonitorOn;
    ULONG Changes;
} FG_POLICY, *PFG_POLICY;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FgUnload;

/* GUID_POWERSCHEME_PERSONALITY and GUID_MONITOR_POWER_ON, spelled here. */
static const GUID FgPersonalityGuid =
    { 0x245d8541, 0x3943, 0x4422, { 0xb0, 0x25, 0x13, 0xa7, 0x84, 0xf6, 0x79, 0xb7 } };
static const GUID FgMonitorGuid =
    { 0x02731015, 0x4510, 0x4526, { 0x99, 0xe6, 0xe5, 0xa1, 0x7e, 0xbd, 0x1a, 0xea } };

static FG_POLICY g_FgPolicy;
static PVOID g_FgPersonalityHandle;
static PVOID g_FgMonitorHandle;

static NTSTATUS
FgSettingChanged(
    _In_ LPCGUID SettingGuid,
    _In_reads_bytes_(ValueLength) PVOID Value,
    _In_ ULONG ValueLength,
    _Inout_opt_ PVOID Context
    )
{
    PFG_POLICY policy = (PFG_POLICY)Context;

    if (policy == NULL || ValueLength < sizeof(ULONG)) {
        return STATUS_SUCCESS;
    }
    if (RtlEqualMemory(SettingGuid, &FgMonitorGuid, sizeof(GUID))) {
        policy->MonitorOn = *(PULONG)Value;
    } else {
        policy->Personality = *(PULONG)Value;
    }
    policy->Changes++;
    return STATUS_SUCCESS;
}

VOID
FgUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PoUnregisterPowerSettingCallback(g_FgMonitorHandle);
    PoUnregisterPowerSettingCallback(g_FgPersonalityHandle);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_FgPolicy.MonitorOn = 1;
    status = PoRegisterPowerSettingCallback(NULL, &FgPersonalityGuid, FgSettingChanged, &g_FgPolicy,
                                            &g_FgPersonalityHandle);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = PoRegisterPowerSettingCallback(NULL, &FgMonitorGuid, FgSettingChanged, &g_FgPolicy,
                                            &g_FgMonitorHandle);
    if (!NT_SUCCESS(status)) {
        PoUnregisterPowerSettingCallback(g_FgPersonalityHandle);
        return status;
    }
    DriverObject->DriverUnload = FgUnload;
    return STATUS_SUCCESS;
}
