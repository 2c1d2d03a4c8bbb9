//
// proctrace.h
//
// ProcTrace - records process start/exit and image loads into an
// in-memory queue that the ptview.exe tool drains through an IOCTL.
//

#pragma once

#include <ntddk.h>

#define PT_TAG              'rTtP'
#define PT_DEVICE_NAME      L"\\Device\\ProcTrace"
#define PT_LINK_NAME        L"\\??\\ProcTrace"
#define PT_MAX_QUEUED       4096
#define PT_NAME_CHARS       64

#define IOCTL_PT_READ_EVENTS    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PT_LOG(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[proctrace] " fmt "\n", __VA_ARGS__)

namespace pt {

enum class EventKind : ULONG {
    ProcessCreate = 1,
    ProcessExit   = 2,
    ImageLoad     = 3,
};

// shared with ptview.exe
struct EventRecord {
    EventKind   Kind;
    ULONG       ProcessId;
    ULONG       ParentId;
    ULONG       Reserved;
    LONGLONG    Timestamp;
    WCHAR       Name[PT_NAME_CHARS];
};

struct EventEntry {
    LIST_ENTRY  Link;
    EventRecord Record;
};

class Tracker {
public:
    static NTSTATUS Initialize();
    static VOID     Shutdown();

    static NTSTATUS RegisterCallbacks();
    static VOID     UnregisterCallbacks();

    static ULONG    Drain(_Out_writes_(MaxRecords) EventRecord *Out, _In_ ULONG MaxRecords);

private:
    static VOID OnProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                                _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);
    static VOID OnImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId,
                              _In_ PIMAGE_INFO ImageInfo);

    static VOID Push(_In_ EventKind Kind, _In_ HANDLE ProcessId, _In_ HANDLE ParentId,
                     _In_opt_ PCUNICODE_STRING Name);

    static LIST_ENTRY       s_Queue;
    static FAST_MUTEX       s_Lock;
    static LOOKASIDE_LIST_EX s_Lookaside;
    static ULONG            s_Queued;
    static bool             s_Ready;
    static bool             s_ProcessCallback;
    static bool             s_ImageCallback;
};

} // namespace pt
