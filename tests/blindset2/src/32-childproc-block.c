// childblock.sys - blocks cmd.exe from being started by office apps.
// Optional registry value Parameters\Verbose turns on debug output.
#include <ntifs.h>

#define CB_TAG 'klBC'
#define DPRINT(...) do { if (g_Verbose) DbgPrint("childblock: " __VA_ARGS__); } while (0)

ULONG   g_Verbose = 0;
BOOLEAN g_NotifyRegistered = FALSE;

static const UNICODE_STRING g_BlockedChild = RTL_CONSTANT_STRING(L"\\cmd.exe");

NTKERNELAPI PCHAR PsGetProcessImageFileName(PEPROCESS Process);

static VOID
CbProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    PEPROCESS parent;
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL || CreateInfo->ImageFileName == NULL) {
        return;
    }
    if (!RtlSuffixUnicodeString(&g_BlockedChild, CreateInfo->ImageFileName, TRUE)) {
        return;
    }
    if (NT_SUCCESS(PsLookupProcessByProcessId(CreateInfo->ParentProcessId, &parent))) {
        PCHAR name = PsGetProcessImageFileName(parent);
        if (_stricmp(name, "WINWORD.EXE") == 0 || _stricmp(name, "EXCEL.EXE") == 0) {
            DPRINT("blocked pid %p started by %s\n", ProcessId, name);
            CreateInfo->CreationStatus = STATUS_ACCESS_DENIED;
        }
        ObDereferenceObject(parent);
    }
}

static NTSTATUS
CbReadVerbose(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE q[3];

    RtlZeroMemory(q, sizeof(q));
    q[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    q[0].Name = L"Parameters";
    q[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
    q[1].Name = L"Verbose";
    q[1].EntryContext = &g_Verbose;
    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, q, NULL, NULL);
}

VOID
CbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (g_NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(CbProcessNotify, TRUE);
        g_NotifyRegistered = FALSE;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    DriverObject->DriverUnload = CbUnload;

    status = PsSetCreateProcessNotifyRoutineEx(CbProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        DbgPrint("childblock: PsSetCreateProcessNotifyRoutineEx failed 0x%08X\n", status);
        return status;
    }
    g_NotifyRegistered = TRUE;

    // Verbose is optional: when it is missing g_Verbose simply stays 0.
    status = CbReadVerbose(RegistryPath);
    DPRINT("loaded, verbose=%lu (query status 0x%08X)\n", g_Verbose, status);

    return status;
}
