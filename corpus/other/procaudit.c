/*
 * procaudit.c - boot-start auditing driver that records process creation
 * for a host-integrity agent. It has no device object and no dispatch
 * routines: records go to a fixed-size nonpaged ring that the agent's
 * companion driver maps. By policy the driver is not unloadable, so no
 * DriverUnload is set (a notify routine must be removed before unload).
 *
 * Link with /INTEGRITYCHECK, required by PsSetCreateProcessNotifyRoutineEx.
 */

#include <ntddk.h>

#define PROCAUDIT_TAG      'dAcP'
#define PROCAUDIT_ENTRIES  4096

typedef struct _PROCAUDIT_RECORD {
    LARGE_INTEGER Time;
    HANDLE        ProcessId;
    HANDLE        ParentId;
    BOOLEAN       Created;
} PROCAUDIT_RECORD, *PPROCAUDIT_RECORD;

typedef struct _PROCAUDIT_RING {
    PPROCAUDIT_RECORD Records;
    volatile LONG     Next;
    ULONG             Flags;
} PROCAUDIT_RING;

static PROCAUDIT_RING AuditRing;

#define PROCAUDIT_FLAG_SKIP_SYSTEM 0x1

DRIVER_INITIALIZE DriverEntry;

static VOID
ProcAuditNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

/*
 * Reads the optional REG_DWORD "Flags" from the service key. Any failure
 * just leaves the defaults; the key handle is closed in the __finally block
 * whichever way the __try body is left.
 */
static ULONG
ProcAuditReadFlags(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"Flags");
    HANDLE key = NULL;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;
    ULONG flags = 0;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    __try {
        status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
        if (!NT_SUCCESS(status)) {
            key = NULL;
            __leave;
        }

        status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                                 info, sizeof(buffer), &resultLength);
        if (!NT_SUCCESS(status) || info->Type != REG_DWORD ||
            info->DataLength != sizeof(ULONG)) {
            __leave;
        }

        RtlCopyMemory(&flags, info->Data, sizeof(ULONG));
    } __finally {
        if (key != NULL) {
            ZwClose(key);
        }
    }

    return flags;
}

static VOID
ProcAuditNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    LONG slot;
    PPROCAUDIT_RECORD rec;

    UNREFERENCED_PARAMETER(Process);

    if ((AuditRing.Flags & PROCAUDIT_FLAG_SKIP_SYSTEM) != 0 &&
        ProcessId == (HANDLE)4) {
        return;
    }

    slot = (LONG)((ULONG)InterlockedIncrement(&AuditRing.Next) % PROCAUDIT_ENTRIES);
    rec = &AuditRing.Records[slot];
    KeQuerySystemTime(&rec->Time);
    rec->ProcessId = ProcessId;
    rec->ParentId  = (CreateInfo != NULL) ? CreateInfo->ParentProcessId : NULL;
    rec->Created   = (CreateInfo != NULL);
}

NTSTATUS
DriverEntry(                                            // expect-entry: other
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);

    AuditRing.Records = (PPROCAUDIT_RECORD)ExAllocatePoolWithTag(
        NonPagedPoolNx, PROCAUDIT_ENTRIES * sizeof(PROCAUDIT_RECORD), PROCAUDIT_TAG);
    if (AuditRing.Records == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(AuditRing.Records, PROCAUDIT_ENTRIES * sizeof(PROCAUDIT_RECORD));
    AuditRing.Next = -1;
    AuditRing.Flags = ProcAuditReadFlags(RegistryPath);

    status = PsSetCreateProcessNotifyRoutineEx(ProcAuditNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        /* STATUS_ACCESS_DENIED here means the image lacks /INTEGRITYCHECK. */
        KdPrint(("procaudit: PsSetCreateProcessNotifyRoutineEx failed 0x%08X\n", status));
        ExFreePoolWithTag(AuditRing.Records, PROCAUDIT_TAG);
        AuditRing.Records = NULL;
        return status;
    }

    return STATUS_SUCCESS;
}
