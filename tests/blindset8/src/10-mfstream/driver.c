/*
 * driver.c - mfstream registration, DriverEntry and unload.
 */
#include "mfstream.h"

MFS_GLOBALS MfsGlobals;

static const FLT_CONTEXT_REGISTRATION MfsContexts[] = {
    { FLT_STREAM_CONTEXT, 0, MfsStreamContextCleanup, sizeof(MFS_STREAM_CONTEXT), MFS_TAG_CONTEXT },
    { FLT_CONTEXT_END }
};

static const FLT_OPERATION_REGISTRATION MfsCallbacks[] = {
    { IRP_MJ_CREATE,  0, MfsPreCreate,  MfsPostCreate },
    { IRP_MJ_CLEANUP, 0, MfsPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION MfsRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    MfsContexts,
    MfsCallbacks,
    MfsUnload,
    MfsInstanceSetup,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MfsUnload)
#pragma alloc_text(PAGE, MfsInstanceSetup)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&MfsGlobals, sizeof(MfsGlobals));
    MfsGlobals.DriverObject = DriverObject;
    FltInitializePushLock(&MfsGlobals.ClientLock);

    __try {
        ExInitializeNPagedLookasideList(&MfsGlobals.MessageLookaside,
                                        NULL, NULL, POOL_NX_ALLOCATION,
                                        sizeof(MFS_NOTIFICATION), MFS_TAG_MSG, 0);
        MfsGlobals.LookasideReady = TRUE;

        status = FltRegisterFilter(DriverObject, &MfsRegistration, &MfsGlobals.Filter);
        LEAVE_IF(status);

        status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
        if (!NT_SUCCESS(status)) {
            FltUnregisterFilter(MfsGlobals.Filter);
            MfsGlobals.Filter = NULL;
            __leave;
        }

        RtlInitUnicodeString(&portName, MFS_PORT_NAME);
        InitializeObjectAttributes(&oa, &portName,
                                   OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                   NULL, sd);

        status = FltCreateCommunicationPort(MfsGlobals.Filter,
                                            &MfsGlobals.ServerPort,
                                            &oa,
                                            NULL,
                                            MfsPortConnect,
                                            MfsPortDisconnect,
                                            MfsPortMessage,
                                            1);
        if (!NT_SUCCESS(status)) {
            FltUnregisterFilter(MfsGlobals.Filter);
            MfsGlobals.Filter = NULL;
            __leave;
        }

        FltFreeSecurityDescriptor(sd);
        sd = NULL;

        status = FltStartFiltering(MfsGlobals.Filter);

    } __finally {

        if (!NT_SUCCESS(status)) {
            if (MfsGlobals.ServerPort != NULL) {
                FltCloseCommunicationPort(MfsGlobals.ServerPort);
                MfsGlobals.ServerPort = NULL;
            }
            if (MfsGlobals.LookasideReady) {
                ExDeleteNPagedLookasideList(&MfsGlobals.MessageLookaside);
                MfsGlobals.LookasideReady = FALSE;
            }
        }
    }

    return status;
}

NTSTATUS
MfsUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    /* closing the server port disconnects the agent first */
    FltCloseCommunicationPort(MfsGlobals.ServerPort);
    MfsGlobals.ServerPort = NULL;

    FltUnregisterFilter(MfsGlobals.Filter);
    MfsGlobals.Filter = NULL;

    if (MfsGlobals.LookasideReady) {
        ExDeleteNPagedLookasideList(&MfsGlobals.MessageLookaside);
        MfsGlobals.LookasideReady = FALSE;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
MfsInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS    FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE              VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE      VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    /* local disk volumes only: no network redirectors, no CDFS/UDF */
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS &&
        VolumeFilesystemType != FLT_FSTYPE_FAT) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}
