#include "monitor.h"

namespace regwatch {

Monitor g_Monitor;
ProcessTally Monitor::s_Tally = {};

static UNICODE_STRING s_Altitude = RTL_CONSTANT_STRING(L"385201");

static bool StartsWith(PCUNICODE_STRING s, PCUNICODE_STRING prefix)
{
    return RtlPrefixUnicodeString(prefix, s, TRUE) != FALSE;
}

NTSTATUS Monitor::OnRegistry(PVOID Context, PVOID Arg1, PVOID Arg2)
{
    auto cfg = static_cast<const FilterConfig*>(Context);
    auto op = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Arg1));

    if (op != RegNtPreSetValueKey && op != RegNtPreDeleteValueKey) {
        return STATUS_SUCCESS;
    }
    if (cfg->Level == Verbosity::Quiet) {
        return STATUS_SUCCESS;
    }

    PVOID keyObject = nullptr;
    PCUNICODE_STRING valueName = nullptr;
    if (op == RegNtPreSetValueKey) {
        auto info = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Arg2);
        keyObject = info->Object;
        valueName = info->ValueName;
    } else {
        auto info = static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Arg2);
        keyObject = info->Object;
        valueName = info->ValueName;
    }

    PCUNICODE_STRING keyName = nullptr;
    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Monitor.m_Cookie, keyObject, nullptr, &keyName, 0))) {
        return STATUS_SUCCESS;
    }

    for (ULONG i = 0; i < cfg->PrefixCount; ++i) {
        if (StartsWith(keyName, &cfg->Prefixes[i])) {
            RW_LOG("%s %wZ\\%wZ by pid %p",
                   op == RegNtPreSetValueKey ? "set" : "del",
                   keyName, valueName, PsGetCurrentProcessId());
            break;
        }
    }
    CmCallbackReleaseKeyObjectIDEx(keyName);
    return STATUS_SUCCESS;
}

void Monitor::OnProcess(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(Pid);
    if (Info) {
        InterlockedIncrement(&s_Tally.Started);
    } else {
        InterlockedIncrement(&s_Tally.Exited);
    }
}

NTSTATUS Monitor::Init(PDRIVER_OBJECT DriverObject)
{
    FilterConfig cfg = {};
    RtlInitUnicodeString(&cfg.Prefixes[0],
        L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run");
    RtlInitUnicodeString(&cfg.Prefixes[1],
        L"\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services");
    RtlInitUnicodeString(&cfg.Prefixes[2],
        L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon");
    cfg.PrefixCount = 3;
    cfg.Level = Verbosity::Writes;

    auto status = CmRegisterCallbackEx(OnRegistry, &s_Altitude, DriverObject, &cfg, &m_Cookie, nullptr);
    if (!NT_SUCCESS(status)) {
        RW_LOG("CmRegisterCallbackEx 0x%08X", status);
        return status;
    }
    m_CmRegistered = true;

    status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        RW_LOG("process notify 0x%08X", status);
        return status;
    }
    m_ProcRegistered = true;

    RW_LOG("watching %lu key prefixes", cfg.PrefixCount);
    return STATUS_SUCCESS;
}

void Monitor::Shutdown()
{
    if (m_ProcRegistered) {
        PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
        m_ProcRegistered = false;
    }
    if (m_CmRegistered) {
        CmUnRegisterCallback(m_Cookie);
        m_CmRegistered = false;
    }
    RW_LOG("processes started %ld exited %ld", s_Tally.Started, s_Tally.Exited);
}

} // namespace regwatch
