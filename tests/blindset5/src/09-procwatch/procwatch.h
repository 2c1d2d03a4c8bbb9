// procwatch.h
// ProcWatch - process / registry / handle monitor for the lab sandbox.
// Linked with /INTEGRITYCHECK (needed by PsSetCreateProcessNotifyRoutineEx
// and ObRegisterCallbacks).
#pragma once

#include <ntifs.h>
#include <ntstrsafe.h>

#define PW_TAG          'hcWP'
#define PW_ALTITUDE     L"385210"
#define PW_MAX_TRACKED  4096

#define PW_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[procwatch] " fmt "\n", ##__VA_ARGS__)

#define PROCESS_TERMINATE_RIGHT  0x0001
#define PROCESS_VM_WRITE_RIGHT   0x0020

typedef struct _PW_PROCESS_ENTRY {
    LIST_ENTRY  Link;
    HANDLE      ProcessId;
    HANDLE      ParentId;
    BOOLEAN     Protected;
    WCHAR       ImageName[64];
} PW_PROCESS_ENTRY, *PPW_PROCESS_ENTRY;

// globals (procwatch.c)
extern LIST_ENTRY       g_ProcList;
extern FAST_MUTEX       g_ProcListLock;
extern ULONG            g_ProcCount;
extern LARGE_INTEGER    g_CmCookie;
extern PVOID            g_ObHandle;
extern HANDLE           g_ProtectedPid;

// callbacks.c
VOID MonProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                      _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);
EX_CALLBACK_FUNCTION MonRegistryCallback;
OB_PREOP_CALLBACK_STATUS MonPreOpenProcess(_In_ PVOID RegistrationContext,
                                           _Inout_ POB_PRE_OPERATION_INFORMATION Info);
VOID MonFreeProcList(VOID);
