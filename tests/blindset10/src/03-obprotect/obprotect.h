/*
 * obprotect.h - keep a short list of processes that nobody may kill or
 * write into.  Research toy, do not ship.
 */
#ifndef OBPROTECT_H
#define OBPROTECT_H

#include <ntddk.h>

#define OBP_TAG          'PbO_'
#define OBP_MAGIC        0x4F425052u      /* 'OBPR' */
#define OBP_MAX_PIDS     32
#define OBP_ALTITUDE     L"321000.5471"

#define OBP_DEVICE_NAME  L"\\Device\\ObProtect"
#define OBP_LINK_NAME    L"\\DosDevices\\ObProtect"

#define IOCTL_OBP_ADD_PID    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBP_REMOVE_PID CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBP_CLEAR      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define dprint(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "obprotect: " __VA_ARGS__)

typedef struct _OBP_PID_LIST {
    KSPIN_LOCK Lock;
    ULONG      Count;
    ULONG      Pids[OBP_MAX_PIDS];
} OBP_PID_LIST, *POBP_PID_LIST;

/* handed to the object manager as the registration context */
typedef struct _OBP_CALLBACK_CONTEXT {
    ULONG         Magic;
    POBP_PID_LIST List;
    ACCESS_MASK   ProcessStrip;
    ACCESS_MASK   ThreadStrip;
} OBP_CALLBACK_CONTEXT, *POBP_CALLBACK_CONTEXT;

extern OBP_PID_LIST g_PidList;

/* callbacks.c */
NTSTATUS ObpRegisterCallbacks(_Out_ PVOID *RegistrationHandle);
VOID     ObpUnregisterCallbacks(_In_ PVOID RegistrationHandle);
BOOLEAN  ObpIsProtected(_In_ POBP_PID_LIST List, _In_ ULONG Pid);

#endif
