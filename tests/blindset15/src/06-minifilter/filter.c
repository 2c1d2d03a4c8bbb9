#include "filter.h"

MF_GLOBALS g_Mf;

DRIVER_INITIALIZE DriverEntry;
NTSTATUS FLTAPI MfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
NTSTATUS FLTAPI MfInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                                _In_ DEVICE_TYPE VolumeDeviceType,
                                _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
NTSTATUS FLTAPI MfQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
FLT_POSTOP_CALLBACK_STATUS FLTAPI MfPostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                                               _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                               _In_opt_ PVOID CompletionContext,
                                               _In_ FLT_POST_OPERATION_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MfUnload)
#pragma alloc_text(PAGE, MfInstanceSetup)
#pragma alloc_text(PAGE, MfQueryTeardown)
#endif

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, MfPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    g_Callbacks,
    MfUnload,
    MfInstanceSetup,
    MfQueryTeardown,
    NULL, NULL, NULL, NULL, NULL
};

static VOID MfFreeExclusions(VOID)
{
    if (g_Mf.ExcludedBuffer != NULL) {
        ExFreePoolWithTag(g_Mf.ExcludedBuffer, MF_TAG);
        g_Mf.ExcludedBuffer = NULL;
    }
    g_Mf.ExcludedCount = 0;
}

/*
 * Reads ExcludedExtensions (REG_MULTI_SZ) from the service key. Missing value is fine.
 */
static NTSTATUS MfLoadExclusions(_In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"ExcludedExtensions");
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    ULONG len = 0;
    NTSTATUS status;
    PWCHAR p, end;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, NULL, 0, &len);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        goto out;
    }

    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, len, MF_TAG);
    if (info == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, len, &len);
    if (!NT_SUCCESS(status) || info->Type != REG_MULTI_SZ || info->DataLength < sizeof(WCHAR)) {
        goto out;
    }

    g_Mf.ExcludedBuffer = (PWCHAR)ExAllocatePool2(POOL_FLAG_PAGED, info->DataLength, MF_TAG);
    if (g_Mf.ExcludedBuffer == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }
    RtlCopyMemory(g_Mf.ExcludedBuffer, info->Data, info->DataLength);

    p = g_Mf.ExcludedBuffer;
    end = (PWCHAR)((PUCHAR)g_Mf.ExcludedBuffer + info->DataLength);
    while (p < end && *p != L'\0' && g_Mf.ExcludedCount < MF_MAX_EXT) {
        PWCHAR start = p;
        while (p < end && *p != L'\0') {
            p++;
        }
        g_Mf.Excluded[g_Mf.ExcludedCount].Buffer = start;
        g_Mf.Excluded[g_Mf.ExcludedCount].Length = (USHORT)((p - start) * sizeof(WCHAR));
        g_Mf.Excluded[g_Mf.ExcludedCount].MaximumLength = g_Mf.Excluded[g_Mf.ExcludedCount].Length;
        g_Mf.ExcludedCount++;
        p++;
    }

out:
    if (info != NULL) {
        ExFreePoolWithTag(info, MF_TAG);
    }
    ZwClose(key);
    return status;
}

static BOOLEAN MfIsExcluded(_In_ PCUNICODE_STRING Extension)
{
    ULONG i;
    for (i = 0; i < g_Mf.ExcludedCount; i++) {
        if (RtlEqualUnicodeString(Extension, &g_Mf.Excluded[i], TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI MfPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->RequestorMode == KernelMode) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltParseFileNameInformation(nameInfo);
    if (NT_SUCCESS(status) && !MfIsExcluded(&nameInfo->Extension)) {
        PortsNotify(nameInfo, (ULONG)Data->IoStatus.Information);
    }

    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

NTSTATUS FLTAPI MfInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType)
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

NTSTATUS FLTAPI MfQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI MfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FltUnregisterFilter(g_Mf.Filter);
    g_Mf.Filter = NULL;

    MfFreeExclusions();
    DbgPrint("openwatch: unloaded (sent=%ld dropped=%ld)\n", g_Mf.Sent, g_Mf.Dropped);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    RtlZeroMemory(&g_Mf, sizeof(g_Mf));

    status = MfLoadExclusions(RegistryPath);
    if (!NT_SUCCESS(status)) {
        DbgPrint("openwatch: no exclusions (0x%08X)\n", status);
    }

    status = FltRegisterFilter(DriverObject, &g_Registration, &g_Mf.Filter);
    if (!NT_SUCCESS(status)) {
        MfFreeExclusions();
        return status;
    }

    status = PortsCreate(g_Mf.Filter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Mf.Filter);
        MfFreeExclusions();
        return status;
    }

    status = FltStartFiltering(g_Mf.Filter);
    if (!NT_SUCCESS(status)) {
        PortsClose();
        MfFreeExclusions();
    }

    return status;
}
