/*
 * blocklist.c - refuses to start the programs named in the service key's
 * "Blocked" value (REG_MULTI_SZ). The list is read once in DriverEntry
 * through RtlQueryRegistryValues, whose query routine and the parser it
 * uses are placed in INIT with DriverEntry: only the query runs them, and
 * the table that names the routine lives on DriverEntry's helper's stack.
 * The process notify routine, the matcher it calls and the list's free
 * routine (unload's, and the failure path's) stay in the resident sections.
 */

#include <ntddk.h>

#define BL_TAG 'kcoB'
#define BL_MAX 16

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BlUnload;
static NTSTATUS NTAPI BlQueryName(_In_z_ PWSTR ValueName, _In_ ULONG ValueType, _In_ PVOID ValueData,
                                  _In_ ULONG ValueLength, _In_opt_ PVOID Context, _In_opt_ PVOID EntryContext);
static NTSTATUS BlReadList(_In_ PUNICODE_STRING RegistryPath);
static NTSTATUS BlCopyName(_In_reads_bytes_(Length) PCWSTR Name, _In_ ULONG Length);
static BOOLEAN BlIsBlocked(_In_ PCUNICODE_STRING Image);
static BOOLEAN BlEndsWith(_In_ PCUNICODE_STRING Image, _In_ PCUNICODE_STRING Name);
static VOID BlFreeList(VOID);
static VOID BlOnProcess(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                        _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, BlReadList)
#pragma alloc_text(INIT, BlQueryName)
#pragma alloc_text(INIT, BlCopyName)
#pragma alloc_text(PAGE, BlUnload)
#pragma alloc_text(PAGE, BlFreeList)
#pragma alloc_text(PAGE, BlIsBlocked)
#pragma alloc_text(PAGE, BlEndsWith)
#endif

static UNICODE_STRING g_Blocked[BL_MAX];
static ULONG g_BlockedCount;

static NTSTATUS
BlCopyName(PCWSTR Name, ULONG Length)
{
    PWCH copy;

    if (g_BlockedCount >= BL_MAX || Length < sizeof(WCHAR) || Length > MAXUSHORT) {
        return STATUS_SUCCESS;
    }
    copy = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, Length, BL_TAG);
    if (copy == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(copy, Name, Length);
    g_Blocked[g_BlockedCount].Buffer = copy;
    g_Blocked[g_BlockedCount].Length = (USHORT)(Length - sizeof(WCHAR));
    g_Blocked[g_BlockedCount].MaximumLength = (USHORT)Length;
    g_BlockedCount++;
    return STATUS_SUCCESS;
}

static NTSTATUS NTAPI
BlQueryName(PWSTR ValueName, ULONG ValueType, PVOID ValueData, ULONG ValueLength,
            PVOID Context, PVOID EntryContext)
{
    UNREFERENCED_PARAMETER(ValueName);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(EntryContext);
    if (ValueType != REG_SZ) {
        return STATUS_SUCCESS;
    }
    return BlCopyName((PCWSTR)ValueData, ValueLength);
}

static NTSTATUS
BlReadList(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE query[2];

    RtlZeroMemory(query, sizeof(query));
    query[0].QueryRoutine = BlQueryName;
    query[0].Name = L"Blocked";
    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, query, NULL, NULL);
}

static VOID
BlFreeList(VOID)
{
    ULONG i;

    PAGED_CODE();
    for (i = 0; i < g_BlockedCount; i++) {
        ExFreePoolWithTag(g_Blocked[i].Buffer, BL_TAG);
        g_Blocked[i].Buffer = NULL;
    }
    g_BlockedCount = 0;
}

static BOOLEAN
BlEndsWith(PCUNICODE_STRING Image, PCUNICODE_STRING Name)
{
    UNICODE_STRING tail;

    PAGED_CODE();
    if (Image->Length < Name->Length) {
        return FALSE;
    }
    tail.Buffer = (PWCH)((PUCHAR)Image->Buffer + Image->Length - Name->Length);
    tail.Length = Name->Length;
    tail.MaximumLength = Name->Length;
    return RtlEqualUnicodeString(&tail, Name, TRUE);
}

static BOOLEAN
BlIsBlocked(PCUNICODE_STRING Image)
{
    ULONG i;

    PAGED_CODE();
    for (i = 0; i < g_BlockedCount; i++) {
        if (BlEndsWith(Image, &g_Blocked[i])) {
            return TRUE;
        }
    }
    return FALSE;
}

static VOID
BlOnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    if (CreateInfo == NULL || CreateInfo->ImageFileName == NULL) {
        return;
    }
    if (BlIsBlocked(CreateInfo->ImageFileName)) {
        DbgPrint("blocklist: refusing %wZ (pid %p)\n", CreateInfo->ImageFileName, ProcessId);
        CreateInfo->CreationStatus = STATUS_ACCESS_DENIED;
    }
}

VOID
BlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    PsSetCreateProcessNotifyRoutineEx(BlOnProcess, TRUE);
    BlFreeList();
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)     // expect-entry: wdm
{
    NTSTATUS status;

    status = BlReadList(RegistryPath);
    if (!NT_SUCCESS(status)) {
        BlFreeList();
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(BlOnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        BlFreeList();
        return status;
    }

    DriverObject->DriverUnload = BlUnload;
    return STATUS_SUCCESS;
}
