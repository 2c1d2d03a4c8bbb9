//
// Contexts.cpp - context registration, instance setup and statistics.
//
#include "ctxflt.h"

namespace ctxflt {

namespace {

VOID FLTAPI
CleanupInstanceContext(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType)
{
    UNREFERENCED_PARAMETER(ContextType);

    auto ctx = static_cast<InstanceContext*>(Context);
    if (ctx->VolumeName.Buffer != nullptr) {
        ExFreePoolWithTag(ctx->VolumeName.Buffer, CF_TAG);
        ctx->VolumeName.Buffer = nullptr;
    }
}

} // anonymous namespace

const FLT_CONTEXT_REGISTRATION ContextRegistration[] = {
    { FLT_INSTANCE_CONTEXT,     0, CleanupInstanceContext, sizeof(InstanceContext),     CF_INST_TAG },
    { FLT_STREAMHANDLE_CONTEXT, 0, nullptr,                sizeof(StreamHandleContext), CF_SH_TAG },
    { FLT_CONTEXT_END }
};

NTSTATUS FLTAPI
InstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
              _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    InstanceContext* ctx = nullptr;
    NTSTATUS status = FltAllocateContext(Filter::Handle(), FLT_INSTANCE_CONTEXT, sizeof(InstanceContext),
                                         NonPagedPoolNx, reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));

    // one reference dropped on every path out of here
    auto release = MakeScopeExit([&] { FltReleaseContext(ctx); });

    ULONG needed = 0;
    status = FltGetVolumeName(FltObjects->Volume, nullptr, &needed);
    if (status == STATUS_BUFFER_TOO_SMALL && needed > 0 && needed <= MAXUSHORT) {
        ctx->VolumeName.Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_NON_PAGED, needed, CF_TAG));
        if (ctx->VolumeName.Buffer != nullptr) {
            ctx->VolumeName.MaximumLength = static_cast<USHORT>(needed);
            if (!NT_SUCCESS(FltGetVolumeName(FltObjects->Volume, &ctx->VolumeName, nullptr))) {
                ctx->VolumeName.Length = 0;
            }
        }
    }

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, nullptr);
    if (!NT_SUCCESS(status)) {
        CF_LOG("FltSetInstanceContext 0x%08X", status);
        return status;          // release drops the only reference; cleanup frees the name
    }

    CF_LOG("attached %wZ", &ctx->VolumeName);
    return STATUS_SUCCESS;
}

QueryReply
CollectStats()
{
    QueryReply reply = {};
    PFLT_INSTANCE instances[32];
    ULONG         count = 0;

    NTSTATUS status = FltEnumerateInstances(nullptr, Filter::Handle(), instances,
                                            ARRAYSIZE(instances), &count);
    if (!NT_SUCCESS(status)) {
        return reply;           // more than 32 volumes: report nothing rather than half
    }

    for (ULONG i = 0; i < count; i++) {
        InstanceContext* ctx = nullptr;
        if (NT_SUCCESS(FltGetInstanceContext(instances[i], reinterpret_cast<PFLT_CONTEXT*>(&ctx)))) {
            reply.Instances++;
            reply.TotalOpens += ctx->Opens;
            reply.LiveHandles += ctx->Handles;
            FltReleaseContext(ctx);
        }
        FltObjectDereference(instances[i]);
    }
    return reply;
}

} // namespace ctxflt
