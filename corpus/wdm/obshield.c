/*
 * obshield.c - "obshield": strips terminate rights from handles opened to the
 * processes listed in a table, and adds each new child of a listed process
 * to it. The table and its lock exist before either callback is registered:
 * the process notify routine and the object pre-operation callback can run
 * the moment their registration returns. The unload routine removes both.
 */

#include <ntddk.h>

#define OS_TAG 'dlhS'
#define OS_SLOTS 64
#define OS_TERMINATE 0x0001

typedef struct _OS_TABLE {
    FAST_MUTEX Lock;
    HANDLE    *Pids;
    ULONG      Count;
} OS_TABLE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD OsUnload;

static OS_TABLE OsTable;
static PVOID OsObHandle;

static BOOLEAN
OsListed(
    _In_ HANDLE Pid
    )
{
    BOOLEAN found = FALSE;
    ULONG i;

    ExAcquireFastMutex(&OsTable.Lock);
    for (i = 0; i < OsTable.Count; i++) {
        if (OsTable.Pids[i] == Pid) {
            found = TRUE;
            break;
        }
    }
    ExReleaseFastMutex(&OsTable.Lock);
    return found;
}

static OB_PREOP_CALLBACK_STATUS
OsPreOpen(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle || !OsListed(PsGetProcessId((PEPROCESS)Info->Object))) {
        return OB_PREOP_SUCCESS;
    }
    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~OS_TERMINATE;
    }
    return OB_PREOP_SUCCESS;
}

static VOID
OsProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL || !OsListed(CreateInfo->ParentProcessId)) {
        return;
    }
    ExAcquireFastMutex(&OsTable.Lock);
    if (OsTable.Count < OS_SLOTS) {
        OsTable.Pids[OsTable.Count++] = ProcessId;
    }
    ExReleaseFastMutex(&OsTable.Lock);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OB_OPERATION_REGISTRATION operation;
    OB_CALLBACK_REGISTRATION registration;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeFastMutex(&OsTable.Lock);
    OsTable.Count = 0;
    OsTable.Pids = (HANDLE *)ExAllocatePool2(POOL_FLAG_NON_PAGED, OS_SLOTS * sizeof(HANDLE), OS_TAG);
    if (OsTable.Pids == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlZeroMemory(&operation, sizeof(operation));
    operation.ObjectType = PsProcessType;
    operation.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    operation.PreOperation = OsPreOpen;

    RtlZeroMemory(&registration, sizeof(registration));
    registration.Version = OB_FLT_REGISTRATION_VERSION;
    registration.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&registration.Altitude, L"321400");
    registration.OperationRegistration = &operation;

    status = ObRegisterCallbacks(&registration, &OsObHandle);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(OsTable.Pids, OS_TAG);
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(OsProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        /* Teardown, after the object callback is gone: not a late init. */
        ObUnRegisterCallbacks(OsObHandle);
        ExFreePoolWithTag(OsTable.Pids, OS_TAG);
        OsTable.Pids = NULL;
        return status;
    }

    DriverObject->DriverUnload = OsUnload;
    return STATUS_SUCCESS;
}

VOID
OsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PsSetCreateProcessNotifyRoutineEx(OsProcessNotify, TRUE);
    ObUnRegisterCallbacks(OsObHandle);
    ExFreePoolWithTag(OsTable.Pids, OS_TAG);
}
