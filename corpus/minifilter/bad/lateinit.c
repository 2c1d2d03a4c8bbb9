/*
 * lateinit.c - minifilter that denies opens of files larger than a limit
 * on the upload share of a kiosk (the limit comes from the service key).
 *
 * BUG (FLT006): the limit is read into the global by LiReadLimit() after
 * FltStartFiltering. From the moment filtering starts the pre-create
 * callback can run on another CPU and see MaxFileSize == 0, denying every
 * open. Global initialization belongs before FltRegisterFilter.
 */

#include <fltKernel.h>

#define LATEINIT_DEFAULT_MB 64

typedef struct _LATEINIT_GLOBALS {
    PFLT_FILTER Filter;
    LONGLONG    MaxFileSize;
} LATEINIT_GLOBALS;

static LATEINIT_GLOBALS LiGlobals;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI LiUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI
LiPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION LiOperations[] = {
    { IRP_MJ_CREATE, 0, NULL, LiPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION LiRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    LiOperations,
    LiUnload,
};

static VOID
LiReadLimit(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG megabytes = LATEINIT_DEFAULT_MB;
    ULONG defaultValue = LATEINIT_DEFAULT_MB;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name          = L"MaxFileSizeMB";
    table[0].EntryContext  = &megabytes;
    table[0].DefaultType   = REG_DWORD;
    table[0].DefaultData   = &defaultValue;
    table[0].DefaultLength = sizeof(ULONG);

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                           RegistryPath->Buffer, table, NULL, NULL))) {
        megabytes = LATEINIT_DEFAULT_MB;
    }

    LiGlobals.MaxFileSize = (LONGLONG)megabytes * 1024 * 1024;     // expect: FLT006
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    status = FltRegisterFilter(DriverObject, &LiRegistration, &LiGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(LiGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(LiGlobals.Filter);
        return status;
    }

    LiReadLimit(RegistryPath);
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
LiUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(LiGlobals.Filter);
    return STATUS_SUCCESS;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
LiPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    FILE_STANDARD_INFORMATION info;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltQueryInformationFile(FltObjects->Instance, FltObjects->FileObject, &info,
                                     sizeof(info), FileStandardInformation, NULL);
    if (NT_SUCCESS(status) && info.EndOfFile.QuadPart > LiGlobals.MaxFileSize) {
        FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}
