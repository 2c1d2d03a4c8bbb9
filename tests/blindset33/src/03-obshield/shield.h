// obshield - protects a game process from handle-based memory tampering
// and logs every image mapped into it.
#pragma once

extern "C" {
#include <ntifs.h>
}

#define SHIELD_TAG          'dlhS'
#define SHIELD_DEVICE_NAME  L"\\Device\\ObShield"
#define SHIELD_LINK_NAME    L"\\??\\ObShield"
#define SHIELD_ALTITUDE     L"321400.5"

#define SHIELD_DEVICE_TYPE          0x9A31
#define IOCTL_SHIELD_PROTECT_PID    CTL_CODE(SHIELD_DEVICE_TYPE, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_SHIELD_UNPROTECT      CTL_CODE(SHIELD_DEVICE_TYPE, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_SHIELD_QUERY          CTL_CODE(SHIELD_DEVICE_TYPE, 0x902, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[obshield] " fmt "\n", ##__VA_ARGS__)

// user-mode access masks (winnt.h), not exported by the kernel headers
#ifndef PROCESS_VM_READ
#define PROCESS_TERMINATE       0x0001
#define PROCESS_CREATE_THREAD   0x0002
#define PROCESS_VM_OPERATION    0x0008
#define PROCESS_VM_READ         0x0010
#define PROCESS_VM_WRITE        0x0020
#define PROCESS_SUSPEND_RESUME  0x0800
#endif

// access rights we strip from foreign handles to the protected process
#define SHIELD_STRIP_MASK   (PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_VM_OPERATION | \
                             PROCESS_CREATE_THREAD | PROCESS_SUSPEND_RESUME | PROCESS_TERMINATE)

struct ShieldQuery {
    ULONG ProtectedPid;
    ULONG StrippedHandles;
    ULONG ImagesSeen;
};

namespace shield {

struct Globals {
    PDEVICE_OBJECT  Device;
    volatile LONG   ProtectedPid;
    volatile LONG   StrippedHandles;
    volatile LONG   ImagesSeen;
    PVOID           ObHandle;
    bool            ImageNotifyOn;
};

extern Globals g;

namespace device {
    NTSTATUS Create(PDRIVER_OBJECT DriverObject, PUNICODE_STRING DeviceName);
    void     Destroy();
}

namespace ob {
    NTSTATUS Start();
    void     Stop();
}

namespace image {
    NTSTATUS Start();
    void     Stop();
}

} // namespace shield
