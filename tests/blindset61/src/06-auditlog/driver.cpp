//
// driver.cpp - auditlog: keeps a bounded in-memory log of file opens and
// deletes that the collector service drains through the port.
//
#include "audit.h"

extern "C" {
PFLT_FILTER g_AuditFilter     = nullptr;
PFLT_PORT   g_AuditClientPort = nullptr;
}

static PFLT_PORT g_AuditPort = nullptr;

class AuditState {
public:
    static NTSTATUS Init()
    {
        InitializeListHead(&s_list);
        KeInitializeSpinLock(&s_lock);
        ExInitializeNPagedLookasideList(&s_lookaside, nullptr, nullptr, POOL_NX_ALLOCATION,
                                        sizeof(AUDIT_RECORD), AUDIT_TAG, 0);
        s_count = 0;
        s_ready = true;
        return STATUS_SUCCESS;
    }

    static void Destroy()
    {
        if (!s_ready) {
            return;
        }
        KIRQL irql;
        KeAcquireSpinLock(&s_lock, &irql);
        while (!IsListEmpty(&s_list)) {
            PLIST_ENTRY le = RemoveHeadList(&s_list);
            ExFreeToNPagedLookasideList(&s_lookaside, CONTAINING_RECORD(le, AUDIT_RECORD, Link));
        }
        s_count = 0;
        KeReleaseSpinLock(&s_lock, irql);
        ExDeleteNPagedLookasideList(&s_lookaside);
        s_ready = false;
    }

    static void Push(_In_ PFLT_CALLBACK_DATA Data)
    {
        PFLT_FILE_NAME_INFORMATION info = nullptr;
        if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &info))) {
            return;
        }

        auto rec = static_cast<PAUDIT_RECORD>(ExAllocateFromNPagedLookasideList(&s_lookaside));
        if (rec) {
            KeQuerySystemTime(&rec->Time);
            rec->ProcessId     = HandleToULong(PsGetCurrentProcessId());
            rec->ThreadId      = HandleToULong(PsGetCurrentThreadId());
            rec->MajorFunction = Data->Iopb->MajorFunction;
            rec->NameLength    = min(info->Name.Length, (AUDIT_NAME_CCH - 1) * sizeof(WCHAR));
            RtlCopyMemory(rec->Name, info->Name.Buffer, rec->NameLength);

            PAUDIT_RECORD dropped = nullptr;
            KIRQL irql;
            KeAcquireSpinLock(&s_lock, &irql);
            InsertTailList(&s_list, &rec->Link);
            if (++s_count > kMaxRecords) {
                dropped = CONTAINING_RECORD(RemoveHeadList(&s_list), AUDIT_RECORD, Link);
                --s_count;
            }
            KeReleaseSpinLock(&s_lock, irql);

            if (dropped) {
                ExFreeToNPagedLookasideList(&s_lookaside, dropped);
            }
        }
        FltReleaseFileNameInformation(info);
    }

    static PAUDIT_RECORD Pop()
    {
        PAUDIT_RECORD rec = nullptr;
        KIRQL irql;
        KeAcquireSpinLock(&s_lock, &irql);
        if (!IsListEmpty(&s_list)) {
            rec = CONTAINING_RECORD(RemoveHeadList(&s_list), AUDIT_RECORD, Link);
            --s_count;
        }
        KeReleaseSpinLock(&s_lock, irql);
        return rec;
    }

    static void Free(PAUDIT_RECORD rec) { ExFreeToNPagedLookasideList(&s_lookaside, rec); }

private:
    static const ULONG          kMaxRecords = 4096;
    static LIST_ENTRY           s_list;
    static KSPIN_LOCK           s_lock;
    static NPAGED_LOOKASIDE_LIST s_lookaside;
    static ULONG                s_count;
    static bool                 s_ready;
};

LIST_ENTRY            AuditState::s_list;
KSPIN_LOCK            AuditState::s_lock;
NPAGED_LOOKASIDE_LIST AuditState::s_lookaside;
ULONG                 AuditState::s_count = 0;
bool                  AuditState::s_ready = false;

extern "C" NTSTATUS
AuditDrain(_Out_writes_bytes_to_(Length, *Written) PVOID Buffer, _In_ ULONG Length, _Out_ PULONG Written)
{
    auto out = static_cast<PAUDIT_WIRE_RECORD>(Buffer);
    ULONG n = 0;
    *Written = 0;

    while ((n + 1) * sizeof(AUDIT_WIRE_RECORD) <= Length) {
        PAUDIT_RECORD rec = AuditState::Pop();
        if (!rec) {
            break;
        }
        out[n].Time          = rec->Time;
        out[n].ProcessId     = rec->ProcessId;
        out[n].ThreadId      = rec->ThreadId;
        out[n].MajorFunction = rec->MajorFunction;
        out[n].NameLength    = rec->NameLength;
        RtlCopyMemory(out[n].Name, rec->Name, rec->NameLength);
        AuditState::Free(rec);
        ++n;
    }
    *Written = n * sizeof(AUDIT_WIRE_RECORD);
    return n ? STATUS_SUCCESS : STATUS_NO_MORE_ENTRIES;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
AuditPreOp(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _Flt_CompletionContext_Outptr_ PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (Data->Iopb->MajorFunction == IRP_MJ_SET_INFORMATION) {
        auto cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
        if (cls != FileDispositionInformation && cls != FileDispositionInformationEx) {
            return FLT_PREOP_SUCCESS_NO_CALLBACK;
        }
    }
    if (KeGetCurrentIrql() <= APC_LEVEL) {
        AuditState::Push(Data);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS FLTAPI
AuditUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    AuditPortClose(&g_AuditPort);
    FltUnregisterFilter(g_AuditFilter);
    g_AuditFilter = nullptr;
    AuditState::Destroy();
    LOGI("unloaded");
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION g_Ops[] = {
    { IRP_MJ_CREATE,          0,                                            AuditPreOp, nullptr },
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, AuditPreOp, nullptr },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0,
    nullptr, g_Ops, AuditUnload,
    nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = AuditState::Init();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltRegisterFilter(DriverObject, &g_Registration, &g_AuditFilter);
    if (!NT_SUCCESS(status)) {
        LOGE("FltRegisterFilter 0x%08X", status);
        goto Exit;
    }

    status = AuditPortCreate(g_AuditFilter, &g_AuditPort);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = FltStartFiltering(g_AuditFilter);
    if (!NT_SUCCESS(status)) {
        LOGE("FltStartFiltering 0x%08X", status);
        AuditPortClose(&g_AuditPort);
        FltUnregisterFilter(g_AuditFilter);
        goto Exit;
    }

    LOGI("started");

Exit:
    if (!NT_SUCCESS(status)) {
        AuditPortClose(&g_AuditPort);
        if (g_AuditFilter) {
            FltUnregisterFilter(g_AuditFilter);
            g_AuditFilter = nullptr;
        }
        AuditState::Destroy();
    }
    return status;
}
