/*++

    scanfilt.c - registration, DriverEntry and unload

--*/

#include "scanfilt.h"

DRIVER_INITIALIZE DriverEntry;
NTSTATUS FLTAPI SfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS FLTAPI SfInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SfUnload)
#pragma alloc_text(PAGE, SfInstanceSetup)
#endif

SF_DATA g_Sf;

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_CREATE, 0, SfPreCreate, SfPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                      // Flags
    NULL,                   // ContextRegistration
    g_Callbacks,
    SfUnload,
    SfInstanceSetup,
    NULL,                   // InstanceQueryTeardown
    NULL,                   // InstanceTeardownStart
    NULL,                   // InstanceTeardownComplete
    NULL, NULL, NULL        // name provider callbacks
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Sf, sizeof(g_Sf));
    g_Sf.DriverObject = DriverObject;

    ExInitializeNPagedLookasideList(&g_Sf.RequestLookaside,
                                    NULL, NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(SF_REQUEST),
                                    SF_TAG,
                                    0);

    status = FltRegisterFilter(DriverObject, &g_Registration, &g_Sf.Filter);
    if (!NT_SUCCESS(status)) {
        SfDbg("FltRegisterFilter failed 0x%08x\n", status);
        goto cleanup_lookaside;
    }

    status = SfCreatePort();
    if (!NT_SUCCESS(status)) {
        SfDbg("SfCreatePort failed 0x%08x\n", status);
        goto cleanup_filter;
    }

    status = FltStartFiltering(g_Sf.Filter);
    if (!NT_SUCCESS(status)) {
        SfDbg("FltStartFiltering failed 0x%08x\n", status);
        goto cleanup_port;
    }

    SfDbg("started\n");
    return STATUS_SUCCESS;

cleanup_port:
    SfClosePort();
cleanup_filter:
    FltUnregisterFilter(g_Sf.Filter);
    g_Sf.Filter = NULL;
cleanup_lookaside:
    ExDeleteNPagedLookasideList(&g_Sf.RequestLookaside);
    return status;
}

NTSTATUS FLTAPI
SfUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    // server port first, otherwise FltUnregisterFilter can hang
    SfClosePort();
    FltUnregisterFilter(g_Sf.Filter);
    g_Sf.Filter = NULL;

    // no callbacks can be running any more
    ExDeleteNPagedLookasideList(&g_Sf.RequestLookaside);

    SfDbg("unloaded, %d opens blocked\n", g_Sf.Blocked);
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
SfInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
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
