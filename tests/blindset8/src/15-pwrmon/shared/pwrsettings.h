// pwrsettings.h - shared by pwrmon.sys and pwrlog.sys.
//
// A fixed table of power-setting registrations.  RegisterAll() is all or
// nothing: if one registration fails the ones already made are undone
// before it returns.  UnregisterAll() is safe to call on a partially or
// never registered set.
#pragma once

#include <ntifs.h>

namespace pwr {

struct Setting {
    const GUID*             Guid;
    PPOWER_SETTING_CALLBACK Callback;
    PVOID                   Handle;     // filled by RegisterAll
    const char*             Name;
};

class SettingSet {
public:
    // constexpr so that file-scope instances are constant-initialized:
    // no C++ runtime runs global constructors in a driver.
    constexpr SettingSet(Setting* settings, ULONG count) : m_settings(settings), m_count(count) {}

    NTSTATUS RegisterAll(_In_opt_ PDEVICE_OBJECT DeviceObject, _In_opt_ PVOID Context);
    void     UnregisterAll();
    ULONG    Registered() const;

    SettingSet(const SettingSet&) = delete;
    SettingSet& operator=(const SettingSet&) = delete;

private:
    Setting* m_settings;
    ULONG    m_count;
};

// Decodes the common payload shapes for logging.
ULONG ValueAsUlong(_In_reads_bytes_(ValueLength) PVOID Value, _In_ ULONG ValueLength, _In_ ULONG Default);

} // namespace pwr
