//
// stream.cpp - create interception and per-stream tracking
//
#include "quarantd.h"

namespace qd {

namespace {

const PVOID kTrackInPost = reinterpret_cast<PVOID>(static_cast<ULONG_PTR>(1));

bool HasQuarantineExtension(_In_ PCUNICODE_STRING Extension)
{
    return Extension->Length != 0 &&
           RtlEqualUnicodeString(Extension, &g_Config.Extension, TRUE) != FALSE;
}

} // anonymous namespace

FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID* CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = nullptr;

    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_TARGET_DIRECTORY) ||
        FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    NameInfo ni;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data,
                                              FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                              &ni)) ||
        !NT_SUCCESS(FltParseFileNameInformation(ni.operator->()))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (!HasQuarantineExtension(&ni->Extension)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    auto desired = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (FlagOn(desired, FILE_EXECUTE)) {
        InterlockedIncrement(&g_Denied);
        QD_LOG("blocked execute of %wZ by pid %p", &ni->Name, PsGetCurrentProcessId());
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }

    *CompletionContext = kTrackInPost;
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
           FLT_POST_OPERATION_FLAGS Flags)
{
    if (CompletionContext != kTrackInPost ||
        FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    ContextRef existing;
    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, &existing))) {
        auto sc = static_cast<StreamContext*>(existing.get());
        if (sc->Record != nullptr) {
            InterlockedIncrement(&sc->Record->Opens);
        }
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    ContextRef fresh;
    NTSTATUS status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                                         sizeof(StreamContext), NonPagedPoolNx, &fresh);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    auto sc = static_cast<StreamContext*>(fresh.get());
    sc->Record = static_cast<QRecord*>(ExAllocateFromNPagedLookasideList(&g_RecordPool));
    if (sc->Record != nullptr) {
        RtlZeroMemory(sc->Record, sizeof(QRecord));
        auto& name = FltObjects->FileObject->FileName;
        USHORT bytes = min(name.Length, static_cast<USHORT>(sizeof(sc->Record->Name)));
        RtlCopyMemory(sc->Record->Name, name.Buffer, bytes);
        sc->Record->NameLength = bytes;
        sc->Record->Opens = 1;
    }

    ContextRef old;
    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, fresh.get(), &old);
    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED && old.get() != nullptr) {
        auto winner = static_cast<StreamContext*>(old.get());
        if (winner->Record != nullptr) {
            InterlockedIncrement(&winner->Record->Opens);
        }
    }

    // 'fresh' is released on the way out; if it lost the race the cleanup
    // callback hands its record back to the lookaside list
    return FLT_POSTOP_FINISHED_PROCESSING;
}

VOID FLTAPI
StreamContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType)
{
    UNREFERENCED_PARAMETER(ContextType);

    auto sc = static_cast<StreamContext*>(Context);
    if (sc->Record != nullptr) {
        ExFreeToNPagedLookasideList(&g_RecordPool, sc->Record);
        sc->Record = nullptr;
    }
}

#pragma code_seg(push, "PAGE")
NTSTATUS FLTAPI
InstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
              DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM ||
        VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    WCHAR buffer[64];
    UNICODE_STRING volumeName;
    ULONG needed = 0;
    RtlInitEmptyUnicodeString(&volumeName, buffer, sizeof(buffer));

    if (NT_SUCCESS(FltGetVolumeName(FltObjects->Volume, &volumeName, &needed)) &&
        Config::IsVolumeExcluded(&volumeName)) {
        QD_LOG("skipping excluded volume %wZ", &volumeName);
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    return STATUS_SUCCESS;
}
#pragma code_seg(pop)

} // namespace qd
