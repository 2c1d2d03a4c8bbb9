// dllwatch - logs when a watched DLL name is mapped into any process.
// watch list comes from the "WatchList" REG_MULTI_SZ under the service key.
#include <ntddk.h>

#define DW_TAG 'hWlD'
#define MAX_WATCH 8

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS LoadWatchList(PUNICODE_STRING RegistryPath);
static BOOLEAN  MatchWatchList(PCUNICODE_STRING ImageName);
VOID DwUnload(PDRIVER_OBJECT DriverObject);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, LoadWatchList)
#pragma alloc_text(INIT, MatchWatchList)
#pragma alloc_text(PAGE, DwUnload)
#endif

static UNICODE_STRING g_Watch[MAX_WATCH];
static ULONG g_WatchCount = 0;

static NTSTATUS NTAPI WatchEntry(PWSTR ValueName, ULONG ValueType, PVOID ValueData,
                                 ULONG ValueLength, PVOID Context, PVOID EntryContext)
{
    UNREFERENCED_PARAMETER(ValueName); UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(EntryContext);
    if (ValueType != REG_SZ || g_WatchCount >= MAX_WATCH || ValueLength < sizeof(WCHAR))
        return STATUS_SUCCESS;
    PWCH copy = (PWCH)ExAllocatePool2(POOL_FLAG_NON_PAGED, ValueLength, DW_TAG);
    if (!copy)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyMemory(copy, ValueData, ValueLength);
    RtlInitUnicodeString(&g_Watch[g_WatchCount++], copy);
    return STATUS_SUCCESS;
}

static NTSTATUS LoadWatchList(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE q[2];
    RtlZeroMemory(q, sizeof(q));
    q[0].QueryRoutine = WatchEntry;      // called once per string of the MULTI_SZ
    q[0].Flags = RTL_QUERY_REGISTRY_REQUIRED;
    q[0].Name = L"WatchList";
    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, q, NULL, NULL);
}

static BOOLEAN MatchWatchList(PCUNICODE_STRING ImageName)
{
    for (ULONG i = 0; i < g_WatchCount; i++) {
        USHORT n = g_Watch[i].Length;
        if (ImageName->Length < n)
            continue;
        UNICODE_STRING tail = { n, n, (PWCH)((PUCHAR)ImageName->Buffer + ImageName->Length - n) };
        if (RtlEqualUnicodeString(&tail, &g_Watch[i], TRUE))
            return TRUE;
    }
    return FALSE;
}

static VOID FreeWatchList(VOID)
{
    for (ULONG i = 0; i < g_WatchCount; i++) {
        ExFreePoolWithTag(g_Watch[i].Buffer, DW_TAG);
        g_Watch[i].Buffer = NULL;
    }
    g_WatchCount = 0;
}

static VOID OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(ImageInfo);
    if (FullImageName == NULL || FullImageName->Buffer == NULL)
        return;
    if (MatchWatchList(FullImageName))
        DbgPrint("dllwatch: pid %p mapped %wZ\n", ProcessId, FullImageName);
}

VOID DwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    PsRemoveLoadImageNotifyRoutine(OnImageLoad);
    FreeWatchList();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = LoadWatchList(RegistryPath);
    if (!NT_SUCCESS(status)) {
        DbgPrint("dllwatch: WatchList missing 0x%08X\n", status);
        FreeWatchList();
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(OnImageLoad);
    if (!NT_SUCCESS(status)) {
        FreeWatchList();
        return status;
    }

    DriverObject->DriverUnload = DwUnload;
    DbgPrint("dllwatch: watching %lu names\n", g_WatchCount);
    return STATUS_SUCCESS;
}
