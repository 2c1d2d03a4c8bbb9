// ProcTracker.cpp - keeps a bounded list of process create/exit events
#include "ProcTracker.h"

namespace pt {

LIST_ENTRY            ProcTracker::s_Head;
FAST_MUTEX            ProcTracker::s_Lock;
NPAGED_LOOKASIDE_LIST ProcTracker::s_Pool;
LONG                  ProcTracker::s_Count = 0;
bool                  ProcTracker::s_Ready = false;

NTSTATUS ProcTracker::Init()
{
    InitializeListHead(&s_Head);
    ExInitializeFastMutex(&s_Lock);
    ExInitializeNPagedLookasideList(&s_Pool,
                                    nullptr,
                                    nullptr,
                                    POOL_NX_ALLOCATION,
                                    sizeof(EventNode),
                                    PT_TAG,
                                    0);
    s_Count = 0;
    s_Ready = true;
    return STATUS_SUCCESS;
}

void ProcTracker::Shutdown()
{
    if (!s_Ready) {
        return;
    }
    FreeAll();
    ExDeleteNPagedLookasideList(&s_Pool);
    s_Ready = false;
}

void ProcTracker::FreeAll()
{
    FastMutexGuard guard(&s_Lock);

    while (!IsListEmpty(&s_Head)) {
        auto entry = RemoveHeadList(&s_Head);
        auto node = CONTAINING_RECORD(entry, EventNode, Link);
        ExFreeToNPagedLookasideList(&s_Pool, node);
    }
    s_Count = 0;
}

void ProcTracker::Clear()
{
    FreeAll();
}

void ProcTracker::Push(EventNode* node)
{
    FastMutexGuard guard(&s_Lock);

    if (s_Count >= PT_MAX_EVENTS) {
        // drop the oldest one, the client is too slow
        auto old = RemoveHeadList(&s_Head);
        ExFreeToNPagedLookasideList(&s_Pool, CONTAINING_RECORD(old, EventNode, Link));
        s_Count--;
    }
    InsertTailList(&s_Head, &node->Link);
    s_Count++;
}

void ProcTracker::OnProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    auto node = static_cast<EventNode*>(ExAllocateFromNPagedLookasideList(&s_Pool));
    if (!node) {
        PT_ERR("lookaside empty, event for pid %p lost", ProcessId);
        return;
    }
    RtlZeroMemory(node, sizeof(*node));

    auto& rec = node->Rec;
    rec.ProcessId = HandleToULong(ProcessId);
    KeQuerySystemTimePrecise(reinterpret_cast<PLARGE_INTEGER>(&rec.Time));

    if (CreateInfo) {
        rec.Type = PtEventType::ProcessCreate;
        rec.ParentId = HandleToULong(CreateInfo->ParentProcessId);

        if (CreateInfo->ImageFileName && CreateInfo->ImageFileName->Buffer) {
            auto chars = static_cast<USHORT>(
                min(CreateInfo->ImageFileName->Length / sizeof(WCHAR), PT_IMAGE_CHARS - 1));
            RtlCopyMemory(rec.Image, CreateInfo->ImageFileName->Buffer, chars * sizeof(WCHAR));
            rec.ImageChars = chars;
        }
        PT_LOG("create pid=%lu ppid=%lu", rec.ProcessId, rec.ParentId);
    } else {
        rec.Type = PtEventType::ProcessExit;
        PT_LOG("exit pid=%lu", rec.ProcessId);
    }

    Push(node);
}

ULONG ProcTracker::Drain(PVOID Buffer, ULONG Length)
{
    auto out = static_cast<PT_EVENT_RECORD*>(Buffer);
    ULONG copied = 0;

    FastMutexGuard guard(&s_Lock);

    while (!IsListEmpty(&s_Head) && (copied + 1) * sizeof(PT_EVENT_RECORD) <= Length) {
        auto entry = RemoveHeadList(&s_Head);
        auto node = CONTAINING_RECORD(entry, EventNode, Link);
        out[copied++] = node->Rec;
        ExFreeToNPagedLookasideList(&s_Pool, node);
        s_Count--;
    }
    return copied * sizeof(PT_EVENT_RECORD);
}

} // namespace pt
