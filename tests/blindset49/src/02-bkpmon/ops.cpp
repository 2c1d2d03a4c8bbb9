//
// ops.cpp - I/O callbacks for bkpmon
//
#include "bkpmon.h"

#ifdef BKP_USE_WPP
#include "ops.tmh"
#endif

namespace bkp {

namespace {

inline bool IsRenameClass(FILE_INFORMATION_CLASS c)
{
    return c == FileRenameInformation || c == FileRenameInformationEx;
}

HandleContext* GetHandleContext(_In_ PCFLT_RELATED_OBJECTS FltObjects)
{
    HandleContext* hc = nullptr;
    NTSTATUS status = FltGetStreamHandleContext(FltObjects->Instance,
                                                FltObjects->FileObject,
                                                reinterpret_cast<PFLT_CONTEXT*>(&hc));
    return NT_SUCCESS(status) ? hc : nullptr;
}

} // anonymous namespace

FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    // read-only handles can't change anything we care about
    if (!FltObjects->FileObject->WriteAccess && !FltObjects->FileObject->DeleteAccess) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    HandleContext* hc = nullptr;
    NTSTATUS status = FltAllocateContext(FltObjects->Filter,
                                         FLT_STREAMHANDLE_CONTEXT,
                                         sizeof(HandleContext),
                                         NonPagedPoolNx,
                                         reinterpret_cast<PFLT_CONTEXT*>(&hc));
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    RtlZeroMemory(hc, sizeof(*hc));
    status = FltSetStreamHandleContext(FltObjects->Instance, FltObjects->FileObject,
                                       FLT_SET_CONTEXT_KEEP_IF_EXISTS, hc, nullptr);
    if (!NT_SUCCESS(status) && status != STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_JOURNAL, "set handle ctx 0x%08X", status);
    }
    FltReleaseContext(hc);

    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext
    )
{
    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = nullptr;

    HandleContext* hc = GetHandleContext(FltObjects);
    if (hc != nullptr) {
        hc->Modified = TRUE;
        InterlockedIncrement(reinterpret_cast<volatile LONG*>(&hc->Writes));
        FltReleaseContext(hc);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    auto infoClass = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    HandleContext* hc = GetHandleContext(FltObjects);
    if (hc != nullptr) {
        if (IsRenameClass(infoClass)) {
            hc->Renamed = TRUE;
        } else if (infoClass == FileEndOfFileInformation ||
                   infoClass == FileAllocationInformation) {
            hc->Modified = TRUE;
        }
        FltReleaseContext(hc);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCleanup(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID* CompletionContext
    )
{
    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = nullptr;

    HandleContext* hc = GetHandleContext(FltObjects);
    if (hc != nullptr) {
        if (hc->Modified || hc->Renamed) {
            NoteChange(FltObjects, hc);
        }
        FltReleaseContext(hc);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

} // namespace bkp
