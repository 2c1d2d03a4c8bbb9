// objguard.h - protects one game process from handle-based tampering
//
// The game launcher tells us its PID with IOCTL_OBGUARD_PROTECT; from then on
// every OpenProcess/OpenThread/DuplicateHandle against it gets the dangerous
// access bits stripped by an ObRegisterCallbacks pre-operation callback.
// Counters are published in \BaseNamedObjects\ObGuardShared.
#pragma once

#include "kcpp.h"
#include "shared_section.h"

#define OBGUARD_DEVICE_NAME   L"\\Device\\ObGuard"
#define OBGUARD_LINK_NAME     L"\\??\\ObGuard"
#define OBGUARD_SECTION_NAME  L"\\BaseNamedObjects\\ObGuardShared"
#define OBGUARD_ALTITUDE      L"321337.42"

#define IOCTL_OBGUARD_PROTECT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBGUARD_UNPROTECT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_ANY_ACCESS)

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE         0x0001
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION      0x0008
#endif
#ifndef PROCESS_VM_READ
#define PROCESS_VM_READ           0x0010
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE          0x0020
#endif
#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE          0x0001
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME     0x0002
#endif
#ifndef THREAD_GET_CONTEXT
#define THREAD_GET_CONTEXT        0x0008
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT        0x0010
#endif

constexpr ACCESS_MASK kDefaultProcessStrip =
    PROCESS_TERMINATE | PROCESS_VM_OPERATION | PROCESS_VM_READ | PROCESS_VM_WRITE;
constexpr ACCESS_MASK kDefaultThreadStrip =
    THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_GET_CONTEXT | THREAD_SET_CONTEXT;

// layout of the shared section, the overlay reads this
struct SharedView {
    ULONG Version;
    ULONG ProtectedPid;
    LONG  StrippedOpens;
    LONG  Reserved;
};

struct GuardConfig {
    ULONG       ProtectedPid;
    ACCESS_MASK ProcessStrip;
    ACCESS_MASK ThreadStrip;
};

class GuardState {
public:
    GuardState() : Device(nullptr), ObHandle(nullptr), Stripped(0)
    {
        Config.ProtectedPid = 0;
        Config.ProcessStrip = 0;
        Config.ThreadStrip = 0;
    }

    SpinLock       Lock;
    GuardConfig    Config;
    PDEVICE_OBJECT Device;
    PVOID          ObHandle;
    SharedSection  Section;
    volatile LONG  Stripped;
};

extern GuardState* g_State;

// obcallbacks.cpp
NTSTATUS RegisterObCallbacks();
void ProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
