/*
 * driver.c - ScanPort minifilter: registration and IRP_MJ_CREATE filtering
 *
 * Altitude lives in the INF (FSFilter Anti-Virus range, 32xxxx).
 */
#include "scanport.h"

SP_GLOBALS Globals;

static const UNICODE_STRING WatchedExtensions[] = {
    RTL_CONSTANT_STRING(L"exe"),
    RTL_CONSTANT_STRING(L"dll"),
    RTL_CONSTANT_STRING(L"ps1"),
    RTL_CONSTANT_STRING(L"bat"),
    RTL_CONSTANT_STRING(L"js"),
};

DRIVER_INITIALIZE DriverEntry;
NTSTATUS FLTAPI SpUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS FLTAPI SpInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                                DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);
NTSTATUS FLTAPI SpQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS FLTAPI SpPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                             PVOID *CompletionContext);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SpUnload)
#pragma alloc_text(PAGE, SpInstanceSetup)
#pragma alloc_text(PAGE, SpQueryTeardown)
#pragma alloc_text(PAGE, SpPreCreate)
#endif

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, SpPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    NULL,                       /* ContextRegistration */
    Callbacks,
    SpUnload,
    SpInstanceSetup,
    SpQueryTeardown,
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider stuff */
};

/* ------------------------------------------------------------------------ */

static BOOLEAN SpIsWatched(PCUNICODE_STRING Ext)
{
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(WatchedExtensions); i++) {
        if (RtlEqualUnicodeString(Ext, &WatchedExtensions[i], TRUE))
            return TRUE;
    }
    return FALSE;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
SpPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    FLT_PREOP_CALLBACK_STATUS ret = FLT_PREOP_SUCCESS_NO_CALLBACK;
    BOOLEAN allow = TRUE;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;
    PAGED_CODE();

    if (Data->RequestorMode == KernelMode)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    /* never ask the scanner about its own opens */
    if (Globals.ClientProcess != NULL && IoThreadToProcess(Data->Thread) == Globals.ClientProcess)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE))
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status))
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    status = FltParseFileNameInformation(nameInfo);
    if (NT_SUCCESS(status) && nameInfo->Extension.Length != 0 && SpIsWatched(&nameInfo->Extension)) {
        if (SpAskUser(&nameInfo->Name, &allow) && !allow) {
            DBG_TRACE("blocked %wZ\n", &nameInfo->Name);
            InterlockedIncrement(&Globals.Blocked);
            Data->IoStatus.Status = STATUS_ACCESS_DENIED;
            Data->IoStatus.Information = 0;
            ret = FLT_PREOP_COMPLETE;
        }
    }

    FltReleaseFileNameInformation(nameInfo);
    return ret;
}

NTSTATUS FLTAPI
SpInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    /* local disks only, NTFS or ReFS */
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM)
        return STATUS_FLT_DO_NOT_ATTACH;

    if (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS)
        return STATUS_FLT_DO_NOT_ATTACH;

    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
SpQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI SpUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    DBG_TRACE("unload: asked %ld, blocked %ld\n", Globals.Asked, Globals.Blocked);

    SpClosePort();
    FltUnregisterFilter(Globals.Filter);
    Globals.Filter = NULL;

    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&Globals, sizeof(Globals));

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &Globals.Filter);
    if (NT_SUCCESS(status)) {

        status = SpCreatePort(Globals.Filter);
        if (NT_SUCCESS(status)) {

            status = FltStartFiltering(Globals.Filter);
            if (!NT_SUCCESS(status)) {
                DBG_ERR("FltStartFiltering 0x%08X\n", status);
                SpClosePort();
            }
        } else {
            FltUnregisterFilter(Globals.Filter);
        }
    } else {
        DBG_ERR("FltRegisterFilter 0x%08X\n", status);
    }

    return status;
}
