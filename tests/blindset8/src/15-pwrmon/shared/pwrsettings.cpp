// pwrsettings.cpp - see pwrsettings.h.

#include "pwrsettings.h"

namespace pwr {

NTSTATUS
SettingSet::RegisterAll(_In_opt_ PDEVICE_OBJECT DeviceObject, _In_opt_ PVOID Context)
{
    PAGED_CODE();

    for (ULONG i = 0; i < m_count; i++) {
        m_settings[i].Handle = nullptr;
    }

    for (ULONG i = 0; i < m_count; i++) {
        // The power manager calls the callback once right away with the
        // current value, so Context must be usable before this call.
        NTSTATUS status = PoRegisterPowerSettingCallback(DeviceObject,
                                                         m_settings[i].Guid,
                                                         m_settings[i].Callback,
                                                         Context,
                                                         &m_settings[i].Handle);
        if (!NT_SUCCESS(status)) {
            KdPrint(("pwr: %s registration failed 0x%08X\n", m_settings[i].Name, status));
            m_settings[i].Handle = nullptr;
            UnregisterAll();
            return status;
        }
    }
    return STATUS_SUCCESS;
}

void
SettingSet::UnregisterAll()
{
    PAGED_CODE();

    // reverse order, mirrors registration
    for (ULONG i = m_count; i-- > 0;) {
        if (m_settings[i].Handle != nullptr) {
            NTSTATUS status = PoUnregisterPowerSettingCallback(m_settings[i].Handle);
            if (!NT_SUCCESS(status)) {
                KdPrint(("pwr: %s unregister 0x%08X\n", m_settings[i].Name, status));
            }
            m_settings[i].Handle = nullptr;
        }
    }
}

ULONG
SettingSet::Registered() const
{
    ULONG n = 0;
    for (ULONG i = 0; i < m_count; i++) {
        if (m_settings[i].Handle != nullptr) {
            n++;
        }
    }
    return n;
}

ULONG
ValueAsUlong(_In_reads_bytes_(ValueLength) PVOID Value, _In_ ULONG ValueLength, _In_ ULONG Default)
{
    if (Value == nullptr || ValueLength < sizeof(ULONG)) {
        return Default;
    }
    return *static_cast<ULONG*>(Value);
}

} // namespace pwr
