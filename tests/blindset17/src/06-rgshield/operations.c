/*++

    operations.c - create/write/set-information callbacks and the per
    process scoring.

--*/
#include "rgshield.h"

static const PCWSTR RgDocumentExtensions[] = {
    L"doc", L"docx", L"xls", L"xlsx", L"ppt", L"pptx", L"pdf", L"txt",
    L"jpg", L"png", L"psd", L"csv", L"odt", L"rtf", L"sql", L"bak",
};

static const ULONG RgLog2Table[17] = {
    /* 100 * log2(n / 16) * -1 scaled helpers for n = 0..16 */
    0, 400, 300, 242, 200, 168, 142, 120, 100, 83, 68, 54, 42, 30, 19, 9, 0
};

static BOOLEAN
RgIsDocument(
    _In_ PCUNICODE_STRING Extension
    )
{
    ULONG i;
    UNICODE_STRING ext;

    for (i = 0; i < RTL_NUMBER_OF(RgDocumentExtensions); i++) {
        RtlInitUnicodeString(&ext, RgDocumentExtensions[i]);
        if (RtlEqualUnicodeString(Extension, &ext, TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

/*
 * Cheap entropy estimate on nibbles, good enough to tell encrypted or
 * compressed data from documents. Returns bits per byte * 100.
 */
static ULONG
RgEstimateEntropy(
    _In_reads_bytes_(Length) const UCHAR *Buffer,
    _In_ ULONG Length
    )
{
    ULONG counts[16] = { 0 };
    ULONG i;
    ULONG sum = 0;

    if (Length == 0) {
        return 0;
    }
    Length = min(Length, RG_SAMPLE_BYTES);

    for (i = 0; i < Length; i++) {
        counts[Buffer[i] & 0xF]++;
        counts[Buffer[i] >> 4]++;
    }
    for (i = 0; i < 16; i++) {
        ULONG bucket = (counts[i] * 16) / (Length * 2);
        sum += (counts[i] * RgLog2Table[min(bucket, 16)]) / (Length * 2);
    }
    return sum * 2;
}

PRG_PROCESS
RgLookupProcess(
    _In_ HANDLE ProcessId,
    _In_ BOOLEAN Create
    )
{
    PLIST_ENTRY entry;
    PRG_PROCESS process;

    for (entry = g_Rg.Processes.Flink; entry != &g_Rg.Processes; entry = entry->Flink) {
        process = CONTAINING_RECORD(entry, RG_PROCESS, Link);
        if (process->ProcessId == ProcessId) {
            return process;
        }
    }
    if (!Create) {
        return NULL;
    }

    process = (PRG_PROCESS)ExAllocateFromNPagedLookasideList(&g_Rg.ProcessLookaside);
    if (process != NULL) {
        RtlZeroMemory(process, sizeof(*process));
        process->ProcessId = ProcessId;
        InsertTailList(&g_Rg.Processes, &process->Link);
    }
    return process;
}

VOID
RgFreeProcessList(
    VOID
    )
{
    while (!IsListEmpty(&g_Rg.Processes)) {
        PLIST_ENTRY entry = RemoveHeadList(&g_Rg.Processes);
        ExFreeToNPagedLookasideList(&g_Rg.ProcessLookaside,
                                    CONTAINING_RECORD(entry, RG_PROCESS, Link));
    }
}

static BOOLEAN
RgScoreAndCheck(
    _In_ HANDLE ProcessId,
    _In_ ULONG Points,
    _Out_ PULONG Score
    )
{
    PRG_PROCESS process;
    BOOLEAN blocked = FALSE;
    BOOLEAN newlyBlocked = FALSE;

    *Score = 0;

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&g_Rg.ProcessLock, TRUE);
    process = RgLookupProcess(ProcessId, Points != 0);
    if (process != NULL && !process->Trusted) {
        process->Score += Points;
        if (!process->Blocked && process->Score >= g_Rg.Threshold) {
            process->Blocked = TRUE;
            newlyBlocked = TRUE;
        }
        blocked = process->Blocked;
        *Score = process->Score;
    }
    ExReleaseResourceLite(&g_Rg.ProcessLock);
    KeLeaveCriticalRegion();

    if (newlyBlocked) {
        RgNotifyService(RgMsgBlocked, ProcessId, *Score, NULL);
    }
    return blocked;
}

VOID
RgStreamContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    )
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(ContextType);
}

FLT_PREOP_CALLBACK_STATUS
RgPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    ULONG score;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (FlagOn(Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess,
               FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE)) {
        if (RgScoreAndCheck(PsGetCurrentProcessId(), 0, &score)) {
            Data->IoStatus.Status = STATUS_ACCESS_DENIED;
            Data->IoStatus.Information = 0;
            return FLT_PREOP_COMPLETE;
        }
        return FLT_PREOP_SUCCESS_WITH_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS
RgPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PRG_STREAM_CONTEXT ctx = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Information == FILE_SUPERSEDED) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    status = FltParseFileNameInformation(nameInfo);
    if (!NT_SUCCESS(status) || !RgIsDocument(&nameInfo->Extension)) {
        FltReleaseFileNameInformation(nameInfo);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    FltReleaseFileNameInformation(nameInfo);

    status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                                sizeof(RG_STREAM_CONTEXT), NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Document = TRUE;
    ctx->OriginalEntropy = 0;

    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
    FltReleaseContext(ctx);
    UNREFERENCED_PARAMETER(status);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS
RgPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PRG_STREAM_CONTEXT ctx = NULL;
    PUCHAR buffer = NULL;
    ULONG length = Data->Iopb->Parameters.Write.Length;
    ULONG entropy = 0;
    ULONG score;
    BOOLEAN blocked;

    *CompletionContext = NULL;

    if (Data->RequestorMode == KernelMode || length == 0) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (!NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                        (PFLT_CONTEXT *)&ctx))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (Data->Iopb->Parameters.Write.MdlAddress != NULL) {
        buffer = (PUCHAR)MmGetSystemAddressForMdlSafe(Data->Iopb->Parameters.Write.MdlAddress,
                                                      NormalPagePriority | MdlMappingNoExecute);
    } else {
        buffer = (PUCHAR)Data->Iopb->Parameters.Write.WriteBuffer;
    }

    if (buffer != NULL) {
        __try {
            entropy = RgEstimateEntropy(buffer, length);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            entropy = 0;
        }
    }

    if (entropy >= RG_ENTROPY_HIGH && !ctx->Counted) {
        ctx->Counted = TRUE;
        InterlockedIncrement(&ctx->HighEntropyWrites);
        blocked = RgScoreAndCheck(PsGetCurrentProcessId(), 1, &score);
        if (score == g_Rg.Threshold / 2) {
            RgNotifyService(RgMsgSuspicious, PsGetCurrentProcessId(), score, NULL);
        }
    } else {
        blocked = RgScoreAndCheck(PsGetCurrentProcessId(), 0, &score);
    }
    FltReleaseContext(ctx);

    if (blocked) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS
RgPreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    ULONG score;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (cls != FileRenameInformation && cls != FileRenameInformationEx &&
        cls != FileDispositionInformation && cls != FileDispositionInformationEx) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (RgScoreAndCheck(PsGetCurrentProcessId(), 0, &score)) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
