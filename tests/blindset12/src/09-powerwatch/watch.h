#pragma once
//
// powerwatch: logs display on/off, AC/DC switches and USB device arrivals.
// Mostly an excuse to try RAII around kernel registrations.
//
#include <ntddk.h>
#include <wdmguid.h>
#include <usbiodef.h>

#define PW_PRINT(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "powerwatch: " __VA_ARGS__)

namespace pw {

// ---- tiny RAII owner, parameterised on how to release the handle -------------
template <typename Traits>
class Owned {
public:
    using Handle = typename Traits::Handle;

    Owned() = default;
    explicit Owned(Handle h) : m_H(h) {}
    ~Owned() { Reset(); }

    Owned(const Owned&) = delete;
    Owned& operator=(const Owned&) = delete;

    Handle Get() const { return m_H; }
    Handle Release() { auto h = m_H; m_H = Traits::Invalid(); return h; }
    void Reset() {
        if (m_H != Traits::Invalid()) {
            Traits::Close(m_H);
            m_H = Traits::Invalid();
        }
    }
    explicit operator bool() const { return m_H != Traits::Invalid(); }

private:
    Handle m_H = Traits::Invalid();
};

struct PowerSettingTraits {
    using Handle = PVOID;
    static constexpr Handle Invalid() { return nullptr; }
    static void Close(Handle h) { PoUnregisterPowerSettingCallback(h); }
};

struct PnpNotifyTraits {
    using Handle = PVOID;
    static constexpr Handle Invalid() { return nullptr; }
    static void Close(Handle h) { IoUnregisterPlugPlayNotificationEx(h); }
};

using PowerSetting = Owned<PowerSettingTraits>;
using PnpNotify = Owned<PnpNotifyTraits>;

enum class Source : ULONG { Ac = 0, Dc = 1, Ups = 2, Unknown = 0xFF };

class Watcher {
public:
    NTSTATUS Init(PDRIVER_OBJECT DriverObject);
    void Shutdown();

    static NTSTATUS OnDisplay(LPCGUID Setting, PVOID Value, ULONG Length, PVOID Context);
    static NTSTATUS OnPowerSource(LPCGUID Setting, PVOID Value, ULONG Length, PVOID Context);
    static NTSTATUS OnUsbInterface(PVOID Notification, PVOID Context);

private:
    PVOID  m_Display = nullptr;
    PVOID  m_Source = nullptr;
    PVOID  m_Usb = nullptr;
    Source m_LastSource = Source::Unknown;
    ULONG  m_UsbArrivals = 0;
};

extern Watcher g_Watcher;

} // namespace pw
