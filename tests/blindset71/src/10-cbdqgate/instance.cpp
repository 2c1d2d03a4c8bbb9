#include "gate.h"

namespace gate {

const FLT_CONTEXT_REGISTRATION Contexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, nullptr, sizeof(InstanceContext), GATE_TAG_INST },
    { FLT_CONTEXT_END }
};

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS objs, FLT_INSTANCE_SETUP_FLAGS,
                              DEVICE_TYPE devType, FLT_FILESYSTEM_TYPE)
{
    PAGED_CODE();

    if (devType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    InstanceContext* ctx = nullptr;
    NTSTATUS status = FltAllocateContext(objs->Filter, FLT_INSTANCE_CONTEXT,
                                         sizeof(InstanceContext), NonPagedPoolNx,
                                         reinterpret_cast<PFLT_CONTEXT*>(&ctx));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Instance = objs->Instance;

    status = InitQueue(ctx);
    if (NT_SUCCESS(status)) {
        status = FltSetInstanceContext(objs->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                       ctx, nullptr);
    }
    FltReleaseContext(ctx);

    if (!NT_SUCCESS(status)) {
        GLOG(DPFLTR_ERROR_LEVEL, "instance setup 0x%08X", status);
    }
    return status;
}

VOID FLTAPI InstanceTeardownStart(PCFLT_RELATED_OBJECTS objs, FLT_INSTANCE_TEARDOWN_FLAGS)
{
    PAGED_CODE();

    InstanceContext* ctx = nullptr;
    if (!NT_SUCCESS(FltGetInstanceContext(objs->Instance,
                                          reinterpret_cast<PFLT_CONTEXT*>(&ctx)))) {
        return;
    }

    // stop parking, then hand every parked write back to the file system
    InterlockedExchange(&ctx->Closed, 0);
    FltCbdqDisable(&ctx->Queue);
    ULONG n = ReleaseAll(ctx, false);
    GLOG(DPFLTR_INFO_LEVEL, "teardown released %lu writes", n);

    FltReleaseContext(ctx);
}

} // namespace gate
