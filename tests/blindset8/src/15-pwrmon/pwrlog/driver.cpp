// pwrlog.sys - headless companion of pwrmon: logs power source and
// battery level changes to the kernel debugger / DbgView.  No device
// object; the registrations are the only thing to undo.

#include <initguid.h>
#include "../shared/pwrsettings.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PwrlogUnload;
static POWER_SETTING_CALLBACK PwrlogChanged;

static volatile LONG g_Events;

static pwr::Setting g_LogSettings[] = {
    { &GUID_ACDC_POWER_SOURCE,            PwrlogChanged, nullptr, "acdc" },
    { &GUID_BATTERY_PERCENTAGE_REMAINING, PwrlogChanged, nullptr, "battery" },
    { &GUID_POWER_SAVING_STATUS,          PwrlogChanged, nullptr, "saver" },
};

static pwr::SettingSet g_LogSet(g_LogSettings, ARRAYSIZE(g_LogSettings));

static NTSTATUS
PwrlogChanged(
    _In_ LPCGUID SettingGuid,
    _In_reads_bytes_(ValueLength) PVOID Value,
    _In_ ULONG ValueLength,
    _Inout_opt_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(Context);

    ULONG v = pwr::ValueAsUlong(Value, ValueLength, MAXULONG);
    LONG n = InterlockedIncrement(&g_Events);

    if (IsEqualGUID(*SettingGuid, GUID_ACDC_POWER_SOURCE)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pwrlog[%d]: source %s\n", n,
                   v == 0 ? "AC" : (v == 1 ? "DC" : "UPS"));
    } else if (IsEqualGUID(*SettingGuid, GUID_BATTERY_PERCENTAGE_REMAINING)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pwrlog[%d]: battery %u%%\n", n, v);
    } else {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pwrlog[%d]: saver %s\n", n,
                   v ? "on" : "off");
    }
    return STATUS_SUCCESS;
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = g_LogSet.RegisterAll(nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        // nothing else was set up, and RegisterAll rolled itself back
        return status;
    }

    DriverObject->DriverUnload = PwrlogUnload;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pwrlog: %u settings watched\n",
               g_LogSet.Registered());
    return STATUS_SUCCESS;
}

static VOID
PwrlogUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    g_LogSet.UnregisterAll();
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pwrlog: %d events seen\n", g_Events);
}
