/*
 * renguard.c - minifilter that refuses renames and deletes of files under
 * protected directories (configured by the deployment tool in the
 * service's Parameters key as a REG_MULTI_SZ "ProtectedPaths").
 *
 * Altitude: FSFilter Activity Monitor range, see renguard.inf.
 */

#include <fltKernel.h>
#include <ntstrsafe.h>

#define RENGUARD_TAG         'dGnR'
#define RENGUARD_MAX_PATHS   32

typedef struct _RENGUARD_GLOBALS {
    PFLT_FILTER    Filter;
    ERESOURCE      PathLock;
    UNICODE_STRING Paths[RENGUARD_MAX_PATHS];
    ULONG          PathCount;
    BOOLEAN        PathLockInitialized;
} RENGUARD_GLOBALS;

static RENGUARD_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI RenGuardUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI RenGuardQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                             _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI
RenGuardPreSetInformation(_Inout_ PFLT_CALLBACK_DATA Data,
                          _In_ PCFLT_RELATED_OBJECTS FltObjects,
                          _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
static NTSTATUS RenGuardLoadPaths(_In_ PUNICODE_STRING RegistryPath);
static VOID RenGuardFreePaths(VOID);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, RenGuardLoadPaths)
#pragma alloc_text(PAGE, RenGuardFreePaths)
#pragma alloc_text(PAGE, RenGuardUnload)
#pragma alloc_text(PAGE, RenGuardQueryTeardown)
#endif

static const FLT_OPERATION_REGISTRATION RenGuardOperations[] = {
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO,
      RenGuardPreSetInformation, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION RenGuardRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    RenGuardOperations,
    RenGuardUnload,
    NULL,
    RenGuardQueryTeardown,
};

_Function_class_(DRIVER_INITIALIZE)
_IRQL_requires_same_
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
DriverEntry(                                                // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    /* 1. Global initialization. */
    status = ExInitializeResourceLite(&Globals.PathLock);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    Globals.PathLockInitialized = TRUE;

    status = RenGuardLoadPaths(RegistryPath);
    if (!NT_SUCCESS(status)) {
        goto CleanupLock;
    }

    /* 2. Register with the filter manager. */
    status = FltRegisterFilter(DriverObject, &RenGuardRegistration, &Globals.Filter);
    if (!NT_SUCCESS(status)) {
        goto CleanupPaths;
    }

    /* 3. Start filtering; undo the registration if that fails. */
    status = FltStartFiltering(Globals.Filter);
    if (!NT_SUCCESS(status)) {
        goto CleanupFilter;
    }

    /* 4. Success. */
    return STATUS_SUCCESS;

CleanupFilter:
    FltUnregisterFilter(Globals.Filter);
    Globals.Filter = NULL;
CleanupPaths:
    RenGuardFreePaths();
CleanupLock:
    ExDeleteResourceLite(&Globals.PathLock);
    Globals.PathLockInitialized = FALSE;
Exit:
    return status;
}

/* RTL_QUERY_REGISTRY_ROUTINE: called once per string of the REG_MULTI_SZ. */
static NTSTATUS NTAPI
RenGuardPathCallback(
    _In_z_ PWSTR ValueName,
    _In_ ULONG ValueType,
    _In_reads_bytes_opt_(ValueLength) PVOID ValueData,
    _In_ ULONG ValueLength,
    _In_opt_ PVOID Context,
    _In_opt_ PVOID EntryContext
    )
{
    PUNICODE_STRING slot;

    UNREFERENCED_PARAMETER(ValueName);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(EntryContext);

    if (ValueType != REG_SZ || ValueData == NULL || ValueLength < sizeof(WCHAR) ||
        Globals.PathCount >= RENGUARD_MAX_PATHS) {
        return STATUS_SUCCESS;          /* ignore, keep enumerating */
    }

    slot = &Globals.Paths[Globals.PathCount];
    slot->Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, ValueLength, RENGUARD_TAG);
    if (slot->Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(slot->Buffer, ValueData, ValueLength);
    slot->MaximumLength = (USHORT)ValueLength;
    slot->Length = (USHORT)(ValueLength - sizeof(WCHAR));
    Globals.PathCount++;
    return STATUS_SUCCESS;
}

static NTSTATUS
RenGuardLoadPaths(_In_ PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    NTSTATUS status;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name  = L"Parameters";
    table[1].QueryRoutine = RenGuardPathCallback;
    table[1].Flags = RTL_QUERY_REGISTRY_REQUIRED;
    table[1].Name  = L"ProtectedPaths";

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer,
                                    table, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        RenGuardFreePaths();
    }
    return status;
}

static VOID
RenGuardFreePaths(VOID)
{
    ULONG i;

    PAGED_CODE();

    for (i = 0; i < Globals.PathCount; i++) {
        ExFreePoolWithTag(Globals.Paths[i].Buffer, RENGUARD_TAG);
        Globals.Paths[i].Buffer = NULL;
    }
    Globals.PathCount = 0;
}

static NTSTATUS FLTAPI
RenGuardUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FltUnregisterFilter(Globals.Filter);
    RenGuardFreePaths();
    ExDeleteResourceLite(&Globals.PathLock);
    return STATUS_SUCCESS;
}

/* Manual detach (fltmc detach) is allowed. */
static NTSTATUS FLTAPI
RenGuardQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                      _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

static BOOLEAN
RenGuardIsProtected(_In_ PCUNICODE_STRING Name)
{
    BOOLEAN hit = FALSE;
    ULONG i;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&Globals.PathLock, TRUE);
    for (i = 0; i < Globals.PathCount && !hit; i++) {
        hit = RtlPrefixUnicodeString(&Globals.Paths[i], Name, TRUE);
    }
    ExReleaseResourceLite(&Globals.PathLock);
    KeLeaveCriticalRegion();
    return hit;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
RenGuardPreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    FILE_INFORMATION_CLASS infoClass = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    PFLT_FILE_NAME_INFORMATION nameInfo;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (infoClass != FileRenameInformation && infoClass != FileDispositionInformation) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (RenGuardIsProtected(&nameInfo->Name)) {
        FltReleaseFileNameInformation(nameInfo);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }

    FltReleaseFileNameInformation(nameInfo);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
