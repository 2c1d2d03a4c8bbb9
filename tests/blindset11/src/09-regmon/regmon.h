/*
 * regmon.h - registry write monitor (CmRegisterCallbackEx)
 *
 * Logs value writes and key deletions below a configurable prefix
 * (default: \REGISTRY\MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Run).
 * The last RM_MAX_EVENTS events can be fetched with IOCTL_RM_GET_EVENTS.
 */
#pragma once

#include <ntddk.h>
#include <ntstrsafe.h>

#define RM_TAG          'noMR'
#define RM_DEVICE_NAME  L"\\Device\\RegMon"
#define RM_LINK_NAME    L"\\DosDevices\\RegMon"
#define RM_ALTITUDE     L"380010"
#define RM_MAX_EVENTS   128
#define RM_PREFIX_CHARS 128

#define RM_DEFAULT_PREFIX \
    L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run"

#define IOCTL_RM_GET_EVENTS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)

#define RM_LOG(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "regmon: " __VA_ARGS__)

/* RM_CONFIG.Flags */
#define RM_WATCH_SETVALUE   0x1
#define RM_WATCH_DELETEKEY  0x2
#define RM_WATCH_RENAME     0x4
#define RM_BREAK_ON_HIT     0x80000000

typedef struct _RM_CONFIG {
    ULONG          Flags;
    ULONG          MaxEvents;
    UNICODE_STRING Prefix;
    WCHAR          PrefixBuffer[RM_PREFIX_CHARS];
    volatile LONG  Hits;
} RM_CONFIG, *PRM_CONFIG;

typedef struct _RM_EVENT {
    ULONG         Operation;   /* REG_NOTIFY_CLASS */
    ULONG         ProcessId;
    LARGE_INTEGER Time;
    WCHAR         Key[96];
} RM_EVENT, *PRM_EVENT;

typedef struct _RM_GLOBALS {
    PDEVICE_OBJECT Device;
    LARGE_INTEGER  Cookie;
    KSPIN_LOCK     EventLock;
    ULONG          EventHead;
    ULONG          EventCount;
    RM_EVENT       Events[RM_MAX_EVENTS];
} RM_GLOBALS;

extern RM_GLOBALS g_Rm;

/* filter.c */
EX_CALLBACK_FUNCTION RmRegistryCallback;
NTSTATUS RmLoadConfig(_In_ PCUNICODE_STRING RegistryPath, _Out_ PRM_CONFIG Config);
ULONG    RmCopyEvents(_Out_writes_(Max) PRM_EVENT Out, _In_ ULONG Max);
