// fltlog.h - file open logger minifilter (C++)
#pragma once

#include <fltKernel.h>

namespace fltlog {

constexpr ULONG kTag = 'gLlF';
constexpr LONG kMaxQueued = 2048;
constexpr USHORT kNameChars = 260;
constexpr wchar_t kPortName[] = L"\\FltLogPort";

#define FLTLOG(fmt, ...) \
    DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_INFO_LEVEL, "fltlog: " fmt "\n", __VA_ARGS__)

enum class Disposition : ULONG {
    Opened = 0,
    Created = 1,
    Overwritten = 2,
    Other = 3,
};

struct LogRecord {
    ULONG ProcessId;
    Disposition Result;
    LARGE_INTEGER Time;
    WCHAR Name[kNameChars];
};

struct Entry {
    LIST_ENTRY Link;
    LogRecord Record;
};

struct Globals {
    PFLT_FILTER Filter;
    PFLT_PORT ServerPort;
    PFLT_PORT ClientPort;
    NPAGED_LOOKASIDE_LIST EntryPool;
    bool PoolReady;
    KSPIN_LOCK QueueLock;
    LIST_ENTRY Queue;
    LONG QueueDepth;
};

extern Globals g;

// filter.cpp
FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);
ULONG DequeueRecords(LogRecord* out, ULONG maxCount);
void DrainQueue();

// port.cpp
namespace port {
NTSTATUS Open();
void Close();
}

// driver.cpp: undoes whatever DriverEntry managed to set up, also used by unload
void Shutdown();

} // namespace fltlog
