// InstanceKeys.h - write the minifilter instance keys from code
//
// The filter manager wants <service>\Instances\<name>\Altitude before
// FltRegisterFilter. We create them ourselves (volatile) so the INF only has
// to install the service, and so two instances at two altitudes can be
// tried without editing the INF every time.
#pragma once
#include <fltKernel.h>

namespace twoalt {

struct InstanceDef {
    PCWSTR Name;
    PCWSTR Altitude;
};

constexpr InstanceDef kInstances[] = {
    { L"TwoAlt Upper", L"370120" },
    { L"TwoAlt Lower", L"370080" },
};

constexpr PCWSTR kDefaultInstance = L"TwoAlt Upper";

NTSTATUS WriteInstanceKeys(_In_ PCUNICODE_STRING serviceKey);
void RemoveInstanceKeys(_In_ PCUNICODE_STRING serviceKey);

class KeyHandle {
public:
    KeyHandle() = default;
    ~KeyHandle() { Close(); }
    KeyHandle(const KeyHandle&) = delete;
    KeyHandle& operator=(const KeyHandle&) = delete;

    HANDLE* operator&() { Close(); return &m_h; }
    HANDLE Get() const { return m_h; }
    void Close() { if (m_h) { ZwClose(m_h); m_h = nullptr; } }

private:
    HANDLE m_h = nullptr;
};

} // namespace twoalt
