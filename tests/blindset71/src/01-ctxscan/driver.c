#include "ctxscan.h"

CS_GLOBALS g_Ctx;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI
CsUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    );

static NTSTATUS FLTAPI
CsInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CsUnload)
#pragma alloc_text(PAGE, CsInstanceSetup)
#endif

static const FLT_REGISTRATION CsRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    CsContextRegistration,
    CsCallbacks,
    CsUnload,
    CsInstanceSetup,
    NULL,                       /* query teardown: always allow */
    NULL,
    NULL,
    NULL, NULL, NULL
};

static NTSTATUS FLTAPI
CsInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType != FLT_FSTYPE_NTFS &&
        VolumeFilesystemType != FLT_FSTYPE_REFS) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
CsUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    CS_LOG(DBG_TRACE_ROUTINES, "unloading, %d streams still tracked",
           g_Ctx.StreamsTracked);

    FltUnregisterFilter(g_Ctx.Filter);
    g_Ctx.Filter = NULL;
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

    RtlZeroMemory(&g_Ctx, sizeof(g_Ctx));
    g_Ctx.DriverObject = DriverObject;
#if DBG
    g_Ctx.TraceFlags = DBG_TRACE_ERRORS | DBG_TRACE_ROUTINES;
#else
    g_Ctx.TraceFlags = DBG_TRACE_ERRORS;
#endif

    status = FltRegisterFilter(DriverObject, &CsRegistration, &g_Ctx.Filter);
    if (!NT_SUCCESS(status)) {
        CS_LOG(DBG_TRACE_ERRORS, "FltRegisterFilter failed 0x%08X", status);
        return status;
    }

    status = FltStartFiltering(g_Ctx.Filter);
    if (!NT_SUCCESS(status)) {
        CS_LOG(DBG_TRACE_ERRORS, "FltStartFiltering failed 0x%08X", status);
        return status;
    }

    CS_LOG(DBG_TRACE_ROUTINES, "loaded, filter %p", g_Ctx.Filter);
    return STATUS_SUCCESS;
}
