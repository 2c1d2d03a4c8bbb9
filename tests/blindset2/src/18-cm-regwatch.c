/*
 * regwatch.sys - records registry SetValue operations under a watched key
 * into a ring of records allocated from a lookaside list.
 */
#include <ntddk.h>

#define RW_TAG      'hcWR'
#define RW_ALTITUDE L"385210"

typedef struct _RW_RECORD {
    LIST_ENTRY     Link;
    LARGE_INTEGER  Time;
    HANDLE         Pid;
    ULONG          Type;
    ULONG          DataSize;
} RW_RECORD, *PRW_RECORD;

LARGE_INTEGER           g_CmCookie;
NPAGED_LOOKASIDE_LIST   g_RecordPool;
KSPIN_LOCK              g_RecordLock;
LIST_ENTRY              g_Records;
LONG                    g_RecordCount;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RwUnload;
EX_CALLBACK_FUNCTION RwRegistryCallback;

NTSTATUS
RwRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    REG_NOTIFY_CLASS op = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PREG_SET_VALUE_KEY_INFORMATION info;
    PRW_RECORD rec;
    KIRQL irql;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (op != RegNtPreSetValueKey || Argument2 == NULL) {
        return STATUS_SUCCESS;
    }
    info = (PREG_SET_VALUE_KEY_INFORMATION)Argument2;

    rec = (PRW_RECORD)ExAllocateFromNPagedLookasideList(&g_RecordPool);
    if (rec == NULL) {
        return STATUS_SUCCESS;
    }
    KeQuerySystemTimePrecise(&rec->Time);
    rec->Pid = PsGetCurrentProcessId();
    rec->Type = info->Type;
    rec->DataSize = info->DataSize;

    KeAcquireSpinLock(&g_RecordLock, &irql);
    InsertTailList(&g_Records, &rec->Link);
    if (++g_RecordCount > 256) {
        PLIST_ENTRY old = RemoveHeadList(&g_Records);
        g_RecordCount--;
        KeReleaseSpinLock(&g_RecordLock, irql);
        ExFreeToNPagedLookasideList(&g_RecordPool, CONTAINING_RECORD(old, RW_RECORD, Link));
        return STATUS_SUCCESS;
    }
    KeReleaseSpinLock(&g_RecordLock, irql);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RW_ALTITUDE);

    UNREFERENCED_PARAMETER(RegistryPath);

    status = CmRegisterCallbackEx(RwRegistryCallback, &altitude, DriverObject, NULL,
                                  &g_CmCookie, NULL);
    if (!NT_SUCCESS(status)) {
        KdPrint(("regwatch: CmRegisterCallbackEx failed 0x%08X\n", status));
        return status;
    }

    KeInitializeSpinLock(&g_RecordLock);
    InitializeListHead(&g_Records);
    g_RecordCount = 0;
    ExInitializeNPagedLookasideList(&g_RecordPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(RW_RECORD), RW_TAG, 0);

    DriverObject->DriverUnload = RwUnload;
    return STATUS_SUCCESS;
}

VOID
RwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PLIST_ENTRY e;

    UNREFERENCED_PARAMETER(DriverObject);

    CmUnRegisterCallback(g_CmCookie);

    while (!IsListEmpty(&g_Records)) {
        e = RemoveHeadList(&g_Records);
        ExFreeToNPagedLookasideList(&g_RecordPool, CONTAINING_RECORD(e, RW_RECORD, Link));
    }
    ExDeleteNPagedLookasideList(&g_RecordPool);
}
