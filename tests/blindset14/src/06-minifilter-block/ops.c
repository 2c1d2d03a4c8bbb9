/*
 * ops.c - ExtBlock callbacks
 */
#include "blocker.h"

#define BLK_WRITE_ACCESS (FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE | WRITE_DAC | WRITE_OWNER)

FLT_PREOP_CALLBACK_STATUS FLTAPI BlkPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
                                       PVOID* CompletionContext)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    ACCESS_MASK access;
    ULONG disposition;
    BOOLEAN block = FALSE;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    disposition = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;
    if ((access & BLK_WRITE_ACCESS) == 0 && disposition == FILE_OPEN) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;       /* plain read open */
    }

    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                              &nameInfo))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (NT_SUCCESS(FltParseFileNameInformation(nameInfo)) && nameInfo->Extension.Length > 0) {
        block = BlkIsBlockedExtension(&nameInfo->Extension);
    }

    if (block) {
        InterlockedIncrement(&g_Blk.Blocked);
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "extblock: denied %wZ (pid %p)\n",
                   &nameInfo->Name, PsGetCurrentProcessId());
    }
    FltReleaseFileNameInformation(nameInfo);

    if (block) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS FLTAPI BlkInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                          DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    /* only local disks; network shares are somebody else's problem */
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI BlkQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI BlkUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    FltUnregisterFilter(g_Blk.Filter);
    BlkFreeConfig(&g_Blk.Config);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "extblock: unloaded, %ld opens denied\n", g_Blk.Blocked);
    return STATUS_SUCCESS;
}
