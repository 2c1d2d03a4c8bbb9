//
// instance.cpp - per-volume state for bkpmon
//
#include "bkpmon.h"

#ifdef BKP_USE_WPP
#include "instance.tmh"
#endif

// member/namespaced functions can't go through alloc_text
#pragma code_seg("PAGE")

namespace bkp {

NTSTATUS FLTAPI
InstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    // the agent only knows how to do incrementals on NTFS and ReFS
    if (VolumeFilesystemType != FLT_FSTYPE_NTFS &&
        VolumeFilesystemType != FLT_FSTYPE_REFS) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    InstanceContext* ctx = nullptr;
    NTSTATUS status = FltAllocateContext(FltObjects->Filter,
                                         FLT_INSTANCE_CONTEXT,
                                         sizeof(InstanceContext),
                                         NonPagedPoolNx,
                                         reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_INSTANCE, "FltAllocateContext failed 0x%08X", status);
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->FsType = VolumeFilesystemType;
    ctx->VolumeName.Buffer = ctx->VolumeNameBuffer;
    ctx->VolumeName.Length = 0;
    ctx->VolumeName.MaximumLength = sizeof(ctx->VolumeNameBuffer);

    ULONG needed = 0;
    status = FltGetVolumeName(FltObjects->Volume, &ctx->VolumeName, &needed);
    if (!NT_SUCCESS(status)) {
        // names longer than the inline buffer are only used for tracing
        ctx->VolumeName.Length = 0;
    }

    status = FltSetInstanceContext(FltObjects->Instance,
                                   FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                   ctx,
                                   nullptr);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_INSTANCE, "FltSetInstanceContext failed 0x%08X", status);
        FltReleaseContext(ctx);
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_INSTANCE, "attached to %wZ (fs %d)",
                &ctx->VolumeName, static_cast<int>(VolumeFilesystemType));
    return STATUS_SUCCESS;
}

VOID FLTAPI
InstanceTeardownComplete(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_TEARDOWN_FLAGS Reason
    )
{
    PAGED_CODE();

    InstanceContext* ctx = nullptr;
    NTSTATUS status = FltGetInstanceContext(FltObjects->Instance,
                                            reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_INSTANCE,
                    "detach %wZ reason 0x%x: %ld changes, %ld renames",
                    &ctx->VolumeName, Reason, ctx->ChangeCount, ctx->RenameCount);
        FltReleaseContext(ctx);
    }
}

#pragma code_seg()

void NoteChange(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ const HandleContext* Hc)
{
    InstanceContext* ctx = nullptr;

    if (!NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance,
                                          reinterpret_cast<PFLT_CONTEXT*>(&ctx)))) {
        return;
    }

    if (Hc->Modified) {
        InterlockedIncrement(&ctx->ChangeCount);
    }
    if (Hc->Renamed) {
        InterlockedIncrement(&ctx->RenameCount);
    }

    FltReleaseContext(ctx);
}

} // namespace bkp
