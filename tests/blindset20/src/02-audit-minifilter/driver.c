/*++

Copyright (c) Northwind Security.  All rights reserved.

Module Name:

    driver.c

Abstract:

    Driver entry, global initialization/teardown, filter unload and the
    instance (volume attach) callbacks for the audit minifilter.

Environment:

    Kernel mode.

--*/

#include "audflt.h"

AUD_GLOBALS g_Aud;

#if DBG
ULONG AudDebugFlags = AUD_DBG_ERROR | AUD_DBG_INIT | AUD_DBG_PORT;
#else
ULONG AudDebugFlags = AUD_DBG_ERROR;
#endif

static
NTSTATUS
AudInitializeGlobals(
    _Out_ PAUD_GLOBALS Globals,
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    );

static
VOID
AudLoadConfiguration(
    _Inout_ PAUD_GLOBALS Globals,
    _In_ PUNICODE_STRING RegistryPath
    );

static
VOID
AudTeardown(
    _Inout_ PAUD_GLOBALS Globals
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, AudInitializeGlobals)
#pragma alloc_text(INIT, AudLoadConfiguration)
#pragma alloc_text(PAGE, AudTeardown)
#pragma alloc_text(PAGE, AudFilterUnload)
#pragma alloc_text(PAGE, AudInstanceSetup)
#pragma alloc_text(PAGE, AudInstanceQueryTeardown)
#pragma alloc_text(PAGE, AudInstanceTeardownComplete)
#endif


static
VOID
AudLoadConfiguration(
    _Inout_ PAUD_GLOBALS Globals,
    _In_ PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Reads AuditMask / AuditNetworkVolumes from the service key.  Both are
    optional; the defaults are set by the caller beforehand.

--*/
{
    NTSTATUS status;
    OBJECT_ATTRIBUTES attributes;
    HANDLE key = NULL;
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION value = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;

    PAGED_CODE();

    InitializeObjectAttributes(&attributes,
                               RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL,
                               NULL);

    status = ZwOpenKey(&key, KEY_READ, &attributes);
    if (!NT_SUCCESS(status)) {
        AUD_DBG(AUD_DBG_INIT, "service key not readable 0x%08X, defaults in use", status);
        return;
    }

    RtlInitUnicodeString(&valueName, L"AuditMask");
    status = ZwQueryValueKey(key,
                             &valueName,
                             KeyValuePartialInformation,
                             value,
                             sizeof(buffer),
                             &resultLength);
    if (NT_SUCCESS(status) && value->Type == REG_DWORD && value->DataLength == sizeof(ULONG)) {
        Globals->AuditMask = *(PULONG)value->Data;
    }

    RtlInitUnicodeString(&valueName, L"AuditNetworkVolumes");
    status = ZwQueryValueKey(key,
                             &valueName,
                             KeyValuePartialInformation,
                             value,
                             sizeof(buffer),
                             &resultLength);
    if (NT_SUCCESS(status) && value->Type == REG_DWORD && value->DataLength == sizeof(ULONG)) {
        Globals->AuditNetworkVolumes = (*(PULONG)value->Data != 0);
    }

    (VOID)ZwClose(key);
}


static
NTSTATUS
AudInitializeGlobals(
    _Out_ PAUD_GLOBALS Globals,
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(Globals, sizeof(*Globals));

    Globals->DriverObject = DriverObject;
    Globals->AuditMask = AUD_AUDIT_DEFAULT;
    Globals->AuditNetworkVolumes = FALSE;

    status = ExInitializeResourceLite(&Globals->ConfigResource);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    Globals->ConfigResourceInitialized = TRUE;

    FltInitializePushLock(&Globals->ClientLock);
    Globals->ClientLockInitialized = TRUE;

    AudLoadConfiguration(Globals, RegistryPath);

    return STATUS_SUCCESS;
}


static
VOID
AudTeardown(
    _Inout_ PAUD_GLOBALS Globals
    )
/*++

Routine Description:

    Undoes DriverEntry in reverse order.  Used by both the DriverEntry
    failure path and the filter unload callback, so every step checks
    whether it was reached.

--*/
{
    PAGED_CODE();

    //
    // Closing the server port stops new connections; an existing client
    // connection is torn down (disconnect callback) by FltUnregisterFilter.
    //
    AudCloseServerPort(Globals);

    if (Globals->Filter != NULL) {
        FltUnregisterFilter(Globals->Filter);
        Globals->Filter = NULL;
    }

    if (Globals->ClientLockInitialized) {
        FltDeletePushLock(&Globals->ClientLock);
        Globals->ClientLockInitialized = FALSE;
    }

    if (Globals->ConfigResourceInitialized) {
        ExDeleteResourceLite(&Globals->ConfigResource);
        Globals->ConfigResourceInitialized = FALSE;
    }
}


NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Registers the minifilter, opens the communication port, and starts
    filtering.  Filtering is started last so no callback can run before
    the port exists.

--*/
{
    NTSTATUS status;
    PFLT_FILTER filter = NULL;

    AUD_DBG(AUD_DBG_INIT, "loading (%wZ)", RegistryPath);

    status = AudInitializeGlobals(&g_Aud, DriverObject, RegistryPath);
    if (!NT_SUCCESS(status)) {
        AUD_DBG(AUD_DBG_ERROR, "global init failed 0x%08X", status);
        return status;
    }

    do {

        status = FltRegisterFilter(DriverObject, &AudFilterRegistration, &filter);
        AUD_BREAK_ON_FAILURE(status, "FltRegisterFilter");

        g_Aud.Filter = filter;

        status = AudCreateServerPort(&g_Aud);
        AUD_BREAK_ON_FAILURE(status, "AudCreateServerPort");

        status = FltStartFiltering(g_Aud.Filter);
        AUD_BREAK_ON_FAILURE(status, "FltStartFiltering");

    } while (FALSE);

    if (!NT_SUCCESS(status)) {
        AudTeardown(&g_Aud);
        return status;
    }

    AUD_DBG(AUD_DBG_INIT, "filtering started, mask 0x%08X", g_Aud.AuditMask);
    return STATUS_SUCCESS;
}


NTSTATUS
AudFilterUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(Flags);

    AUD_DBG(AUD_DBG_INIT, "unloading, flags 0x%08X", Flags);

    AudTeardown(&g_Aud);

    return STATUS_SUCCESS;
}


