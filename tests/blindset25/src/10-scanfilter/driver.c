/*++
    driver.c - DriverEntry, FilterUnload and instance callbacks

    Copyright (c) ScanFilter authors. Licensed under the Apache License 2.0.
--*/
#include "scanfilter.h"

SF_GLOBALS g_Sf;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS SfUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS SfInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags, DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SfUnload)
#pragma alloc_text(PAGE, SfInstanceSetup)

static const FLT_REGISTRATION SfRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                              /* Flags */
    SfContexts,
    SfOperations,
    SfUnload,
    SfInstanceSetup,
    NULL,                           /* InstanceQueryTeardown */
    NULL,                           /* InstanceTeardownStart */
    NULL,                           /* InstanceTeardownComplete */
    NULL, NULL, NULL                /* name provider */
};

/*
 * Releases everything recorded in g_Sf.InitFlags, newest first.
 * Shared by the DriverEntry failure path and SfUnload.
 */
static VOID SfTeardown(VOID)
{
    if (FlagOn(g_Sf.InitFlags, SF_INIT_PORT)) {
        /* no new connections; an existing one is closed by FltUnregisterFilter */
        FltCloseCommunicationPort(g_Sf.ServerPort);
        g_Sf.ServerPort = NULL;
        ClearFlag(g_Sf.InitFlags, SF_INIT_PORT);
    }
    if (FlagOn(g_Sf.InitFlags, SF_INIT_FILTER)) {
        /* waits for outstanding callbacks and frees all stream contexts */
        FltUnregisterFilter(g_Sf.Filter);
        g_Sf.Filter = NULL;
        ClearFlag(g_Sf.InitFlags, SF_INIT_FILTER);
    }
    if (FlagOn(g_Sf.InitFlags, SF_INIT_CONFIG)) {
        SfFreeExtensions(g_Sf.Extensions);
        g_Sf.Extensions = NULL;
        ClearFlag(g_Sf.InitFlags, SF_INIT_CONFIG);
    }
    if (FlagOn(g_Sf.InitFlags, SF_INIT_REGPATH)) {
        ExFreePoolWithTag(g_Sf.RegistryPath.Buffer, SF_TAG);
        RtlZeroMemory(&g_Sf.RegistryPath, sizeof(g_Sf.RegistryPath));
        ClearFlag(g_Sf.InitFlags, SF_INIT_REGPATH);
    }
    if (FlagOn(g_Sf.InitFlags, SF_INIT_RESOURCE)) {
        ExDeleteResourceLite(&g_Sf.ConfigLock);
        ClearFlag(g_Sf.InitFlags, SF_INIT_RESOURCE);
    }
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    RtlZeroMemory(&g_Sf, sizeof(g_Sf));

    status = ExInitializeResourceLite(&g_Sf.ConfigLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    SetFlag(g_Sf.InitFlags, SF_INIT_RESOURCE);

    g_Sf.RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length, SF_TAG);
    if (g_Sf.RegistryPath.Buffer == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Failed;
    }
    g_Sf.RegistryPath.MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(&g_Sf.RegistryPath, RegistryPath);
    SetFlag(g_Sf.InitFlags, SF_INIT_REGPATH);

    status = SfLoadExtensions(&g_Sf.RegistryPath, &g_Sf.Extensions);
    if (!NT_SUCCESS(status)) {
        SF_ERROR("SfLoadExtensions failed 0x%08X", status);
        goto Failed;
    }
    SetFlag(g_Sf.InitFlags, SF_INIT_CONFIG);

    status = FltRegisterFilter(DriverObject, &SfRegistration, &g_Sf.Filter);
    if (!NT_SUCCESS(status)) {
        SF_ERROR("FltRegisterFilter failed 0x%08X", status);
        goto Failed;
    }
    SetFlag(g_Sf.InitFlags, SF_INIT_FILTER);

    status = SfCreatePort();
    if (!NT_SUCCESS(status)) {
        goto Failed;
    }
    SetFlag(g_Sf.InitFlags, SF_INIT_PORT);

    status = FltStartFiltering(g_Sf.Filter);
    if (!NT_SUCCESS(status)) {
        SF_ERROR("FltStartFiltering failed 0x%08X", status);
        goto Failed;
    }

    SF_INFO("loaded, watching %lu extension(s)", g_Sf.Extensions->Count);
    return STATUS_SUCCESS;

Failed:
    SfTeardown();
    return status;
}

static NTSTATUS SfUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    SF_INFO("unloading");
    SfTeardown();
    return STATUS_SUCCESS;
}

static NTSTATUS SfInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}
