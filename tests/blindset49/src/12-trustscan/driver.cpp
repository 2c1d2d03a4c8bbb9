//
// driver.cpp - TrustScan entry point, teardown and the create callback
//
#include "trustscan.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace ts {

PFLT_FILTER g_Filter = nullptr;

namespace {

// upcased: FsRtlIsNameInExpression wants an upcased expression when ignoring case
UNICODE_STRING kDocumentsPattern = RTL_CONSTANT_STRING(L"*\\DOCUMENTS\\*");

NTSTATUS FLTAPI Unload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    comm::Close();

    FltUnregisterFilter(g_Filter);
    g_Filter = nullptr;

    // waits for in-flight notifications before returning
    PsSetCreateProcessNotifyRoutineEx(procs::OnProcess, TRUE);
    procs::Destroy();

    TSLOG("unloaded");
    return STATUS_SUCCESS;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS, PVOID* CompletionContext)
{
    *CompletionContext = nullptr;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    auto access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    auto disposition = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;
    if (!FlagOn(access, FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE) && disposition == FILE_OPEN) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    HANDLE pid = PsGetCurrentProcessId();
    if (!procs::IsUntrusted(pid)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    PFLT_FILE_NAME_INFORMATION ni = nullptr;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &ni))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    auto verdict = FLT_PREOP_SUCCESS_NO_CALLBACK;
    if (NT_SUCCESS(FltParseFileNameInformation(ni)) &&
        FsRtlIsNameInExpression(&kDocumentsPattern, &ni->ParentDir, TRUE, nullptr) &&
        !comm::AskAllow(pid, &ni->Name)) {
        TSLOG("denied %wZ to pid %p", &ni->Name, pid);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        verdict = FLT_PREOP_COMPLETE;
    }

    FltReleaseFileNameInformation(ni);
    return verdict;
}

const FLT_OPERATION_REGISTRATION s_Ops[] = {
    { IRP_MJ_CREATE, 0, PreCreate, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION s_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,
    s_Ops,
    Unload,
    nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

} // anonymous namespace
} // namespace ts

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    bool procsReady = false, portOpen = false, notifyOn = false;

    // undo whatever got done, newest first
    auto unwind = [&](NTSTATUS st, const char* what) -> NTSTATUS {
        TSLOG("%s failed 0x%08X", what, st);
        if (notifyOn) {
            PsSetCreateProcessNotifyRoutineEx(ts::procs::OnProcess, TRUE);
        }
        if (portOpen) {
            ts::comm::Close();
        }
        if (ts::g_Filter != nullptr) {
            FltUnregisterFilter(ts::g_Filter);
            ts::g_Filter = nullptr;
        }
        if (procsReady) {
            ts::procs::Destroy();
        }
        return st;
    };

    NTSTATUS status = ts::procs::Init();
    if (!NT_SUCCESS(status)) {
        return unwind(status, "procs::Init");
    }
    procsReady = true;

    status = FltRegisterFilter(DriverObject, &ts::s_Registration, &ts::g_Filter);
    if (!NT_SUCCESS(status)) {
        ts::g_Filter = nullptr;
        return unwind(status, "FltRegisterFilter");
    }

    status = ts::comm::Open(ts::g_Filter);
    if (!NT_SUCCESS(status)) {
        return unwind(status, "comm::Open");
    }
    portOpen = true;

    status = PsSetCreateProcessNotifyRoutineEx(ts::procs::OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        return unwind(status, "PsSetCreateProcessNotifyRoutineEx");
    }
    notifyOn = true;

    status = FltStartFiltering(ts::g_Filter);
    if (!NT_SUCCESS(status)) {
        return unwind(status, "FltStartFiltering");
    }

    TSLOG("running");
    return STATUS_SUCCESS;
}
