#pragma once

extern "C" {
#include <ntifs.h>
}

#define PG_TAG          'dGrP'
#define PG_ALTITUDE     L"321410.77"
#define PG_DEFAULT_IMG  L"\\game.exe"

#define PG_TRACE(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "[procguard] " fmt "\n", __VA_ARGS__)
#define PG_FAIL(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[procguard] " fmt "\n", __VA_ARGS__)

// not in ntifs.h for kernel builds
#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE           0x0001
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION        0x0008
#endif
#ifndef PROCESS_VM_READ
#define PROCESS_VM_READ             0x0010
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE            0x0020
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD       0x0002
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME      0x0800
#endif

namespace pg
{
    constexpr ACCESS_MASK kStrippedAccess =
        PROCESS_TERMINATE | PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION |
        PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME;

    // Registry.cpp: reads Parameters\ProtectedImage (REG_SZ), pool copy in Out
    NTSTATUS ReadProtectedImage(_In_ PCUNICODE_STRING RegistryPath, _Out_ PUNICODE_STRING Out);
    void     FreeString(_Inout_ PUNICODE_STRING Str);

    class Guard
    {
    public:
        // takes ownership of Image (pool buffer tagged PG_TAG)
        static void     Initialize(_In_ const UNICODE_STRING& Image);
        static NTSTATUS Register();
        static void     Unregister();
        static void     Cleanup();

    private:
        static OB_PREOP_CALLBACK_STATUS PreProcessHandle(_In_ PVOID Context,
                                                         _Inout_ POB_PRE_OPERATION_INFORMATION Info);
        static void OnProcess(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                              _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);
        static bool MatchesImage(_In_opt_ PCUNICODE_STRING Name);

        static PVOID            s_ObHandle;
        static bool             s_NotifyRegistered;
        static UNICODE_STRING   s_Image;
        static HANDLE volatile  s_ProtectedPid;
    };
}
