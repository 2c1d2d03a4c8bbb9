// guard.h - ExecGuard: deny process creation from configured path prefixes
//
// Rules are image-path prefixes in NT form, e.g.
//   \Device\HarddiskVolume3\Users\Public\
//   \Device\HarddiskVolume3\Windows\Temp\
// Initial rules come from Parameters\DenyPrefixes (REG_MULTI_SZ); the
// management tool can add / clear rules through \\.\ExecGuard.

#pragma once

#include "kstd.h"

#define EXECGUARD_DEVICE_NAME   L"\\Device\\ExecGuard"
#define EXECGUARD_LINK_NAME     L"\\??\\ExecGuard"

#define IOCTL_EXECGUARD_ADD_PREFIX \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_EXECGUARD_CLEAR \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_EXECGUARD_GET_BLOCKED \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace execguard {

constexpr size_t MaxRules = 32;
constexpr USHORT MaxPrefixBytes = 512 * sizeof(WCHAR);
constexpr ULONG RuleTag = 'uRgE';

class PrefixRule {
public:
    PrefixRule() noexcept = default;
    PrefixRule(PrefixRule&& other) noexcept
        : m_buffer(kstd::move(other.m_buffer)), m_string(other.m_string)
    {
        other.m_string = UNICODE_STRING{};
    }
    PrefixRule(const PrefixRule&) = delete;
    PrefixRule& operator=(const PrefixRule&) = delete;

    _Must_inspect_result_
    NTSTATUS Assign(_In_reads_bytes_(Bytes) PCWCH Text, USHORT Bytes) noexcept;

    bool Matches(_In_ PCUNICODE_STRING ImagePath) const noexcept
    {
        return RtlPrefixUnicodeString(&m_string, ImagePath, TRUE) != FALSE;
    }

private:
    kstd::pool_buffer<WCHAR, RuleTag> m_buffer;
    UNICODE_STRING m_string{};
};

//
// All driver-wide state. Members are destroyed in reverse order of
// declaration, which is the teardown order we need:
//   Notify (stop callbacks) -> Link -> Device -> Rules -> RulesLock.
//
struct DriverState {
    kstd::EResource                             RulesLock;
    kstd::fixed_vector<PrefixRule, MaxRules>    Rules;
    volatile LONG                               Blocked = 0;
    kstd::unique_device                         Device;
    kstd::unique_symlink                        Link;
    kstd::unique_process_notify                 Notify;

    _Must_inspect_result_
    NTSTATUS AddRule(_In_reads_bytes_(Bytes) PCWCH Text, USHORT Bytes) noexcept;
    void ClearRules() noexcept;
    bool IsDenied(_In_ PCUNICODE_STRING ImagePath) noexcept;
};

// published while the driver is loaded; read by callbacks and dispatch
extern DriverState* g_State;

// rules.cpp
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS LoadRulesFromRegistry(_Inout_ DriverState& State, _In_ PCUNICODE_STRING RegistryPath) noexcept;

void OnProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                     _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH DispatchCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH DispatchDeviceControl;

} // namespace execguard
