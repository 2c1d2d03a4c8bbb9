#include <fltKernel.h>
#include "delguard.h"

DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS PreSetInformation(_Inout_ PFLT_CALLBACK_DATA Data,
                                            _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                            _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

typedef struct _DG_GLOBALS {
    PFLT_FILTER     Filter;
    ERESOURCE       Lock;
    BOOLEAN         LockReady;
    ULONG           FolderCount;
    UNICODE_STRING  Folders[DG_MAX_FOLDERS];
    DG_COUNTERS     Counters;
} DG_GLOBALS;

static DG_GLOBALS Globals;

static const FLT_OPERATION_REGISTRATION Operations[] = {
    { IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, PreSetInformation, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    Operations,
    DriverUnload,
    NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL
};

static NTSTATUS
AddFolder(
    _In_ PCWSTR Path
    )
{
    UNICODE_STRING src;
    PUNICODE_STRING dst;

    if (Globals.FolderCount >= DG_MAX_FOLDERS) {
        return STATUS_QUOTA_EXCEEDED;
    }

    RtlInitUnicodeString(&src, Path);
    dst = &Globals.Folders[Globals.FolderCount];
    dst->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, src.Length, DG_TAG_PATH);
    if (dst->Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    dst->Length = 0;
    dst->MaximumLength = src.Length;
    RtlCopyUnicodeString(dst, &src);
    Globals.FolderCount++;
    return STATUS_SUCCESS;
}

static NTSTATUS
InitializeGlobals(
    VOID
    )
{
    NTSTATUS status;

    RtlZeroMemory(&Globals, sizeof(Globals));

    status = ExInitializeResourceLite(&Globals.Lock);
    CHECK_STATUS(status, Exit);
    Globals.LockReady = TRUE;

    status = AddFolder(L"\\Device\\HarddiskVolume3\\ProgramData\\Kestrel\\");
    CHECK_STATUS(status, Exit);
    status = AddFolder(L"\\Device\\HarddiskVolume3\\Program Files\\Kestrel\\");
    CHECK_STATUS(status, Exit);

Exit:
    return status;
}

static VOID
CleanupGlobals(
    VOID
    )
{
    ULONG i;

    for (i = 0; i < Globals.FolderCount; i++) {
        ExFreePoolWithTag(Globals.Folders[i].Buffer, DG_TAG_PATH);
        Globals.Folders[i].Buffer = NULL;
    }
    Globals.FolderCount = 0;

    if (Globals.LockReady) {
        ExDeleteResourceLite(&Globals.Lock);
        Globals.LockReady = FALSE;
    }
}

static BOOLEAN
IsProtected(
    _In_ PCUNICODE_STRING Name
    )
{
    BOOLEAN hit = FALSE;
    ULONG i;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&Globals.Lock, TRUE);
    for (i = 0; i < Globals.FolderCount && !hit; i++) {
        hit = RtlPrefixUnicodeString(&Globals.Folders[i], Name, TRUE);
    }
    ExReleaseResourceLite(&Globals.Lock);
    KeLeaveCriticalRegion();
    return hit;
}

FLT_PREOP_CALLBACK_STATUS
PreSetInformation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    BOOLEAN deny = FALSE;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (cls != FileDispositionInformation && cls != FileDispositionInformationEx &&
        cls != FileRenameInformation && cls != FileRenameInformationEx) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    deny = IsProtected(&nameInfo->Name);
    FltReleaseFileNameInformation(nameInfo);

    if (!deny) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (cls == FileRenameInformation || cls == FileRenameInformationEx) {
        InterlockedIncrement64((volatile LONG64 *)&Globals.Counters.RenamesDenied);
    } else {
        InterlockedIncrement64((volatile LONG64 *)&Globals.Counters.DeletesDenied);
    }

    Data->IoStatus.Status = STATUS_ACCESS_DENIED;
    Data->IoStatus.Information = 0;
    return FLT_PREOP_COMPLETE;
}

NTSTATUS
DriverUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    if (!FlagOn(Flags, FLTFL_FILTER_UNLOAD_MANDATORY)) {
        // the service asks us to stay; honour only mandatory unloads
        return STATUS_FLT_DO_NOT_DETACH;
    }

    FltUnregisterFilter(Globals.Filter);
    Globals.Filter = NULL;
    CleanupGlobals();
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = InitializeGlobals();
    CHECK_STATUS(status, FreeGlobals);

    status = FltRegisterFilter(DriverObject, &Registration, &Globals.Filter);
    CHECK_STATUS(status, FreeGlobals);

    status = FltStartFiltering(Globals.Filter);
    CHECK_STATUS(status, Unregister);

    DG_TRACE("%s", "filtering started");
    return STATUS_SUCCESS;

Unregister:
    FltUnregisterFilter(Globals.Filter);
    Globals.Filter = NULL;
FreeGlobals:
    CleanupGlobals();
    return status;
}
