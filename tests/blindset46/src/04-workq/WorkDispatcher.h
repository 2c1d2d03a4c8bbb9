#pragma once
#include <ntddk.h>

namespace wq {

constexpr ULONG WQ_TAG = 'qkrW';

struct ThreadEvent {
    PIO_WORKITEM  WorkItem;
    HANDLE        ProcessId;
    HANDLE        ThreadId;
    LARGE_INTEGER Time;
    bool          Create;
};

//
// Moves thread notifications off the notify callback (which runs
// inside the thread creation path) onto a system worker thread.
// Everything is static: there is exactly one dispatcher per driver.
//
class WorkDispatcher {
public:
    static NTSTATUS Initialize(PDEVICE_OBJECT DeviceObject);
    static void Shutdown();

    static bool Post(HANDLE ProcessId, HANDLE ThreadId, bool Create);

    static LONG64 Processed() { return s_Processed; }
    static LONG   Pending()   { return s_Pending - 1; }

private:
    static IO_WORKITEM_ROUTINE WorkRoutine;
    static void Release();

    static LOOKASIDE_LIST_EX s_Lookaside;
    static PDEVICE_OBJECT    s_Device;
    static KEVENT            s_Idle;
    static volatile LONG     s_Pending;     // biased by one while running
    static volatile LONG64   s_Processed;
};

} // namespace wq
