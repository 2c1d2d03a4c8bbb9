// guard.hpp - protection logic of the anti-cheat experiment
#pragma once

#include <ntddk.h>

#define AC_DEVICE_NAME  L"\\Device\\AcGuard"
#define AC_LINK_NAME    L"\\??\\AcGuard"

#define IOCTL_AC_PROTECT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_AC_UNPROTECT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_AC_QUERY      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace ac {

struct QueryResult {
    ULONG ProtectedPid;
    LONG  RemoteThreads;
    LONG  StrippedHandles;
};

struct State {
    PDEVICE_OBJECT Device;
    PVOID          ObRegistration;
    volatile LONG  ProtectedPid;
    volatile LONG  RemoteThreads;
    volatile LONG  StrippedHandles;
};

extern State* g_State;

NTSTATUS RegisterObjectCallbacks(State* state);
void     UnregisterObjectCallbacks(State* state);

void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);

} // namespace ac
