// notify.cpp - the three notify routines and the live process list
#include "kmon.h"

namespace kmon {
namespace notify {

static void CopyName(WCHAR (&dst)[kNameChars], PCUNICODE_STRING path)
{
    RtlZeroMemory(dst, sizeof(dst));
    if (path == nullptr || path->Buffer == nullptr || path->Length == 0) {
        return;
    }
    // file name part only
    USHORT chars = path->Length / sizeof(WCHAR);
    USHORT start = chars;
    while (start > 0 && path->Buffer[start - 1] != L'\\') {
        start--;
    }
    USHORT n = chars - start;
    if (n > kNameChars - 1) {
        n = kNameChars - 1;
    }
    RtlCopyMemory(dst, path->Buffer + start, n * sizeof(WCHAR));
}

void OnProcess(PEPROCESS, HANDLE pid, PPS_CREATE_NOTIFY_INFO info)
{
    Bump(Counter::Process);

    if (info != nullptr) {
        auto entry = PoolAlloc<ProcEntry>(sizeof(ProcEntry));
        if (entry == nullptr) {
            return;
        }
        entry->Info.ProcessId = HandleToULong(pid);
        entry->Info.ParentId = HandleToULong(info->ParentProcessId);
        CopyName(entry->Info.Name, info->ImageFileName);

        ExAcquireFastMutex(&G.ProcLock);
        InsertTailList(&G.Procs, &entry->Link);
        G.ProcCount++;
        ExReleaseFastMutex(&G.ProcLock);
        return;
    }

    ProcEntry* gone = nullptr;
    ExAcquireFastMutex(&G.ProcLock);
    for (auto e = G.Procs.Flink; e != &G.Procs; e = e->Flink) {
        auto entry = CONTAINING_RECORD(e, ProcEntry, Link);
        if (entry->Info.ProcessId == HandleToULong(pid)) {
            RemoveEntryList(e);
            G.ProcCount--;
            gone = entry;
            break;
        }
    }
    ExReleaseFastMutex(&G.ProcLock);
    PoolFree(gone);
}

void OnThread(HANDLE, HANDLE, BOOLEAN)
{
    Bump(Counter::Thread);
}

void OnImage(PUNICODE_STRING, HANDLE, PIMAGE_INFO)
{
    Bump(Counter::Image);
}

void ClearProcessList()
{
    ExAcquireFastMutex(&G.ProcLock);
    while (!IsListEmpty(&G.Procs)) {
        PoolFree(CONTAINING_RECORD(RemoveHeadList(&G.Procs), ProcEntry, Link));
    }
    G.ProcCount = 0;
    ExReleaseFastMutex(&G.ProcLock);
}

} // namespace notify
} // namespace kmon
