#include "lazyhash.h"

namespace lh {

static FLT_PREOP_CALLBACK_STATUS FLTAPI
PreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID* Ctx)
{
    *Ctx = nullptr;

    // Only files that were written through this handle
    if (FltObjects->FileObject == nullptr ||
        !FltObjects->FileObject->WriteAccess) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (!FlagOn(FltObjects->FileObject->Flags, FO_FILE_MODIFIED)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    (void)QueueHash(Data, FltObjects);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

const FLT_OPERATION_REGISTRATION Operations[] = {
    { IRP_MJ_CLEANUP, 0, PreCleanup, nullptr },
    { IRP_MJ_OPERATION_END }
};

static void FreeRequest(HashRequest* req)
{
    if (req->FileObject) {
        ObDereferenceObject(req->FileObject);
    }
    ExFreeToPagedLookasideList(&g.Requests.Paged, req);
    InterlockedDecrement(&g.Outstanding);
}

static VOID FLTAPI
HashWorker(PFLT_GENERIC_WORKITEM Item, PVOID FltObject, PVOID Context)
{
    auto req = static_cast<HashRequest*>(Context);
    UNREFERENCED_PARAMETER(FltObject);

    // the real hashing (FltReadFile loop + BCrypt) lives in hash.cpp in the
    // full product; here we only log what would be hashed.
    LH_TRACE("hash %wZ on %p\n", &req->Name, req->Instance);

    FreeRequest(req);
    FltFreeGenericWorkItem(Item);
}

NTSTATUS QueueHash(_In_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects)
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION ni = nullptr;
    PFLT_GENERIC_WORKITEM item = nullptr;

    auto req = static_cast<HashRequest*>(ExAllocateFromPagedLookasideList(&g.Requests.Paged));
    if (!req) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    InterlockedIncrement(&g.Outstanding);
    RtlZeroMemory(req, sizeof(*req));
    req->Instance = FltObjects->Instance;
    req->Name.Buffer = req->NameBuffer;
    req->Name.MaximumLength = sizeof(req->NameBuffer);

    CHECK_STATUS(FltGetFileNameInformation(Data,
                     FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &ni),
                 fail);
    RtlCopyUnicodeString(&req->Name, &ni->Name);
    FltReleaseFileNameInformation(ni);

    ObReferenceObject(FltObjects->FileObject);
    req->FileObject = FltObjects->FileObject;

    item = FltAllocateGenericWorkItem();
    if (!item) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail;
    }

    CHECK_STATUS(FltQueueGenericWorkItem(item, FltObjects->Instance, HashWorker,
                                         DelayedWorkQueue, req),
                 fail);
    return STATUS_SUCCESS;

fail:
    if (item) {
        FltFreeGenericWorkItem(item);
    }
    FreeRequest(req);
    return status;
}

} // namespace lh
