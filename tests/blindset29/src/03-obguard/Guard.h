#pragma once
#include "kcpp.h"

// Strips dangerous access rights from handles opened to the protected game.
class ObGuard {
public:
    bool Register();
    void Unregister();

private:
    static OB_PREOP_CALLBACK_STATUS PreOpenProcess(PVOID context, POB_PRE_OPERATION_INFORMATION info);
    static OB_PREOP_CALLBACK_STATUS PreOpenThread(PVOID context, POB_PRE_OPERATION_INFORMATION info);

    PVOID m_regHandle;
};

// Tracks the game process coming and going.
class ProcessWatcher {
public:
    NTSTATUS Start();
    void Stop();

private:
    static void OnProcessNotify(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info);
    bool m_registered;
};

extern ObGuard g_ObGuard;
extern ProcessWatcher g_Watcher;

// access rights a cheat needs to read / write / inject
constexpr ACCESS_MASK kStrippedProcessAccess =
    PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_VM_OPERATION |
    PROCESS_CREATE_THREAD | PROCESS_DUP_HANDLE | PROCESS_TERMINATE | PROCESS_SUSPEND_RESUME;

constexpr ACCESS_MASK kStrippedThreadAccess =
    THREAD_SET_CONTEXT | THREAD_GET_CONTEXT | THREAD_SUSPEND_RESUME | THREAD_TERMINATE;
