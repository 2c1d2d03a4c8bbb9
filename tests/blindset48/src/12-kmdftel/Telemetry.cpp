//
// Telemetry.cpp - system-wide signals: AC/DC power source and image loads.
//
#include "Driver.h"

namespace tel {

PVOID         Telemetry::s_PowerHandle = nullptr;
bool          Telemetry::s_ImageNotify = false;
volatile LONG Telemetry::s_State       = static_cast<LONG>(TelState::Idle);
volatile LONG Telemetry::s_ImageLoads  = 0;
volatile LONG Telemetry::s_OnAc        = 1;

NTSTATUS
Telemetry::OnPowerSetting(_In_ LPCGUID SettingGuid, _In_reads_bytes_(ValueLength) PVOID Value,
                          _In_ ULONG ValueLength, _Inout_opt_ PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    if (IsEqualGUID(*SettingGuid, GUID_ACDC_POWER_SOURCE) && ValueLength == sizeof(ULONG)) {
        const ULONG source = *static_cast<PULONG>(Value);
        InterlockedExchange(&s_OnAc, source == PoAc ? 1 : 0);
        TEL_TRACE(DPFLTR_INFO_LEVEL, "power source %lu", source);
    }
    return STATUS_SUCCESS;
}

void
Telemetry::OnImageLoad(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);

    if (s_State == static_cast<LONG>(TelState::Running)) {
        InterlockedIncrement(&s_ImageLoads);
    }
}

NTSTATUS
Telemetry::Start()
{
    // everything the callbacks read is set before the first registration:
    // the power manager calls back right away with the current value
    InterlockedExchange(&s_ImageLoads, 0);
    InterlockedExchange(&s_OnAc, 1);
    InterlockedExchange(&s_State, static_cast<LONG>(TelState::Running));

    NTSTATUS status = PoRegisterPowerSettingCallback(nullptr, &GUID_ACDC_POWER_SOURCE, OnPowerSetting,
                                                     nullptr, &s_PowerHandle);
    if (!NT_SUCCESS(status)) {
        TEL_TRACE(DPFLTR_ERROR_LEVEL, "PoRegisterPowerSettingCallback 0x%08X", status);
        s_PowerHandle = nullptr;
        InterlockedExchange(&s_State, static_cast<LONG>(TelState::Idle));
        return status;
    }

    if (Config::TrackImages) {
        status = PsSetLoadImageNotifyRoutine(OnImageLoad);
        if (!NT_SUCCESS(status)) {
            TEL_TRACE(DPFLTR_ERROR_LEVEL, "PsSetLoadImageNotifyRoutine 0x%08X", status);
            PoUnregisterPowerSettingCallback(s_PowerHandle);
            s_PowerHandle = nullptr;
            InterlockedExchange(&s_State, static_cast<LONG>(TelState::Idle));
            return status;
        }
        s_ImageNotify = true;
    }

    return STATUS_SUCCESS;
}

void
Telemetry::Stop()
{
    InterlockedExchange(&s_State, static_cast<LONG>(TelState::Stopping));

    // reverse of Start
    if (s_ImageNotify) {
        PsRemoveLoadImageNotifyRoutine(OnImageLoad);
        s_ImageNotify = false;
    }
    if (s_PowerHandle != nullptr) {
        PoUnregisterPowerSettingCallback(s_PowerHandle);
        s_PowerHandle = nullptr;
    }

    InterlockedExchange(&s_State, static_cast<LONG>(TelState::Idle));
}

} // namespace tel
