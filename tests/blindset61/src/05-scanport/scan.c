/*
 * scan.c - scanport: on-open file scanning minifilter
 */
#include "scan.h"

SCAN_GLOBALS g_Scan;
ULONG g_TraceLevel = TRACE_LEVEL_INFORMATION;
ULONG g_TraceFlags = DBG_INIT | DBG_PORT | DBG_SCAN;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS FLTAPI ScanUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS FLTAPI ScanInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                  _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
FLT_PREOP_CALLBACK_STATUS FLTAPI ScanPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                               _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS FLTAPI ScanPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                 _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ScanUnload)
#pragma alloc_text(PAGE, ScanInstanceSetup)
#endif

const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, ScanPreCreate, ScanPostCreate },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),       /* Size */
    FLT_REGISTRATION_VERSION,       /* Version */
    0,                              /* Flags */
    NULL,                           /* Context */
    Callbacks,                      /* Operation callbacks */
    ScanUnload,                     /* FilterUnload */
    ScanInstanceSetup,              /* InstanceSetup */
    NULL,                           /* InstanceQueryTeardown */
    NULL,                           /* InstanceTeardownStart */
    NULL,                           /* InstanceTeardownComplete */
    NULL,                           /* GenerateFileName */
    NULL,                           /* NormalizeNameComponent  */
    NULL                            /* NormalizeContextCleanup */
};

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "DriverEntry");

    RtlZeroMemory(&g_Scan, sizeof(g_Scan));

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &g_Scan.Filter);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "FltRegisterFilter 0x%08X", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    status = ScanCommInitialize(g_Scan.Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Scan.Filter);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    status = FltStartFiltering(g_Scan.Filter);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "FltStartFiltering 0x%08X", status);
        ScanCommShutdown();
        FltUnregisterFilter(g_Scan.Filter);
        g_Scan.Filter = NULL;
        WPP_CLEANUP(DriverObject);
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "DriverEntry done");
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
ScanUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "unload: scanned %ld, blocked %ld",
                g_Scan.Scanned, g_Scan.Blocked);

    ScanCommShutdown();
    FltUnregisterFilter(g_Scan.Filter);
    g_Scan.Filter = NULL;

    WPP_CLEANUP(NULL);
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
ScanInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                  _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
ScanPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
              _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    /* the scanner's own opens must not be scanned, it would deadlock on itself */
    if (IoThreadToProcess(Data->Thread) == g_Scan.UserProcess) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
ScanPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
               _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    BOOLEAN isDir = FALSE;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (!NT_SUCCESS(FltIsDirectory(FltObjects->FileObject, FltObjects->Instance, &isDir)) || isDir) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (!ScanAskUser(FltObjects)) {
        TraceEvents(TRACE_LEVEL_WARNING, DBG_SCAN, "blocking open by pid %p", PsGetCurrentProcessId());
        InterlockedIncrement(&g_Scan.Blocked);
        FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
        Data->IoStatus.Status = STATUS_VIRUS_INFECTED;
        Data->IoStatus.Information = 0;
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}
