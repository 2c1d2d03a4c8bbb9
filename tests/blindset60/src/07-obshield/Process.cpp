//
// Process.cpp - finding / tracking the protected process
//
#include "Shield.h"

// brute force the PID space, PIDs are multiples of 4
#define PID_FIRST  8
#define PID_LAST   0x20000

PEPROCESS shield::FindProcessByName(const char* name)
{
    PEPROCESS process = nullptr;

    for (ULONG pid = PID_FIRST; pid < PID_LAST; pid += 4) {
        if (!NT_SUCCESS(PsLookupProcessByProcessId(ULongToHandle(pid), &process))) {
            continue;
        }

        const char* image = PsGetProcessImageFileName(process);
        if (image != nullptr && _stricmp(image, name) == 0) {
            // caller owns the reference now
            return process;
        }
    }
    return nullptr;
}

NTSTATUS shield::SetTarget(ULONG pid)
{
    PEPROCESS process = nullptr;
    NTSTATUS status = PsLookupProcessByProcessId(ULongToHandle(pid), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ExAcquireFastMutex(&g_State.TargetLock);
    PEPROCESS old = g_State.Target;
    g_State.Target = process;
    InterlockedExchange(&g_State.TargetPid, static_cast<LONG>(pid));
    ExReleaseFastMutex(&g_State.TargetLock);

    if (old != nullptr) {
        ObDereferenceObject(old);
    }
    LOG("protecting pid %u", pid);
    return STATUS_SUCCESS;
}

void shield::ClearTarget()
{
    ExAcquireFastMutex(&g_State.TargetLock);
    PEPROCESS old = g_State.Target;
    g_State.Target = nullptr;
    InterlockedExchange(&g_State.TargetPid, 0);
    ExReleaseFastMutex(&g_State.TargetLock);

    if (old != nullptr) {
        ObDereferenceObject(old);
    }
}
