//
// mousetrap.sys -- mouse upper filter with a sideband control device.
// "Trap" mode swallows all mouse input (used by the kiosk shell while the
// cleaning screen is up).  Trap is always released when the box goes to sleep
// so nobody wakes up to a dead mouse.
//
#include "mousetrap.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD MtUnload;

mt::State mt::g = {};

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attr;
    NTSTATUS status;

    MTDBG("DriverEntry");

    status = mt::RegisterPowerCallback();
    if (!NT_SUCCESS(status)) {
        MTDBG("power callback %08X", status);
        return status;
    }

    WDF_DRIVER_CONFIG_INIT(&config, mt::EvtDeviceAdd);
    config.EvtDriverUnload = MtUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &mt::g.Driver);
    if (!NT_SUCCESS(status)) {
        MTDBG("WdfDriverCreate %08X", status);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = mt::g.Driver;
    status = WdfCollectionCreate(&attr, &mt::g.Filters);
    if (NT_SUCCESS(status)) {
        WDF_OBJECT_ATTRIBUTES_INIT(&attr);
        attr.ParentObject = mt::g.Driver;
        status = WdfWaitLockCreate(&attr, &mt::g.FiltersLock);
    }

    if (!NT_SUCCESS(status)) {
        MTDBG("globals %08X", status);
        mt::UnregisterPowerCallback();
        return status;
    }

    return STATUS_SUCCESS;
}

static
VOID
MtUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    MTDBG("unload");
    mt::UnregisterPowerCallback();
}
