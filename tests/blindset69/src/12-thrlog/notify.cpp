// notify.cpp - thread and image notify routines, emitted as TraceLogging events
#include "thrlog.h"

namespace thrlog {

LOOKASIDE_LIST_EX RecordPool::s_list;
bool RecordPool::s_ready = false;
bool Notifications::s_thread = false;
bool Notifications::s_image = false;

NTSTATUS RecordPool::Init()
{
    NTSTATUS status = ExInitializeLookasideListEx(&s_list, nullptr, nullptr, NonPagedPoolNx, 0,
                                                  sizeof(ThreadRecord), TL_TAG, 0);
    s_ready = NT_SUCCESS(status);
    return status;
}

void RecordPool::Delete()
{
    if (s_ready) {
        ExDeleteLookasideListEx(&s_list);
        s_ready = false;
    }
}

void Notifications::OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    ThreadRecord* r = RecordPool::Alloc();
    if (r == nullptr) {
        return;
    }
    r->ProcessId = ProcessId;
    r->ThreadId = ThreadId;
    r->Create = Create;
    r->CreatorPid = HandleToULong(PsGetCurrentProcessId());

    TraceLoggingWrite(g_ThrLogProvider, "Thread",
        TraceLoggingLevel(WINEVENT_LEVEL_VERBOSE),
        TraceLoggingUInt32(HandleToULong(r->ProcessId), "Pid"),
        TraceLoggingUInt32(HandleToULong(r->ThreadId), "Tid"),
        TraceLoggingBoolean(r->Create, "Create"),
        TraceLoggingUInt32(r->CreatorPid, "CreatorPid"));

    RecordPool::Free(r);
}

void Notifications::OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    static UNICODE_STRING s_unknown = RTL_CONSTANT_STRING(L"<unknown>");
    if (FullImageName == nullptr) {
        FullImageName = &s_unknown;
    }
    TraceLoggingWrite(g_ThrLogProvider, "ImageLoad",
        TraceLoggingLevel(WINEVENT_LEVEL_INFO),
        TraceLoggingUInt32(HandleToULong(ProcessId), "Pid"),
        TraceLoggingPointer(ImageInfo->ImageBase, "Base"),
        TraceLoggingUInt64(ImageInfo->ImageSize, "Size"),
        TraceLoggingUnicodeString(FullImageName, "Path"));
}

NTSTATUS Notifications::Register()
{
    NTSTATUS status = PsSetCreateThreadNotifyRoutine(OnThread);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    s_thread = true;

    status = PsSetLoadImageNotifyRoutine(OnImage);
    if (!NT_SUCCESS(status)) {
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        s_thread = false;
        return status;
    }
    s_image = true;
    return STATUS_SUCCESS;
}

void Notifications::Unregister()
{
    // both removals wait for callbacks already running to return
    if (s_image) {
        PsRemoveLoadImageNotifyRoutine(OnImage);
        s_image = false;
    }
    if (s_thread) {
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        s_thread = false;
    }
}

} // namespace thrlog
