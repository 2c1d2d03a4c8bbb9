#pragma once
//
// procwatch - keeps track of which "game" processes are running and how many
// threads other processes inject into them (remote thread counter for the
// anticheat test bench)
//
#include <ntddk.h>

#define PW_TAG              'hcWP'
#define PW_MAX_TRACKED      64

#define PW_DBG(...)         DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[procwatch] " __VA_ARGS__)
#define PW_ERR(...)         DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[procwatch] !! " __VA_ARGS__)

//
// CHECK(expr): evaluate an NTSTATUS-returning call, log and bail to Exit on failure
//
#define CHECK(expr)                                                             \
    do {                                                                        \
        status = (expr);                                                        \
        if (!NT_SUCCESS(status)) {                                              \
            PW_ERR("%s failed: 0x%08X (%s:%d)\n", #expr, status, __FILE__, __LINE__); \
            goto Exit;                                                          \
        }                                                                       \
    } while (0)

typedef struct _PW_ENTRY {
    LIST_ENTRY  Link;
    HANDLE      ProcessId;
    ULONG       LocalThreads;
    ULONG       RemoteThreads;
    WCHAR       Name[32];
} PW_ENTRY, *PPW_ENTRY;

typedef struct _PW_GLOBALS {
    LIST_ENTRY              Tracked;
    ULONG                   TrackedCount;
    KSPIN_LOCK              Lock;
    NPAGED_LOOKASIDE_LIST   EntryPool;
    BOOLEAN                 ProcNotifyOn;
    BOOLEAN                 ThreadNotifyOn;
    BOOLEAN                 PoolReady;
} PW_GLOBALS;

extern PW_GLOBALS g_Pw;

// notify.c
NTSTATUS PwRegisterCallbacks(VOID);
VOID     PwUnregisterCallbacks(VOID);
VOID     PwInitTracking(VOID);
VOID     PwFreeTracking(VOID);
BOOLEAN  PwIsGameImage(_In_opt_ PCUNICODE_STRING ImageName);
