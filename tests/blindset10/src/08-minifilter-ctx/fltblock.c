/*
 * fltblock.c - registration, DriverEntry and unload
 *
 * install with fltblock.inf (altitude 370030, FSFilter Activity Monitor)
 */
#include "fltblock.h"

FB_GLOBALS g_Fb;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FbUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FbInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                _In_ DEVICE_TYPE VolumeDeviceType,
                                _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
static NTSTATUS FbQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FbUnload)
#pragma alloc_text(PAGE, FbInstanceSetup)
#pragma alloc_text(PAGE, FbQueryTeardown)
#endif

static const FLT_CONTEXT_REGISTRATION g_Contexts[] = {
    { FLT_STREAM_CONTEXT, 0, FbStreamContextCleanup, sizeof(FB_STREAM_CONTEXT), FB_CTX_TAG },
    { FLT_CONTEXT_END }
};

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_CREATE, 0, FbPreCreate, FbPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    g_Contexts,
    g_Callbacks,
    FbUnload,
    FbInstanceSetup,
    FbQueryTeardown,
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider callbacks */
};

static NTSTATUS
FbInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    /* local disks only, leave the network redirectors alone */
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM ||
        VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
FbQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

static NTSTATUS
FbUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FltCloseCommunicationPort(g_Fb.ServerPort);
    FltUnregisterFilter(g_Fb.Filter);
    FltDeletePushLock(&g_Fb.RulesLock);
    FB_TRACE("unloaded (blocked %ld)\n", g_Fb.Stats.Blocked);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(FB_PORT_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Fb, sizeof(g_Fb));
    FltInitializePushLock(&g_Fb.RulesLock);
    FbLoadDefaultRules();

    status = FltRegisterFilter(DriverObject, &g_Registration, &g_Fb.Filter);
    if (!NT_SUCCESS(status)) {
        FB_TRACE("FltRegisterFilter 0x%08X\n", status);
        FltDeletePushLock(&g_Fb.RulesLock);
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Fb.Filter);
        FltDeletePushLock(&g_Fb.RulesLock);
        return status;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(g_Fb.Filter, &g_Fb.ServerPort, &oa, NULL,
                                        FbPortConnect, FbPortDisconnect, FbPortMessage, 1);
    if (!NT_SUCCESS(status)) {
        FB_TRACE("FltCreateCommunicationPort 0x%08X\n", status);
        FltUnregisterFilter(g_Fb.Filter);
        FltDeletePushLock(&g_Fb.RulesLock);
        return status;
    }
    FltFreeSecurityDescriptor(sd);

    status = FltStartFiltering(g_Fb.Filter);
    if (!NT_SUCCESS(status)) {
        FB_TRACE("FltStartFiltering 0x%08X\n", status);
        FltCloseCommunicationPort(g_Fb.ServerPort);
        FltDeletePushLock(&g_Fb.RulesLock);
        return status;
    }

    FB_TRACE("filtering, %lu rules\n", g_Fb.RuleCount);
    return STATUS_SUCCESS;
}
