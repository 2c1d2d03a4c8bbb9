//
// ops.cpp - instance setup, per-volume context and the set-information hook
//
#include "audit.h"

namespace audit {

namespace {

FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInformation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                                   PVOID* CompletionContext);

bool IsInteresting(FILE_INFORMATION_CLASS Class, Op* Operation)
{
    switch (Class) {
    case FileDispositionInformation:
    case FileDispositionInformationEx:
        *Operation = Op::Delete;
        return true;
    case FileRenameInformation:
    case FileRenameInformationEx:
        *Operation = Op::Rename;
        return true;
    default:
        return false;
    }
}

void CopyName(WCHAR* Dest, ULONG DestChars, PCUNICODE_STRING Source)
{
    const ULONG chars = min(static_cast<ULONG>(Source->Length / sizeof(WCHAR)), DestChars - 1);
    RtlCopyMemory(Dest, Source->Buffer, chars * sizeof(WCHAR));
    Dest[chars] = L'\0';
}

} // namespace

const FLT_OPERATION_REGISTRATION Operations[] = {
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, PreSetInformation, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_CONTEXT_REGISTRATION Contexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, nullptr, sizeof(InstanceContext), AUDIT_CTX_TAG },
    { FLT_CONTEXT_END }
};

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                              DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    InstanceContext* ctx = nullptr;
    auto status = FltAllocateContext(g.Filter, FLT_INSTANCE_CONTEXT, sizeof(InstanceContext),
                                     NonPagedPoolNx, reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status)) {
        // still attach, records just go out without a volume name
        return STATUS_SUCCESS;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));

    UNICODE_STRING volume;
    RtlInitEmptyUnicodeString(&volume, ctx->Volume, sizeof(ctx->Volume) - sizeof(WCHAR));
    ULONG needed = 0;
    if (NT_SUCCESS(FltGetVolumeName(FltObjects->Volume, &volume, &needed))) {
        ctx->VolumeBytes = volume.Length;
    }

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, nullptr);
    if (!NT_SUCCESS(status)) {
        AUDIT_TRACE("FltSetInstanceContext 0x%08X", status);
    }
    // the instance holds its own reference when the set succeeded
    FltReleaseContext(ctx);

    AUDIT_TRACE("attached to %wZ", &volume);
    return STATUS_SUCCESS;
}

namespace {

FLT_PREOP_CALLBACK_STATUS FLTAPI PreSetInformation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                                   PVOID* CompletionContext)
{
    *CompletionContext = nullptr;

    Op op;
    if (!IsInteresting(Data->Iopb->Parameters.SetFileInformation.FileInformationClass, &op) ||
        !Port::Connected()) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    PFLT_FILE_NAME_INFORMATION nameInfo = nullptr;
    auto status = FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT,
                                            &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    auto nameGuard = MakeScopeExit([nameInfo] { FltReleaseFileNameInformation(nameInfo); });

    auto record = static_cast<AuditRecord*>(ExAllocateFromNPagedLookasideList(&g.RecordPool));
    if (record == nullptr) {
        InterlockedIncrement(&g.Lost);
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    auto recordGuard = MakeScopeExit([record] { ExFreeToNPagedLookasideList(&g.RecordPool, record); });

    RtlZeroMemory(record, sizeof(*record));
    record->Operation = op;
    record->ProcessId = FltGetRequestorProcessId(Data);
    KeQuerySystemTime(&record->Time);
    CopyName(record->Path, AUDIT_NAME_CHARS, &nameInfo->Name);

    InstanceContext* ctx = nullptr;
    if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, reinterpret_cast<PFLT_CONTEXT*>(&ctx)))) {
        UNICODE_STRING volume = { ctx->VolumeBytes, ctx->VolumeBytes, ctx->Volume };
        CopyName(record->Volume, AUDIT_VOLUME_CHARS, &volume);
        FltReleaseContext(ctx);
    }

    Port::Send(record);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

} // namespace

} // namespace audit
