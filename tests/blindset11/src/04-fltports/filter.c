/*
 * filter.c - registration, instance setup and the create callback
 */
#include "fltports.h"

FP_GLOBALS g_Fp;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI FpUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI FpInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static NTSTATUS FLTAPI FpInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI FpPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION FpCallbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, FpPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FpRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    NULL,                       /* Context */
    FpCallbacks,
    FpUnload,
    FpInstanceSetup,
    FpInstanceQueryTeardown,
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider callbacks */
};

static NTSTATUS FLTAPI
FpInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    /* local NTFS disks only; skip network, CD and ReFS for now */
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType != FLT_FSTYPE_NTFS) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
FpInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
FpPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    FP_EVENT ev;
    USHORT chars;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !g_Fp.Enabled) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (!NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    RtlZeroMemory(&ev, sizeof(ev));
    ev.ProcessId = FltGetRequestorProcessId(Data);
    ev.Disposition = (ULONG)Data->IoStatus.Information;
    KeQuerySystemTimePrecise(&ev.Time);
    chars = min(nameInfo->Name.Length / sizeof(WCHAR), FP_MAX_PATH - 1);
    RtlCopyMemory(ev.Path, nameInfo->Name.Buffer, chars * sizeof(WCHAR));
    FltReleaseFileNameInformation(nameInfo);

    if (g_Fp.Verbose) {
        FP_LOG("pid %lu opened %ws", ev.ProcessId, ev.Path);
    }
    FpSendEvent(&ev);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static NTSTATUS FLTAPI
FpUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    FpClosePorts();
    FltUnregisterFilter(g_Fp.Filter);
    g_Fp.Filter = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Fp, sizeof(g_Fp));
    g_Fp.Enabled = 1;

    status = FltRegisterFilter(DriverObject, &FpRegistration, &g_Fp.Filter);
    if (!NT_SUCCESS(status)) {
        FP_LOG("FltRegisterFilter 0x%08X", status);
        return status;
    }

    status = FpCreatePorts(g_Fp.Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Fp.Filter);
        return status;
    }

    status = FltStartFiltering(g_Fp.Filter);
    if (!NT_SUCCESS(status)) {
        FP_LOG("FltStartFiltering 0x%08X", status);
        FpClosePorts();
    }

    return status;
}
