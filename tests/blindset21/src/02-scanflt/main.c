/*++
Module Name:
    main.c

Abstract:
    Driver entry, registration and unload for the content-scan minifilter.
--*/
#include "scanflt.h"

SF_GLOBALS g_Sf;

#if DBG
ULONG g_SfTraceFlags = SF_DBG_ERROR | SF_DBG_PORT;
#else
ULONG g_SfTraceFlags = SF_DBG_ERROR;
#endif

static
NTSTATUS
SfInitializeGlobals(
    _Out_ PSF_GLOBALS Globals,
    _In_ PDRIVER_OBJECT DriverObject
    );

static
VOID
SfFreeGlobals(
    _Inout_ PSF_GLOBALS Globals
    );

static
BOOLEAN
SfReadEnabledSetting(
    _In_ PUNICODE_STRING RegistryPath
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, SfInitializeGlobals)
#pragma alloc_text(INIT, SfReadEnabledSetting)
#pragma alloc_text(PAGE, SfFreeGlobals)
#pragma alloc_text(PAGE, SfUnload)
#pragma alloc_text(PAGE, SfInstanceSetup)
#pragma alloc_text(PAGE, SfInstanceQueryTeardown)
#endif

static const FLT_OPERATION_REGISTRATION s_Callbacks[] = {
    { IRP_MJ_CREATE,  0, NULL,         SfPostCreate },
    { IRP_MJ_WRITE,   0, SfPreWrite,   NULL },
    { IRP_MJ_CLEANUP, 0, SfPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_CONTEXT_REGISTRATION s_Contexts[] = {
    { FLT_STREAMHANDLE_CONTEXT,
      0,
      SfStreamHandleContextCleanup,
      sizeof(SF_STREAMHANDLE_CONTEXT),
      SF_TAG_STREAMH_CTX },
    { FLT_CONTEXT_END }
};

const FLT_REGISTRATION g_SfRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                              // Flags
    s_Contexts,
    s_Callbacks,
    SfUnload,
    SfInstanceSetup,
    SfInstanceQueryTeardown,
    NULL,                           // InstanceTeardownStart
    NULL,                           // InstanceTeardownComplete
    NULL,                           // GenerateFileName
    NULL,                           // NormalizeNameComponent
    NULL                            // NormalizeContextCleanup
};

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    CHK(SfInitializeGlobals(&g_Sf, DriverObject));

    if (!SfReadEnabledSetting(RegistryPath)) {
        InterlockedExchange(&g_Sf.Enabled, 0);
    }

    CHK(FltRegisterFilter(DriverObject, &g_SfRegistration, &g_Sf.Filter));

    CHK(SfCreateServerPort(&g_Sf));

    CHK(FltStartFiltering(g_Sf.Filter));

    SF_TRACE(SF_DBG_PORT, "started, enabled=%ld", g_Sf.Enabled);
    return STATUS_SUCCESS;

Cleanup:
    SfCloseServerPort(&g_Sf);

    if (g_Sf.Filter != NULL) {
        FltUnregisterFilter(g_Sf.Filter);
        g_Sf.Filter = NULL;
    }

    SfFreeGlobals(&g_Sf);
    return status;
}

static
_Use_decl_annotations_
NTSTATUS
SfInitializeGlobals(
    PSF_GLOBALS    Globals,
    PDRIVER_OBJECT DriverObject
    )
{
    NTSTATUS status;

    RtlZeroMemory(Globals, sizeof(*Globals));
    Globals->DriverObject = DriverObject;
    Globals->Enabled = 1;

    status = ExInitializeResourceLite(&Globals->PortLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    SetFlag(Globals->InitFlags, SF_INIT_PORT_LOCK);

    ExInitializeNPagedLookasideList(&Globals->NotificationLookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(SF_NOTIFICATION),
                                    SF_TAG_MESSAGE,
                                    0);
    SetFlag(Globals->InitFlags, SF_INIT_LOOKASIDE);

    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID
SfFreeGlobals(
    PSF_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (FlagOn(Globals->InitFlags, SF_INIT_LOOKASIDE)) {
        ExDeleteNPagedLookasideList(&Globals->NotificationLookaside);
        ClearFlag(Globals->InitFlags, SF_INIT_LOOKASIDE);
    }

    if (FlagOn(Globals->InitFlags, SF_INIT_PORT_LOCK)) {
        ExDeleteResourceLite(&Globals->PortLock);
        ClearFlag(Globals->InitFlags, SF_INIT_PORT_LOCK);
    }
}

static
_Use_decl_annotations_
BOOLEAN
SfReadEnabledSetting(
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS                 status;
    ULONG                    enabled = 1;
    ULONG                    defaultEnabled = 1;
    HANDLE                   serviceKey = NULL;
    OBJECT_ATTRIBUTES        oa;
    RTL_QUERY_REGISTRY_TABLE table[3];

    InitializeObjectAttributes(&oa,
                               RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL,
                               NULL);

    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return TRUE;
    }

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name = L"Parameters";

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"ScanEnabled";
    table[1].EntryContext = &enabled;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defaultEnabled;
    table[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_HANDLE | RTL_REGISTRY_OPTIONAL,
                                    (PCWSTR)serviceKey,
                                    table,
                                    NULL,
                                    NULL);
    ZwClose(serviceKey);

    if (!NT_SUCCESS(status)) {
        return TRUE;
    }

    return (BOOLEAN)(enabled != 0);
}

_Use_decl_annotations_
NTSTATUS FLTAPI
SfUnload(
    FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    SF_TRACE(SF_DBG_PORT, "unloading");

    SfCloseServerPort(&g_Sf);

    FltUnregisterFilter(g_Sf.Filter);
    g_Sf.Filter = NULL;

    SfFreeGlobals(&g_Sf);

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS FLTAPI
SfInstanceSetup(
    PCFLT_RELATED_OBJECTS    FltObjects,
    FLT_INSTANCE_SETUP_FLAGS Flags,
    DEVICE_TYPE              VolumeDeviceType,
    FLT_FILESYSTEM_TYPE      VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    if (VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS FLTAPI
SfInstanceQueryTeardown(
    PCFLT_RELATED_OBJECTS             FltObjects,
    FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    return STATUS_SUCCESS;
}
