/*
 * lateowner.c - minifilter of a backup agent that hides its staging folder
 * from directory listings. It has a control device for the agent service;
 * the filter's unload callback deletes it through the driver object that
 * DriverEntry records in the globals once everything is set up. That store
 * comes after FltStartFiltering, but only the unload callback reads the
 * driver object, and the filter manager cannot call it before DriverEntry
 * has returned: the operation callbacks read only the staging name.
 *
 * BUG (FLT006): this one sets the staging name after FltStartFiltering too,
 * and the directory callback may already be comparing against an empty one.
 */

#include <fltKernel.h>

#define LO_TAG 'wOoL'

typedef struct _LO_GLOBALS {
    PFLT_FILTER    Filter;
    PDRIVER_OBJECT DriverObject;
    UNICODE_STRING Staging;
} LO_GLOBALS;

static LO_GLOBALS LoGlobals;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI LoUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI
LoPreDirectory(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
               _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

static const FLT_OPERATION_REGISTRATION LoOperations[] = {
    { IRP_MJ_DIRECTORY_CONTROL, 0, LoPreDirectory, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION LoRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    LoOperations,
    LoUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(L"\\Device\\LateOwner");
    PDEVICE_OBJECT device = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltRegisterFilter(DriverObject, &LoRegistration, &LoGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    status = FltStartFiltering(LoGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(LoGlobals.Filter);
        IoDeleteDevice(device);
        return status;
    }

    LoGlobals.DriverObject = DriverObject;
    LoGlobals.Staging.Buffer = L"\\BackupStaging";                     // expect: FLT006
    LoGlobals.Staging.Length = sizeof(L"\\BackupStaging") - sizeof(WCHAR);
    LoGlobals.Staging.MaximumLength = sizeof(L"\\BackupStaging");
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
LoUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    FltUnregisterFilter(LoGlobals.Filter);
    IoDeleteDevice(LoGlobals.DriverObject->DeviceObject);
    return STATUS_SUCCESS;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
LoPreDirectory(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PFLT_FILE_NAME_INFORMATION name = NULL;
    FLT_PREOP_CALLBACK_STATUS result = FLT_PREOP_SUCCESS_NO_CALLBACK;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED, &name))) {
        return result;
    }
    if (RtlPrefixUnicodeString(&LoGlobals.Staging, &name->Name, TRUE)) {
        Data->IoStatus.Status = STATUS_NO_SUCH_FILE;
        result = FLT_PREOP_COMPLETE;
    }
    FltReleaseFileNameInformation(name);
    return result;
}
