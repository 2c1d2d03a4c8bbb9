#include "hub.h"

VOID
NhOnProcessEx(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);

    InterlockedIncrement(&g_Hub.Counters[CreateInfo != NULL ? NhProcessCreate : NhProcessExit]);
}

VOID
NhOnProcessLegacy(
    _In_ HANDLE ParentId,
    _In_ HANDLE ProcessId,
    _In_ BOOLEAN Create
    )
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);

    InterlockedIncrement(&g_Hub.Counters[Create ? NhProcessCreate : NhProcessExit]);
}

VOID
NhOnThread(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);

    InterlockedIncrement(&g_Hub.Counters[Create ? NhThreadCreate : NhThreadExit]);
}

VOID
NhOnImage(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);

    InterlockedIncrement(&g_Hub.Counters[NhImageLoad]);
}

NTSTATUS
NhOnRegistry(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    PNH_STATE hub = (PNH_STATE)CallbackContext;
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;

    UNREFERENCED_PARAMETER(Argument2);

    switch (cls) {
    case RegNtPreSetValueKey:
    case RegNtPreDeleteValueKey:
    case RegNtPreDeleteKey:
    case RegNtPreRenameKey:
        InterlockedIncrement(&hub->Counters[NhRegistryWrite]);
        break;
    default:
        break;
    }
    return STATUS_SUCCESS;
}
