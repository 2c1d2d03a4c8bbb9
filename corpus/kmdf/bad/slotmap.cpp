/*
 * slotmap: a KMDF bus driver that keeps a map of the slots its children
 * take, allocated once at load by a static member function that answers
 * true or false.
 *
 * Violating: when the map cannot be allocated, DriverEntry returns FALSE,
 * which as an NTSTATUS is STATUS_SUCCESS: the driver stays loaded without it.
 */
#include <ntddk.h>
#include <wdf.h>

#define SLOT_TAG 'tolS'
#define SLOT_COUNT 64

namespace slots {

class Map {
public:
    static bool Initialize();
    static void Shutdown();

private:
    static PUCHAR s_Map;
};

PUCHAR Map::s_Map = nullptr;

bool Map::Initialize()
{
    s_Map = static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, SLOT_COUNT, SLOT_TAG));
    if (s_Map == nullptr) {
        return false;
    }
    return true;
}

void Map::Shutdown()
{
    if (s_Map != nullptr) {
        ExFreePoolWithTag(s_Map, SLOT_TAG);
        s_Map = nullptr;
    }
}

} // namespace slots

extern "C" DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD SlotEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD SlotEvtDriverUnload;

NTSTATUS SlotEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);
    WDFDEVICE device;
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

void SlotEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    slots::Map::Shutdown();
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: kmdf
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, SlotEvtDeviceAdd);
    config.EvtDriverUnload = SlotEvtDriverUnload;

    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                                      &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("slotmap: WdfDriverCreate failed 0x%08X\n", status));
        return status;
    }

    if (!slots::Map::Initialize()) {
        KdPrint(("slotmap: no memory for the slot map\n"));
        return FALSE;  // expect: DE019
    }
    return status;
}
