//
// monitor.cpp - callback logic for cppmon.sys
//

#include "monitor.h"

namespace {

const UNICODE_STRING kIfeoFragment =
    RTL_CONSTANT_STRING(L"\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\");

const UNICODE_STRING kDebuggerValue = RTL_CONSTANT_STRING(L"Debugger");

// Case-insensitive substring test on counted strings.
bool ContainsNoCase(PCUNICODE_STRING haystack, PCUNICODE_STRING needle) noexcept
{
    const USHORT hayChars = haystack->Length / sizeof(WCHAR);
    const USHORT needleChars = needle->Length / sizeof(WCHAR);

    if (needleChars == 0 || needleChars > hayChars) {
        return false;
    }

    for (USHORT start = 0; start + needleChars <= hayChars; ++start) {
        UNICODE_STRING window;
        window.Buffer = haystack->Buffer + start;
        window.Length = needle->Length;
        window.MaximumLength = needle->Length;
        if (RtlEqualUnicodeString(&window, needle, TRUE)) {
            return true;
        }
    }
    return false;
}

} // namespace

NTSTATUS Monitor::Start(PDRIVER_OBJECT driver) noexcept
{
    return m_registry.Register(&Monitor::RegistryThunk, driver, CPPMON_ALTITUDE, this);
}

NTSTATUS Monitor::RegistryThunk(PVOID context, PVOID arg1, PVOID arg2)
{
    auto* self = static_cast<Monitor*>(context);

    if (self == nullptr || arg2 == nullptr || !self->Armed()) {
        return STATUS_SUCCESS;
    }
    return self->OnRegistry(static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(arg1)),
                            arg2);
}

bool Monitor::IsIfeoKey(PVOID keyObject) noexcept
{
    PCUNICODE_STRING name = nullptr;

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(m_registry.Cookie(), keyObject,
                                               nullptr, &name, 0)) || name == nullptr) {
        return false;
    }

    const bool result = ContainsNoCase(name, &kIfeoFragment);
    CmCallbackReleaseKeyObjectIDEx(name);
    return result;
}

NTSTATUS Monitor::OnRegistry(REG_NOTIFY_CLASS cls, PVOID info) noexcept
{
    if (cls != RegNtPreSetValueKey) {
        return STATUS_SUCCESS;
    }

    auto* setValue = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(info);
    InterlockedIncrement(&m_regWrites);

    if (ExGetPreviousMode() == KernelMode || setValue->ValueName == nullptr) {
        return STATUS_SUCCESS;
    }

    if (!RtlEqualUnicodeString(setValue->ValueName, &kDebuggerValue, TRUE)) {
        return STATUS_SUCCESS;
    }

    if (!IsIfeoKey(setValue->Object)) {
        return STATUS_SUCCESS;
    }

    InterlockedIncrement(&m_blocked);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL,
               "cppmon: blocked IFEO Debugger write from pid %p\n", PsGetCurrentProcessId());
    return STATUS_ACCESS_DENIED;
}

void Monitor::OnProcessCreate(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info) noexcept
{
    UNREFERENCED_PARAMETER(process);

    InterlockedIncrement(&m_creates);

    if (info->ImageFileName != nullptr) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL,
                   "cppmon: create pid=%p parent=%p image=%wZ\n",
                   pid, info->ParentProcessId, info->ImageFileName);
    }
}

void Monitor::OnProcessExit(HANDLE pid) noexcept
{
    UNREFERENCED_PARAMETER(pid);
    InterlockedIncrement(&m_exits);
}

CPPMON_STATS Monitor::Snapshot() const noexcept
{
    CPPMON_STATS s;
    s.ProcessCreates = m_creates;
    s.ProcessExits = m_exits;
    s.RegistryWrites = m_regWrites;
    s.BlockedIfeoWrites = m_blocked;
    return s;
}

extern "C" VOID
CppMonProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    //
    // g_Driver is published only after every registration succeeded, and
    // cleared before teardown starts; removal of this routine waits for
    // invocations that are already running.
    //
    DriverState* state = g_Driver;
    if (state == nullptr || !state->Mon || !state->Mon->Armed()) {
        return;
    }

    if (CreateInfo != nullptr) {
        state->Mon->OnProcessCreate(Process, ProcessId, CreateInfo);
    } else {
        state->Mon->OnProcessExit(ProcessId);
    }
}
