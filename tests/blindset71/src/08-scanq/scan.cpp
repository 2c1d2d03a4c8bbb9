#include "scanq.h"

namespace scanq {

NPAGED_LOOKASIDE_LIST ScanTable::s_List;
bool                  ScanTable::s_Ready = false;
volatile LONG         ScanTable::s_InFlight = 0;

void ScanTable::Init()
{
    ExInitializeNPagedLookasideList(&s_List, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(ScanRequest), kTagRequest, 0);
    s_Ready = true;
}

void ScanTable::Destroy()
{
    if (s_Ready) {
        s_Ready = false;
        ExDeleteNPagedLookasideList(&s_List);
    }
}

ScanRequest* ScanTable::Alloc()
{
    auto r = static_cast<ScanRequest*>(ExAllocateFromNPagedLookasideList(&s_List));
    if (r) {
        InterlockedIncrement(&s_InFlight);
        RtlZeroMemory(r, sizeof(*r));
    }
    return r;
}

void ScanTable::Free(ScanRequest* r)
{
    if (r->Handle) {
        FltReleaseContext(r->Handle);
    }
    ExFreeToNPagedLookasideList(&s_List, r);
    InterlockedDecrement(&s_InFlight);
}

static VOID FLTAPI ScanWorker(PFLT_GENERIC_WORKITEM Item, PVOID, PVOID Context)
{
    auto req = static_cast<ScanRequest*>(Context);
    LONG verdict = Clean;

    if (!NT_SUCCESS(Port::Send(&req->Msg, &verdict))) {
        verdict = Clean;            // fail open
    }
    InterlockedExchange(&req->Handle->Verdict, verdict);

    ScanTable::Free(req);
    FltFreeGenericWorkItem(Item);
}

NTSTATUS StartScan(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects)
{
    HandleContext* hc = nullptr;
    PFLT_FILE_NAME_INFORMATION ni = nullptr;

    auto status = FltAllocateContext(gFilter, FLT_STREAMHANDLE_CONTEXT, sizeof(HandleContext),
                                     NonPagedPoolNx, reinterpret_cast<PFLT_CONTEXT*>(&hc));
    if (!NT_SUCCESS(status)) {
        return status;
    }
    hc->Verdict = Pending;

    status = FltSetStreamHandleContext(Objects->Instance, Objects->FileObject,
                                       FLT_SET_CONTEXT_REPLACE_IF_EXISTS, hc, nullptr);
    if (!NT_SUCCESS(status)) {
        FltReleaseContext(hc);
        return status;
    }

    auto req = ScanTable::Alloc();
    if (!req) {
        hc->Verdict = Clean;
        FltReleaseContext(hc);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    req->Instance = Objects->Instance;
    req->Handle = hc;               // our reference moves into the request
    req->Msg.Pid = FltGetRequestorProcessId(Data);

    if (NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED |
                                             FLT_FILE_NAME_QUERY_DEFAULT, &ni))) {
        req->Msg.NameBytes = min(ni->Name.Length, (USHORT)sizeof(req->Msg.Name));
        RtlCopyMemory(req->Msg.Name, ni->Name.Buffer, req->Msg.NameBytes);
        FltReleaseFileNameInformation(ni);
    }

    auto item = FltAllocateGenericWorkItem();
    if (!item) {
        hc->Verdict = Clean;
        ScanTable::Free(req);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = FltQueueGenericWorkItem(item, Objects->Instance, ScanWorker,
                                     DelayedWorkQueue, req);
    if (!NT_SUCCESS(status)) {
        hc->Verdict = Clean;
        FltFreeGenericWorkItem(item);
        ScanTable::Free(req);
    }
    return status;
}

} // namespace scanq
