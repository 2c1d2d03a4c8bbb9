#include "streamlog.h"

static VOID
SlStreamCleanup(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE Type)
{
    PSL_STREAM_CONTEXT sc = (PSL_STREAM_CONTEXT)Context;
    UNREFERENCED_PARAMETER(Type);

    if (sc->Name.Buffer != NULL) {
        ExFreePoolWithTag(sc->Name.Buffer, SL_NAME_TAG);
        sc->Name.Buffer = NULL;
    }
}

const FLT_CONTEXT_REGISTRATION SlContexts[] = {
    { FLT_STREAM_CONTEXT, 0, SlStreamCleanup, sizeof(SL_STREAM_CONTEXT), SL_CTX_TAG },
    { FLT_CONTEXT_END }
};

static NTSTATUS
SlCaptureName(_In_ PFLT_CALLBACK_DATA Data, _Inout_ PSL_STREAM_CONTEXT Sc)
{
    PFLT_FILE_NAME_INFORMATION ni = NULL;
    NTSTATUS status;
    USHORT cb;

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED |
                                       FLT_FILE_NAME_QUERY_DEFAULT, &ni);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    cb = min(ni->Name.Length, (USHORT)(SL_MAX_NAME_CHARS * sizeof(WCHAR)));
    Sc->Name.Buffer = ExAllocatePoolWithTag(PagedPool, cb, SL_NAME_TAG);
    if (Sc->Name.Buffer == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        RtlCopyMemory(Sc->Name.Buffer, ni->Name.Buffer, cb);
        Sc->Name.Length = Sc->Name.MaximumLength = cb;
    }

    FltReleaseFileNameInformation(ni);
    return status;
}

NTSTATUS
SlGetStreamContext(_In_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS Obj,
                   _In_ BOOLEAN Create, _Outptr_ PSL_STREAM_CONTEXT *Ctx)
{
    NTSTATUS status;
    PSL_STREAM_CONTEXT sc = NULL, existing = NULL;

    *Ctx = NULL;

    status = FltGetStreamContext(Obj->Instance, Obj->FileObject, &sc);
    if (NT_SUCCESS(status) || !Create || status != STATUS_NOT_FOUND) {
        *Ctx = sc;
        return status;
    }

    status = FltAllocateContext(SlGlobals.Filter, FLT_STREAM_CONTEXT,
                                sizeof(SL_STREAM_CONTEXT), PagedPool, &sc);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(sc, sizeof(*sc));

    /* name is optional; a nameless context still counts writes */
    (VOID)SlCaptureName(Data, sc);

    status = FltSetStreamContext(Obj->Instance, Obj->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, sc, &existing);
    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        FltReleaseContext(sc);          /* frees ours, cleanup frees name */
        *Ctx = existing;
        return STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(status)) {
        FltReleaseContext(sc);
        return status;
    }

    *Ctx = sc;
    return STATUS_SUCCESS;
}
