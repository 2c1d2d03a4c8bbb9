#pragma once
#include <ntddk.h>
#include "Guards.h"

#define PS_DEVICE_NAME  L"\\Device\\ProcShield"
#define PS_LINK_NAME    L"\\??\\ProcShield"
#define PS_ALTITUDE     L"328130.42"

#define IOCTL_PS_PROTECT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PS_UNPROTECT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x851, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PS_DENIED     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x852, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PS_DBG(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "procshield: " fmt "\n", __VA_ARGS__))
#define PS_ERR(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "procshield: " fmt "\n", __VA_ARGS__))

namespace ps {

constexpr ULONG kMaxProtected = 32;

// rights we never hand out for a protected process / its threads
constexpr ACCESS_MASK kDenyProcess = 0x0001 | 0x0002 | 0x0008 | 0x0010 | 0x0020 | 0x0800;
constexpr ACCESS_MASK kDenyThread  = 0x0001 | 0x0002 | 0x0010;

struct ShieldState {
    Resource       Lock;
    ULONG          Count;
    HANDLE         Pids[kMaxProtected];
    PVOID          ObHandle;
    PDEVICE_OBJECT Device;
    volatile LONG  Denied;
};

extern ShieldState g_State;

namespace Shield {
    bool     IsProtected(HANDLE pid);
    NTSTATUS Add(HANDLE pid);
    NTSTATUS Remove(HANDLE pid);
    NTSTATUS RegisterObCallbacks();
    void     UnregisterObCallbacks();
    void     OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
}

} // namespace ps
