/*
 * procguard.h - ProcGuard process-protection driver (legacy, non-PnP).
 *
 * ProcGuard keeps a table of live processes, strips dangerous access
 * rights from handles opened to processes marked "protected" by the
 * user-mode service, and (optionally) audits registry writes under the
 * product's own key.
 *
 * Build note: linked with /INTEGRITYCHECK, required for
 * PsSetCreateProcessNotifyRoutineEx and ObRegisterCallbacks.
 */
#pragma once

#include <ntifs.h>
#include <ntstrsafe.h>

#define PG_TAG              'dGgP'
#define PG_DEVICE_NAME      L"\\Device\\ProcGuard"
#define PG_DOSDEVICE_NAME   L"\\DosDevices\\ProcGuard"
#define PG_ALTITUDE         L"385201.5"

#define PG_HASH_BUCKETS     64

#define IOCTL_PG_PROTECT_PID    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PG_UNPROTECT_PID  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PG_GET_STATS      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_READ_ACCESS)

/* Callback registration state, one bit per registration. */
#define PG_CB_PROCESS_NOTIFY    0x0001
#define PG_CB_OBJECT            0x0002
#define PG_CB_REGISTRY          0x0004

#define PgLog(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[procguard] " fmt "\n", __VA_ARGS__)
#define PgErr(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[procguard] ERROR " fmt "\n", __VA_ARGS__)

typedef struct _PG_PROCESS_ENTRY {
    LIST_ENTRY  HashLink;
    HANDLE      ProcessId;
    HANDLE      ParentId;
    BOOLEAN     Protected;
    LARGE_INTEGER CreateTime;
} PG_PROCESS_ENTRY, *PPG_PROCESS_ENTRY;

typedef struct _PG_STATS {
    LONG ProcessesSeen;
    LONG HandlesStripped;
    LONG RegistryWritesSeen;
} PG_STATS, *PPG_STATS;

typedef struct _PG_GLOBALS {
    PDRIVER_OBJECT          DriverObject;
    PDEVICE_OBJECT          ControlDevice;
    UNICODE_STRING          SymbolicLink;
    BOOLEAN                 SymbolicLinkCreated;

    /* process table */
    BOOLEAN                 TableReady;
    EX_PUSH_LOCK            TableLock;
    LIST_ENTRY              Buckets[PG_HASH_BUCKETS];
    NPAGED_LOOKASIDE_LIST   EntryLookaside;

    /* callbacks */
    ULONG                   CallbackFlags;
    PVOID                   ObRegistrationHandle;
    LARGE_INTEGER           RegistryCookie;

    PG_STATS                Stats;
} PG_GLOBALS, *PPG_GLOBALS;

extern PG_GLOBALS g_Pg;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PgUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PgDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PgDispatchDeviceControl;

/* table.c */
NTSTATUS PgTableInitialize(VOID);
VOID PgTableUninitialize(VOID);
NTSTATUS PgTableInsert(_In_ HANDLE ProcessId, _In_ HANDLE ParentId);
VOID PgTableRemove(_In_ HANDLE ProcessId);
BOOLEAN PgTableIsProtected(_In_ HANDLE ProcessId);
NTSTATUS PgTableSetProtected(_In_ HANDLE ProcessId, _In_ BOOLEAN Protected);

/* callbacks.c */
NTSTATUS PgRegisterCallbacks(_In_ PDRIVER_OBJECT DriverObject);
VOID PgUnregisterCallbacks(VOID);
