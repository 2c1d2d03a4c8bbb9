/*
 * FileGuard - driver.c
 *
 * Minifilter tutorial project (the "build your own anti-ransomware" blog
 * series, part 2). Install with the INF, then `fltmc load fileguard`.
 */
#include "fileguard.h"

FG_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS FLTAPI FgUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS FLTAPI FgInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                _In_ DEVICE_TYPE VolumeDeviceType,
                                _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FgUnload)
#pragma alloc_text(PAGE, FgInstanceSetup)
#endif

CONST FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE,          0, FgPreCreate,         NULL },
    { IRP_MJ_SET_INFORMATION, 0, FgPreSetInformation, NULL },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),       // Size
    FLT_REGISTRATION_VERSION,       // Version
    0,                              // Flags
    NULL,                           // Context
    Callbacks,                      // Operation callbacks
    FgUnload,                       // FilterUnload
    FgInstanceSetup,                // InstanceSetup
    NULL,                           // InstanceQueryTeardown
    NULL,                           // InstanceTeardownStart
    NULL,                           // InstanceTeardownComplete
    NULL,                           // GenerateFileName
    NULL,                           // NormalizeNameComponent
    NULL                            // NormalizeContextCleanup
};

//
// only NTFS / ReFS fixed volumes, no network, no CDFS
//
NTSTATUS FLTAPI
FgInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
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

NTSTATUS FLTAPI
FgUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FG_DBG("unloading, blocked %d deletes", Globals.Blocked);

    FltUnregisterFilter(Globals.Filter);
    FltCloseCommunicationPort(Globals.ServerPort);

    FgFreeRules();
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    FG_DBG("DriverEntry");

    RtlZeroMemory(&Globals, sizeof(Globals));
    InitializeListHead(&Globals.Rules);
    FltInitializePushLock(&Globals.RulesLock);

    // default rule until FgWatch sends its own list
    status = FgAddRule(L"\\Device\\HarddiskVolume3\\Protected\\");
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &Globals.Filter);
    if (!NT_SUCCESS(status)) {
        FG_DBG("FltRegisterFilter failed 0x%08X", status);
        FgFreeRules();
        return status;
    }

    status = FgCreatePort(Globals.Filter);
    if (!NT_SUCCESS(status)) {
        FG_DBG("FgCreatePort failed 0x%08X", status);
        FgFreeRules();
        return status;
    }

    status = FltStartFiltering(Globals.Filter);
    if (!NT_SUCCESS(status)) {
        FG_DBG("FltStartFiltering failed 0x%08X", status);
        FltCloseCommunicationPort(Globals.ServerPort);
        FltUnregisterFilter(Globals.Filter);
        FgFreeRules();
        return status;
    }

    FG_DBG("running");
    return STATUS_SUCCESS;
}
