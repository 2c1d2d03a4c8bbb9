/*++

Module Name:

    scanguard.c

Abstract:

    DriverEntry, registration and unload of the ScanGuard minifilter.

Environment:

    Kernel mode

--*/
#include "scanguard.h"

SG_GLOBALS SgData;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SgUnload)
#pragma alloc_text(PAGE, SgInstanceSetup)
#pragma alloc_text(PAGE, SgInstanceQueryTeardown)
#endif

CONST FLT_OPERATION_REGISTRATION SgCallbacks[] = {
    { IRP_MJ_CREATE, 0, SgPreCreate, SgPostCreate },
    { IRP_MJ_WRITE,  FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, SgPreWrite, NULL },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_CONTEXT_REGISTRATION SgContexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, SgContextCleanup, sizeof(SG_INSTANCE_CONTEXT), SG_POOL_TAG },
    { FLT_STREAM_CONTEXT,   0, SgContextCleanup, sizeof(SG_STREAM_CONTEXT),   SG_POOL_TAG },
    { FLT_CONTEXT_END }
};

CONST FLT_REGISTRATION SgRegistration = {
    sizeof(FLT_REGISTRATION),           //  Size
    FLT_REGISTRATION_VERSION,           //  Version
    0,                                  //  Flags
    SgContexts,                         //  Context
    SgCallbacks,                        //  Operation callbacks
    SgUnload,                           //  FilterUnload
    SgInstanceSetup,                    //  InstanceSetup
    SgInstanceQueryTeardown,            //  InstanceQueryTeardown
    NULL,                               //  InstanceTeardownStart
    NULL,                               //  InstanceTeardownComplete
    NULL,                               //  GenerateFileName
    NULL,                               //  GenerateDestinationFileName
    NULL                                //  NormalizeNameComponent
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&SgData, sizeof(SgData));
    SgData.DriverObject = DriverObject;

    ExInitializeNPagedLookasideList(&SgData.RequestLookaside,
                                    NULL, NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(SG_SCAN_REQUEST),
                                    SG_POOL_TAG,
                                    0);

    status = FltRegisterFilter(DriverObject, &SgRegistration, &SgData.Filter);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    status = SgCreatePort(SgData.Filter);
    if (!NT_SUCCESS(status)) {
        goto Unregister;
    }

    status = FltStartFiltering(SgData.Filter);
    if (!NT_SUCCESS(status)) {
        goto ClosePort;
    }

    return STATUS_SUCCESS;

ClosePort:
    SgClosePort();
    return status;

Unregister:
    FltUnregisterFilter(SgData.Filter);
    SgData.Filter = NULL;

Cleanup:
    ExDeleteNPagedLookasideList(&SgData.RequestLookaside);
    return status;
}

NTSTATUS FLTAPI
SgUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    SgClosePort();
    FltUnregisterFilter(SgData.Filter);
    SgData.Filter = NULL;
    ExDeleteNPagedLookasideList(&SgData.RequestLookaside);
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
SgInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    PSG_INSTANCE_CONTEXT ctx = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT,
                                sizeof(SG_INSTANCE_CONTEXT), NonPagedPoolNx, &ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Instance = FltObjects->Instance;
    ctx->Volume = FltObjects->Volume;
    ctx->IsNetwork = (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM);

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                   ctx, NULL);
    FltReleaseContext(ctx);

    if (!NT_SUCCESS(status) && status != STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
SgInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

VOID FLTAPI
SgContextCleanup(
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    )
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(ContextType);
    // Nothing allocated inside either context.
}
