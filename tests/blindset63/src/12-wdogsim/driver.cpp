//
// driver.cpp - wdogsim DriverEntry, init ladder and teardown
//
#include <initguid.h>
#include "wdog.h"

using namespace wdog;

ULONG               Watchdog::s_Steps       = 0;
LOOKASIDE_LIST_EX   Watchdog::s_EventPool;
LIST_ENTRY          Watchdog::s_Events;
ULONG               Watchdog::s_EventCount  = 0;
KSPIN_LOCK          Watchdog::s_Lock;
WDFDEVICE           Watchdog::s_Control     = nullptr;
WDFTIMER            Watchdog::s_Timer       = nullptr;
PVOID               Watchdog::s_PowerHandle = nullptr;
volatile LONG       Watchdog::s_OnBattery   = 0;
volatile LONG       Watchdog::s_Armed       = 0;
ULONG               Watchdog::s_TimeoutMs   = 0;
ULONGLONG           Watchdog::s_LastPet     = 0;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

//
// GUID_ACDC_POWER_SOURCE: 0 = AC, 1 = DC (battery), 2 = short-term (UPS).
//
_Use_decl_annotations_
NTSTATUS
Watchdog::PowerSourceCallback(LPCGUID SettingGuid, PVOID Value, ULONG ValueLength, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    if (IsEqualGUID(*SettingGuid, GUID_ACDC_POWER_SOURCE) && ValueLength >= sizeof(ULONG)) {
        InterlockedExchange(&s_OnBattery, *static_cast<PULONG>(Value) != 0 ? 1 : 0);
    }
    return STATUS_SUCCESS;
}

//
// Order matters: everything the tick timer, the IOCTL path and the power
// callback touch exists before any of them can run.
//
NTSTATUS
Watchdog::Initialize(_In_ WDFDRIVER Driver)
{
    NTSTATUS status;

    InitializeListHead(&s_Events);
    KeInitializeSpinLock(&s_Lock);

    status = ExInitializeLookasideListEx(&s_EventPool, nullptr, nullptr, NonPagedPoolNx, 0,
                                         sizeof(WDOG_EVENT), WDOG_TAG, 0);
    if (!NT_SUCCESS(status)) {
        WLOG("ExInitializeLookasideListEx 0x%08X", status);
        return status;
    }
    s_Steps |= StepLookaside;

    status = CreateControlDevice(Driver);
    if (!NT_SUCCESS(status)) {
        WLOG("CreateControlDevice 0x%08X", status);
        Teardown();
        return status;
    }
    s_Steps |= StepControl;

    status = PoRegisterPowerSettingCallback(nullptr, &GUID_ACDC_POWER_SOURCE,
                                            PowerSourceCallback, nullptr, &s_PowerHandle);
    if (!NT_SUCCESS(status)) {
        WLOG("PoRegisterPowerSettingCallback 0x%08X", status);
        s_PowerHandle = nullptr;
        Teardown();
        return status;
    }
    s_Steps |= StepPowerNotify;

    return STATUS_SUCCESS;
}

//
// Reverse of Initialize. Used by both the DriverEntry failure path and
// EvtDriverUnload; each step is undone only if it was completed.
//
VOID
Watchdog::Teardown()
{
    if (s_Steps & StepPowerNotify) {
        PoUnregisterPowerSettingCallback(s_PowerHandle);
        s_PowerHandle = nullptr;
        s_Steps &= ~StepPowerNotify;
    }

    if (s_Steps & StepControl) {
        WdfTimerStop(s_Timer, TRUE);
        WdfObjectDelete(s_Control);     // timer and queue are children
        s_Timer   = nullptr;
        s_Control = nullptr;
        s_Steps  &= ~StepControl;
    }

    if (s_Steps & StepLookaside) {
        FlushEvents();
        ExDeleteLookasideListEx(&s_EventPool);
        s_Steps &= ~StepLookaside;
    }
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS            status;
    WDF_DRIVER_CONFIG   config;
    WDFDRIVER           driver;

    WLOG("DriverEntry %wZ", RegistryPath);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = Watchdog::EvtDriverUnload;
    config.DriverPoolTag    = WDOG_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        WLOG("WdfDriverCreate 0x%08X", status);
        return status;
    }

    //
    // EvtDriverUnload won't run if we fail from here on, Initialize()
    // cleans up after itself.
    //
    return Watchdog::Initialize(driver);
}

VOID
Watchdog::EvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WLOG("unload");
    Teardown();
}
