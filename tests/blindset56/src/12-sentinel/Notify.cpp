#include "sentinel.h"

namespace sentinel {

namespace {

void SetName(EventRecord* rec, PCUNICODE_STRING name)
{
    if (!name || !name->Buffer || !name->Length) {
        return;
    }
    USHORT chars = name->Length / sizeof(WCHAR);
    USHORT first = 0;
    if (chars > SENTINEL_NAME_CHARS - 1) {
        first = chars - (SENTINEL_NAME_CHARS - 1);
        chars = SENTINEL_NAME_CHARS - 1;
    }
    RtlCopyMemory(rec->Name, name->Buffer + first, chars * sizeof(WCHAR));
    rec->Name[chars] = L'\0';
    rec->NameLength  = chars;
}

} // namespace

void OnProcess(PEPROCESS, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    const ULONG pid = HandleToULong(ProcessId);

    auto rec = CreateInfo
        ? EventStore::NewRecord(Kind::ProcessCreate, pid, HandleToULong(CreateInfo->ParentProcessId))
        : EventStore::NewRecord(Kind::ProcessExit, pid, 0);
    if (!rec) {
        return;
    }

    if (CreateInfo) {
        // command line is more useful than the image path for the console
        SetName(rec, CreateInfo->CommandLine ? CreateInfo->CommandLine : CreateInfo->ImageFileName);
    }

    EventStore::Commit(rec);
}

void OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    auto rec = EventStore::NewRecord(Create ? Kind::ThreadCreate : Kind::ThreadExit,
                                     HandleToULong(ProcessId), HandleToULong(ThreadId));
    if (rec) {
        EventStore::Commit(rec);
    }
}

void OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    auto rec = EventStore::NewRecord(Kind::ImageLoad, HandleToULong(ProcessId),
                                     static_cast<ULONG>(ImageInfo->ImageSize));
    if (rec) {
        SetName(rec, FullImageName);
        EventStore::Commit(rec);
    }
}

} // namespace sentinel
