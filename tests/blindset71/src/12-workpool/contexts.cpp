#include "workpool.h"

namespace wp {

const FLT_CONTEXT_REGISTRATION Contexts[] = {
    { FLT_STREAM_CONTEXT, 0, nullptr, sizeof(StreamContext), WP_TAG_STRM },
    { FLT_CONTEXT_END }
};

NTSTATUS GetOrCreateStreamContext(PCFLT_RELATED_OBJECTS Objects, StreamContext** Out)
{
    StreamContext* sc = nullptr;
    *Out = nullptr;

    NTSTATUS status = FltGetStreamContext(Objects->Instance, Objects->FileObject,
                                          reinterpret_cast<PFLT_CONTEXT*>(&sc));
    if (NT_SUCCESS(status)) {
        *Out = sc;
        return status;
    }
    if (status != STATUS_NOT_FOUND) {
        return status;
    }

    status = FltAllocateContext(Filter::Handle, FLT_STREAM_CONTEXT, sizeof(StreamContext),
                                NonPagedPoolNx, reinterpret_cast<PFLT_CONTEXT*>(&sc));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    sc->Renames = 0;

    StreamContext* existing = nullptr;
    status = FltSetStreamContext(Objects->Instance, Objects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, sc,
                                 reinterpret_cast<PFLT_CONTEXT*>(&existing));
    if (NT_SUCCESS(status)) {
        *Out = sc;
        return STATUS_SUCCESS;
    }

    FltReleaseContext(sc);
    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        *Out = existing;
        return STATUS_SUCCESS;
    }
    return status;
}

} // namespace wp
