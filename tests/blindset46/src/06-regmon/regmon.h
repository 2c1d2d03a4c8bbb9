#ifndef REGMON_H
#define REGMON_H

#include <ntddk.h>

//
// RegMon - logs registry writes/deletes under HKLM\SOFTWARE and hands
// the entries to a user mode viewer (security course, assignment 2)
//

#define REGMON_TAG          'nMgR'
#define REGMON_ALTITUDE     L"385210"
#define REGMON_DEVICE       L"\\Device\\RegMon"
#define REGMON_LINK         L"\\??\\RegMon"

#define REGMON_MAX_ENTRIES  1024
#define REGMON_NAME_CHARS   200
#define REGMON_MAX_PROCS    128
#define REGMON_IMAGE_CHARS  32

#define IOCTL_REGMON_READ   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)

#define DPRINT(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "RegMon: " __VA_ARGS__)

typedef enum _REGMON_OP {
    RegMonSetValue = 1,
    RegMonDeleteValue,
    RegMonDeleteKey,
    RegMonCreateKey
} REGMON_OP;

typedef struct _REGMON_ENTRY {
    LARGE_INTEGER Time;
    ULONG         ProcessId;
    ULONG         Operation;        // REGMON_OP
    WCHAR         KeyName[REGMON_NAME_CHARS];
    WCHAR         ValueName[64];
    WCHAR         Image[REGMON_IMAGE_CHARS];
} REGMON_ENTRY, *PREGMON_ENTRY;

typedef struct _REGMON_PROC {
    ULONG ProcessId;
    WCHAR Image[REGMON_IMAGE_CHARS];
} REGMON_PROC;

typedef struct _REGMON_GLOBALS {
    LARGE_INTEGER  Cookie;
    PDEVICE_OBJECT DeviceObject;

    // log
    KSPIN_LOCK     LogLock;
    PREGMON_ENTRY  Entries;
    ULONG          Head;
    ULONG          Count;
    ULONG          Lost;

    // pid -> image name cache, filled by the process notify routine
    REGMON_PROC    Procs[REGMON_MAX_PROCS];
} REGMON_GLOBALS;

extern REGMON_GLOBALS g_RegMon;

// regcb.c
EX_CALLBACK_FUNCTION RegMonCallback;
VOID RegMonProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
BOOLEAN LogInit(VOID);
VOID    LogFree(VOID);
ULONG   LogRead(PREGMON_ENTRY Out, ULONG MaxEntries);

#endif