NTSTATUS
AudInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
/*++

Routine Description:

    Attaches to local disk volumes (and network volumes if configured),
    recording the volume name in an instance context for reporting.

--*/
{
    NTSTATUS status;
    PAUD_INSTANCE_CONTEXT instanceContext = NULL;
    UNICODE_STRING volumeName;
    ULONG bufferSizeNeeded;
    BOOLEAN auditNetwork;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(Flags);

    if (VolumeFilesystemType == FLT_FSTYPE_RAW) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&g_Aud.ConfigResource, TRUE);
    auditNetwork = g_Aud.AuditNetworkVolumes;
    ExReleaseResourceLite(&g_Aud.ConfigResource);
    KeLeaveCriticalRegion();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM && !auditNetwork) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltAllocateContext(FltObjects->Filter,
                                FLT_INSTANCE_CONTEXT,
                                sizeof(AUD_INSTANCE_CONTEXT),
                                NonPagedPoolNx,
                                (PFLT_CONTEXT *)&instanceContext);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(instanceContext, sizeof(*instanceContext));
    instanceContext->Instance = FltObjects->Instance;
    instanceContext->Volume = FltObjects->Volume;
    instanceContext->FileSystemType = VolumeFilesystemType;
    instanceContext->VolumeDeviceType = VolumeDeviceType;

    volumeName.Buffer = instanceContext->VolumeNameBuffer;
    volumeName.Length = 0;
    volumeName.MaximumLength = sizeof(instanceContext->VolumeNameBuffer) - sizeof(WCHAR);

    status = FltGetVolumeName(FltObjects->Volume, &volumeName, &bufferSizeNeeded);
    if (!NT_SUCCESS(status)) {
        //
        // Long device names are truncated in reports, not fatal.
        //
        (VOID)RtlStringCchCopyW(instanceContext->VolumeNameBuffer,
                                RTL_NUMBER_OF(instanceContext->VolumeNameBuffer),
                                L"<unknown>");
    }

    status = FltSetInstanceContext(FltObjects->Instance,
                                   FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                   instanceContext,
                                   NULL);
    if (NT_SUCCESS(status)) {
        InterlockedIncrement(&g_Aud.Stats.InstancesAttached);
        AUD_DBG(AUD_DBG_CONTEXT, "attached to %ws (fs %d)",
                instanceContext->VolumeNameBuffer, VolumeFilesystemType);
    }

    //
    // The instance holds its own reference once the context is set.
    //
    FltReleaseContext(instanceContext);

    return status;
}


NTSTATUS
AudInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    return STATUS_SUCCESS;
}


VOID
AudInstanceTeardownComplete(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_TEARDOWN_FLAGS Flags
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    InterlockedDecrement(&g_Aud.Stats.InstancesAttached);
}
