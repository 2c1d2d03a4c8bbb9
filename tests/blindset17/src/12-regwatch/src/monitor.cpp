//
// monitor.cpp - CmRegisterCallbackEx based registry recorder.
//
#include "regwatch.h"

namespace rw {

RegistryMonitor g_Monitor;

namespace {

DECLARE_CONST_UNICODE_STRING(s_Altitude, L"385210.51");

const PCWSTR s_WatchedPrefixes[] = {
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run",
    L"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services",
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options",
};

bool IsWatched(PCUNICODE_STRING name)
{
    for (auto prefix : s_WatchedPrefixes) {
        UNICODE_STRING p;
        RtlInitUnicodeString(&p, prefix);
        if (RtlPrefixUnicodeString(&p, name, TRUE)) {
            return true;
        }
    }
    return false;
}

void Record(PVOID object, Operation op)
{
    PCUNICODE_STRING name = nullptr;

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&s_Altitude, object, nullptr, &name, 0)) ||
        name == nullptr) {
        return;
    }

    auto release = kutil::scope_exit([name] { CmCallbackReleaseKeyObjectIDEx(name); });

    if (!IsWatched(name)) {
        return;
    }

    EventRecord rec = {};
    KeQuerySystemTimePrecise(&rec.Time);
    rec.ProcessId = HandleToULong(PsGetCurrentProcessId());
    rec.Op = op;

    USHORT chars = static_cast<USHORT>(name->Length / sizeof(WCHAR));
    if (chars > MaxPathChars - 1) {
        chars = MaxPathChars - 1;
    }
    RtlCopyMemory(rec.Path, name->Buffer, chars * sizeof(WCHAR));
    rec.Path[chars] = L'\0';

    g_Ring.Push(rec);
}

} // namespace

NTSTATUS RegistryMonitor::Callback(PVOID context, PVOID arg1, PVOID arg2)
{
    UNREFERENCED_PARAMETER(context);

    if (arg2 == nullptr || ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }

    switch (static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(arg1))) {
    case RegNtPreSetValueKey:
        Record(static_cast<PREG_SET_VALUE_KEY_INFORMATION>(arg2)->Object, Operation::SetValue);
        break;
    case RegNtPreDeleteValueKey:
        Record(static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(arg2)->Object, Operation::DeleteValue);
        break;
    case RegNtPreDeleteKey:
        Record(static_cast<PREG_DELETE_KEY_INFORMATION>(arg2)->Object, Operation::DeleteKey);
        break;
    case RegNtPreRenameKey:
        Record(static_cast<PREG_RENAME_KEY_INFORMATION>(arg2)->Object, Operation::RenameKey);
        break;
    default:
        break;
    }
    return STATUS_SUCCESS;
}

NTSTATUS RegistryMonitor::Start(PDRIVER_OBJECT driverObject)
{
    NTSTATUS status = CmRegisterCallbackEx(&RegistryMonitor::Callback,
                                           &s_Altitude,
                                           driverObject,
                                           nullptr,
                                           &m_cookie,
                                           nullptr);
    m_registered = NT_SUCCESS(status);
    return status;
}

void RegistryMonitor::Stop()
{
    if (m_registered) {
        CmUnRegisterCallback(m_cookie);
        m_registered = false;
    }
}

} // namespace rw
