// main.cpp - WipeGuard bring-up and teardown
#include "WipeGuard.h"

namespace wg {

namespace {

enum InitState : ULONG {
    StAllowList = 0x01,
    StFilter    = 0x02,
    StProcNotif = 0x04,
    StPort      = 0x08,
};

PFLT_FILTER g_filter = nullptr;
ULONG       g_state  = 0;

// reverse order of bring-up; safe to call with any subset of g_state set
void Teardown()
{
    if (g_state & StPort) {
        Agent::Close();                 // before FltUnregisterFilter, or unregister can hang
        g_state &= ~StPort;
    }
    if (g_state & StFilter) {
        FltUnregisterFilter(g_filter);  // waits for in-flight callbacks
        g_filter = nullptr;
        g_state &= ~StFilter;
    }
    if (g_state & StProcNotif) {
        PsSetCreateProcessNotifyRoutineEx(ProcessNotify, TRUE);
        g_state &= ~StProcNotif;
    }
    if (g_state & StAllowList) {
        AllowList::Destroy();           // nobody can reach it any more
        g_state &= ~StAllowList;
    }
}

} // anonymous namespace

NTSTATUS FLTAPI FilterUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    WG_TRACE("unload");
    Teardown();
    return STATUS_SUCCESS;
}

} // namespace wg

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    using namespace wg;
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = AllowList::Init();
    if (!NT_SUCCESS(status)) {
        WG_ERROR("AllowList::Init 0x%08X", status);
        return status;
    }
    g_state |= StAllowList;

    status = FltRegisterFilter(DriverObject, &Registration, &g_filter);
    if (!NT_SUCCESS(status)) {
        WG_ERROR("FltRegisterFilter 0x%08X", status);
        Teardown();
        return status;
    }
    g_state |= StFilter;

    status = PsSetCreateProcessNotifyRoutineEx(ProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        WG_ERROR("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        Teardown();
        return status;
    }
    g_state |= StProcNotif;

    status = Agent::Open(g_filter);
    if (!NT_SUCCESS(status)) {
        WG_ERROR("Agent::Open 0x%08X", status);
        Teardown();
        return status;
    }
    g_state |= StPort;

    status = FltStartFiltering(g_filter);
    if (!NT_SUCCESS(status)) {
        WG_ERROR("FltStartFiltering 0x%08X", status);
        Teardown();
        return status;
    }

    WG_TRACE("running");
    return STATUS_SUCCESS;
}
