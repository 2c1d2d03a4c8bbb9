// GUIDs (power settings, USB interface) are instantiated in this file
#include <initguid.h>
#include "watch.h"

namespace pw {

Watcher g_Watcher;

NTSTATUS Watcher::OnDisplay(LPCGUID Setting, PVOID Value, ULONG Length, PVOID Context)
{
    UNREFERENCED_PARAMETER(Setting);
    UNREFERENCED_PARAMETER(Context);
    if (Length >= sizeof(ULONG)) {
        static const char* names[] = { "off", "on", "dimmed" };
        auto v = *static_cast<PULONG>(Value);
        PW_PRINT("display %s\n", v < 3 ? names[v] : "?");
    }
    return STATUS_SUCCESS;
}

NTSTATUS Watcher::OnPowerSource(LPCGUID Setting, PVOID Value, ULONG Length, PVOID Context)
{
    UNREFERENCED_PARAMETER(Setting);
    auto self = static_cast<Watcher*>(Context);
    if (Length >= sizeof(ULONG)) {
        auto s = static_cast<Source>(*static_cast<PULONG>(Value));
        if (s != self->m_LastSource) {
            PW_PRINT("power source %lu -> %lu\n", static_cast<ULONG>(self->m_LastSource), static_cast<ULONG>(s));
            self->m_LastSource = s;
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS Watcher::OnUsbInterface(PVOID Notification, PVOID Context)
{
    auto self = static_cast<Watcher*>(Context);
    auto n = static_cast<PDEVICE_INTERFACE_CHANGE_NOTIFICATION>(Notification);

    if (IsEqualGUID(n->Event, GUID_DEVICE_INTERFACE_ARRIVAL)) {
        InterlockedIncrement(reinterpret_cast<volatile LONG*>(&self->m_UsbArrivals));
        PW_PRINT("usb arrival %wZ\n", n->SymbolicLinkName);
    } else if (IsEqualGUID(n->Event, GUID_DEVICE_INTERFACE_REMOVAL)) {
        PW_PRINT("usb removal %wZ\n", n->SymbolicLinkName);
    }
    return STATUS_SUCCESS;
}

NTSTATUS Watcher::Init(PDRIVER_OBJECT DriverObject)
{
    PVOID raw = nullptr;

    auto status = PoRegisterPowerSettingCallback(nullptr, &GUID_CONSOLE_DISPLAY_STATE,
                                                 OnDisplay, this, &raw);
    if (!NT_SUCCESS(status)) {
        PW_PRINT("display setting: 0x%08X\n", status);
        return status;
    }
    PowerSetting display(raw);

    raw = nullptr;
    status = PoRegisterPowerSettingCallback(nullptr, &GUID_ACDC_POWER_SOURCE,
                                            OnPowerSource, this, &raw);
    if (!NT_SUCCESS(status)) {
        PW_PRINT("acdc setting: 0x%08X\n", status);
        return status;                      // display unregistered by its destructor
    }
    PowerSetting source(raw);

    raw = nullptr;
    status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                            const_cast<GUID*>(&GUID_DEVINTERFACE_USB_DEVICE),
                                            DriverObject, OnUsbInterface, this, &raw);
    if (!NT_SUCCESS(status)) {
        PW_PRINT("pnp notification: 0x%08X\n", status);
        return status;                      // both power settings unregistered here
    }
    PnpNotify usb(raw);

    // everything worked: the object takes ownership
    m_Display = display.Release();
    m_Source = source.Release();
    m_Usb = usb.Release();
    return STATUS_SUCCESS;
}

void Watcher::Shutdown()
{
    // reverse order of Init
    PnpNotify usb(m_Usb);
    m_Usb = nullptr;
    usb.Reset();

    PowerSetting source(m_Source);
    m_Source = nullptr;
    source.Reset();

    PowerSetting display(m_Display);
    m_Display = nullptr;
    display.Reset();

    PW_PRINT("%lu usb arrivals seen\n", m_UsbArrivals);
}

} // namespace pw
