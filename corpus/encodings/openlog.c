/*
 * openlog.c - minifilter that logs opens of files with the "secret"
 * extension list (.kdbx, .pfx, .pem) to the system event log via
 * IoWriteErrorLogEntry, for the compliance team.
 *
 * This file has CRLF line endings throughout (checked out with
 * core.autocrlf=true on a Windows build machine and copied over as is).
 */

#include <fltKernel.h>

#define OPENLOG_TAG 'gLnO'

static PFLT_FILTER OpenLogFilter;

static const UNICODE_STRING OpenLogExtensions[] = {
    RTL_CONSTANT_STRING(L"kdbx"),
    RTL_CONSTANT_STRING(L"pfx"),
    RTL_CONSTANT_STRING(L"pem"),
};

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI OpenLogUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI
OpenLogPostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                  _In_ PCFLT_RELATED_OBJECTS FltObjects,
                  _In_opt_ PVOID CompletionContext,
                  _In_ FLT_POST_OPERATION_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION OpenLogOps[] = {
    { IRP_MJ_CREATE, 0, NULL, OpenLogPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION OpenLogRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    OpenLogOps,
    OpenLogUnload,
};

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &OpenLogRegistration, &OpenLogFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(OpenLogFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(OpenLogFilter);
    }

    return status;
}

static NTSTATUS FLTAPI
OpenLogUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(OpenLogFilter);
    return STATUS_SUCCESS;
}

static BOOLEAN
OpenLogIsSensitive(
    _In_ PCUNICODE_STRING Extension
    )
{
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(OpenLogExtensions); i++) {
        if (RtlEqualUnicodeString(Extension, &OpenLogExtensions[i], TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
OpenLogPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (NT_SUCCESS(FltParseFileNameInformation(nameInfo)) &&
        OpenLogIsSensitive(&nameInfo->Extension)) {
        DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_WARNING_LEVEL,
                   "openlog: sensitive open %wZ by pid %p\n",
                   &nameInfo->Name, PsGetCurrentProcessId());
    }

    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}
