// writelog.h - minifilter that records which processes write to which files
#pragma once

#include <fltKernel.h>

namespace wlog {

constexpr ULONG Tag = 'goLW';
constexpr ULONG MaxQueued = 2048;
constexpr ULONG NameChars = 96;
constexpr PCWSTR PortName = L"\\WriteLogPort";

struct WriteRecord {
    ULONG ProcessId;
    ULONG Length;
    LONGLONG Offset;
    WCHAR Name[NameChars];
};

struct QueuedRecord {
    LIST_ENTRY Link;
    WriteRecord Rec;
};

struct Globals {
    PFLT_FILTER Filter;
    PFLT_PORT ServerPort;
    PFLT_PORT ClientPort;
    NPAGED_LOOKASIDE_LIST Records;
    KSPIN_LOCK QueueLock;
    LIST_ENTRY Queue;
    ULONG Queued;
};

extern Globals g;

// init.cpp
NTSTATUS RunSteps(_In_ PDRIVER_OBJECT DriverObject);
void UndoSteps(_In_ ULONG Completed);
ULONG StepCount();

// callbacks.cpp
FLT_PREOP_CALLBACK_STATUS PreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID* Ctx);
NTSTATUS FilterUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS OnConnect(PFLT_PORT Client, PVOID ServerCookie, PVOID Context, ULONG Size, PVOID* ConnectionCookie);
void OnDisconnect(PVOID ConnectionCookie);
NTSTATUS OnMessage(PVOID PortCookie, PVOID In, ULONG InLen, PVOID Out, ULONG OutLen, PULONG Returned);
void DrainQueue();

} // namespace wlog
