#pragma once
//
// Shield.h - obshield, "protect my game process from being killed / read"
//
#include <ntifs.h>
#include "Common.h"

#define SHIELD_TAG        'dlhS'
#define SHIELD_DEVICE     L"\\Device\\ObShield"
#define SHIELD_SYMLINK    L"\\??\\ObShield"
#define SHIELD_ALTITUDE   L"321337.41"
#define SHIELD_TARGET     "game.exe"     // 15 chars max, EPROCESS ImageFileName

#define LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[ObShield] " fmt "\n", __VA_ARGS__)
#define CHECK(st, what) \
    if (!NT_SUCCESS(st)) { LOG("%s failed: 0x%08X", what, st); goto fail; }

// rights we never hand out on the protected process
#define SHIELD_STRIP_MASK (PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_READ | \
                           PROCESS_VM_OPERATION | PROCESS_CREATE_THREAD | PROCESS_SUSPEND_RESUME)

// undocumented but exported forever
extern "C" NTKERNELAPI PCHAR PsGetProcessImageFileName(PEPROCESS Process);

struct ShieldState {
    PDEVICE_OBJECT  Device;
    bool            SymLinkCreated;
    PVOID           RegHandle;        // ObRegisterCallbacks
    PEPROCESS       Target;           // referenced
    volatile LONG   TargetPid;
    volatile LONG   Stripped;
    FAST_MUTEX      TargetLock;

    void Init() {
        Device = nullptr;
        SymLinkCreated = false;
        RegHandle = nullptr;
        Target = nullptr;
        TargetPid = 0;
        Stripped = 0;
        ExInitializeFastMutex(&TargetLock);
    }
};

extern ShieldState g_State;

namespace shield {
    // Callbacks.cpp
    NTSTATUS RegisterObCallbacks();
    void     UnregisterObCallbacks();

    // Process.cpp
    PEPROCESS FindProcessByName(const char* name);
    NTSTATUS  SetTarget(ULONG pid);
    void      ClearTarget();
}
