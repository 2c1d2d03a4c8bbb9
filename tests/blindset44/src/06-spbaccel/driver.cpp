// driver.cpp -- DriverEntry, unload and system power callback for VA-3D
//
// Copyright (c) 2022 Vireo Sensing Inc.

#include "spbaccel.h"

using namespace Vireo;

KSPIN_LOCK          CDriverState::s_slDevices;
LIST_ENTRY          CDriverState::s_leDevices;
PCALLBACK_OBJECT    CDriverState::s_pPowerCallbackObject = nullptr;
PVOID               CDriverState::s_pvPowerCallbackHandle = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD VaEvtDriverUnload;

namespace {

//
// Undoes RegisterPowerCallback if DriverEntry bails out early.
//
class CPowerCallbackGuard
{
public:
    CPowerCallbackGuard() : m_bArmed(true) {}
    ~CPowerCallbackGuard()
    {
        if (m_bArmed) {
            if (CDriverState::s_pvPowerCallbackHandle != nullptr) {
                ExUnregisterCallback(CDriverState::s_pvPowerCallbackHandle);
                CDriverState::s_pvPowerCallbackHandle = nullptr;
            }
            if (CDriverState::s_pPowerCallbackObject != nullptr) {
                ObDereferenceObject(CDriverState::s_pPowerCallbackObject);
                CDriverState::s_pPowerCallbackObject = nullptr;
            }
        }
    }
    void Dismiss() { m_bArmed = false; }

private:
    bool m_bArmed;
};

} // anonymous namespace

NTSTATUS CDriverState::RegisterPowerCallback()
{
    OBJECT_ATTRIBUTES   oa;
    UNICODE_STRING      ustrName = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");
    NTSTATUS            ntStatus;

    InitializeObjectAttributes(&oa, &ustrName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, nullptr);

    ntStatus = ExCreateCallback(&s_pPowerCallbackObject, &oa, FALSE, TRUE);
    VA_CHECK(ntStatus, "ExCreateCallback(PowerState)");

    s_pvPowerCallbackHandle = ExRegisterCallback(s_pPowerCallbackObject,
                                                 &CDriverState::PowerStateCallback,
                                                 nullptr);
    if (s_pvPowerCallbackHandle == nullptr) {
        ObDereferenceObject(s_pPowerCallbackObject);
        s_pPowerCallbackObject = nullptr;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

VOID CDriverState::PowerStateCallback(PVOID pvContext, PVOID pvArg1, PVOID pvArg2)
{
    KIRQL   kIrql;
    BOOLEAN bSleep;

    UNREFERENCED_PARAMETER(pvContext);

    //
    // PO_CB_SYSTEM_STATE_LOCK: Arg2 == 0 -> going to sleep, 1 -> back in S0.
    // PO_CB_AC_STATUS:         Arg2 == 0 -> on battery. Sensor drops to
    //                          low-rate mode on battery as well.
    //
    if (pvArg1 == (PVOID)PO_CB_SYSTEM_STATE_LOCK || pvArg1 == (PVOID)PO_CB_AC_STATUS) {
        bSleep = (pvArg2 == (PVOID)0) ? TRUE : FALSE;
    } else {
        return;
    }

    KeAcquireSpinLock(&s_slDevices, &kIrql);
    for (PLIST_ENTRY pEntry = s_leDevices.Flink; pEntry != &s_leDevices; pEntry = pEntry->Flink) {
        CONTAINING_RECORD(pEntry, CAccelDevice, m_leLink)->OnSystemPowerChange(bSleep);
    }
    KeReleaseSpinLock(&s_slDevices, kIrql);
}

VOID CDriverState::AddDevice(CAccelDevice* pDev)
{
    KIRQL kIrql;
    KeAcquireSpinLock(&s_slDevices, &kIrql);
    InsertTailList(&s_leDevices, &pDev->m_leLink);
    KeReleaseSpinLock(&s_slDevices, kIrql);
}

VOID CDriverState::RemoveDevice(CAccelDevice* pDev)
{
    KIRQL kIrql;
    KeAcquireSpinLock(&s_slDevices, &kIrql);
    RemoveEntryList(&pDev->m_leLink);
    InitializeListHead(&pDev->m_leLink);
    KeReleaseSpinLock(&s_slDevices, kIrql);
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  pDriverObject,
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    NTSTATUS            ntStatus;
    WDF_DRIVER_CONFIG   stConfig;

    VA_INFO("VA-3D driver loading (%wZ)", pRegistryPath);

    //
    // The power-state callback is what lets us park the sensor before
    // the SPB controller goes down; without it there is no point loading.
    //
    ntStatus = CDriverState::RegisterPowerCallback();
    VA_CHECK(ntStatus, "RegisterPowerCallback");

    CPowerCallbackGuard guard;

    KeInitializeSpinLock(&CDriverState::s_slDevices);
    InitializeListHead(&CDriverState::s_leDevices);

    WDF_DRIVER_CONFIG_INIT(&stConfig, &CAccelDevice::EvtDeviceAdd);
    stConfig.EvtDriverUnload = VaEvtDriverUnload;
    stConfig.DriverPoolTag   = VA_TAG;

    ntStatus = WdfDriverCreate(pDriverObject, pRegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                               &stConfig, WDF_NO_HANDLE);
    VA_CHECK(ntStatus, "WdfDriverCreate");

    guard.Dismiss();
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
static VOID VaEvtDriverUnload(WDFDRIVER hDriver)
{
    UNREFERENCED_PARAMETER(hDriver);

    VA_INFO("unloading%s", "");

    if (CDriverState::s_pvPowerCallbackHandle != nullptr) {
        ExUnregisterCallback(CDriverState::s_pvPowerCallbackHandle);
        CDriverState::s_pvPowerCallbackHandle = nullptr;
    }

    NT_ASSERT(IsListEmpty(&CDriverState::s_leDevices));
}
