// driver.cpp - DriverEntry / unload and the driver-wide slot map
#include "vbus.h"

namespace vbus {

ULONG      BusGlobals::MaxSlots = VBUS_DEFAULT_SLOTS;
PUCHAR     BusGlobals::s_SlotMap = nullptr;
FAST_MUTEX BusGlobals::s_Lock;

bool BusGlobals::Initialize(WDFDRIVER Driver)
{
    WDFKEY key;
    ULONG value = 0;

    NTSTATUS status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ,
                                                         WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (NT_SUCCESS(status)) {
        DECLARE_CONST_UNICODE_STRING(valueName, L"MaxSlots");
        if (NT_SUCCESS(WdfRegistryQueryULong(key, &valueName, &value)) &&
            value > 0 && value <= VBUS_MAX_SLOTS) {
            MaxSlots = value;
        }
        WdfRegistryClose(key);
    }

    s_SlotMap = static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, MaxSlots, VBUS_TAG));
    if (s_SlotMap == nullptr) {
        return false;
    }

    ExInitializeFastMutex(&s_Lock);
    return true;
}

void BusGlobals::Shutdown()
{
    if (s_SlotMap != nullptr) {
        ExFreePoolWithTag(s_SlotMap, VBUS_TAG);
        s_SlotMap = nullptr;
    }
}

bool BusGlobals::ReserveSlot(ULONG SerialNo)
{
    bool ok = false;

    if (SerialNo == 0 || SerialNo > MaxSlots) {
        return false;
    }

    ExAcquireFastMutex(&s_Lock);
    if (s_SlotMap[SerialNo - 1] == 0) {
        s_SlotMap[SerialNo - 1] = 1;
        ok = true;
    }
    ExReleaseFastMutex(&s_Lock);
    return ok;
}

void BusGlobals::ReleaseSlot(ULONG SerialNo)
{
    if (SerialNo == 0 || SerialNo > MaxSlots) {
        return;
    }

    ExAcquireFastMutex(&s_Lock);
    s_SlotMap[SerialNo - 1] = 0;
    ExReleaseFastMutex(&s_Lock);
}

} // namespace vbus

void VbusEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);

    vbus::BusGlobals::Shutdown();
    VBUS_LOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    WDF_DRIVER_CONFIG_INIT(&config, VbusEvtDeviceAdd);
    config.EvtDriverUnload = VbusEvtDriverUnload;
    config.DriverPoolTag = VBUS_TAG;

    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                                      &config, &driver);
    if (!NT_SUCCESS(status)) {
        VBUS_ERR("WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    if (!vbus::BusGlobals::Initialize(driver)) {
        VBUS_ERR("cannot allocate slot map (%lu slots)", vbus::BusGlobals::MaxSlots);
        return FALSE;
    }

    VBUS_LOG("loaded, %lu slots", vbus::BusGlobals::MaxSlots);
    return status;
}
