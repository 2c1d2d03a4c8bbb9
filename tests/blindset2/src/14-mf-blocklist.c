// blocklist.sys - minifilter that denies opens of file names listed in a
// global table (loaded later through an IOCTL-less registry read).
// Hobby project, please don't ship this.
#include <fltKernel.h>

#define DBG_PRINT(...) DbgPrint("blocklist: " __VA_ARGS__)
#define BL_TAG 'tsLB'
#define BL_MAX 32

PFLT_FILTER   g_FilterHandle = NULL;
ERESOURCE     g_ListLock;
UNICODE_STRING g_Blocked[BL_MAX];
ULONG         g_BlockedCount = 0;

NTSTATUS BlUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
FLT_PREOP_CALLBACK_STATUS BlPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

const FLT_OPERATION_REGISTRATION g_Ops[] = {
    { IRP_MJ_CREATE, 0, BlPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION g_FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    g_Ops,
    BlUnload,
};

static BOOLEAN BlIsBlocked(PCUNICODE_STRING Name)
{
    BOOLEAN hit = FALSE;
    ULONG i;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&g_ListLock, TRUE);
    for (i = 0; i < g_BlockedCount && !hit; i++) {
        hit = RtlSuffixUnicodeString(&g_Blocked[i], Name, TRUE);
    }
    ExReleaseResourceLite(&g_ListLock);
    KeLeaveCriticalRegion();
    return hit;
}

FLT_PREOP_CALLBACK_STATUS BlPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PFLT_FILE_NAME_INFORMATION info = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &info);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (BlIsBlocked(&info->Name)) {
        DBG_PRINT("denied %wZ\n", &info->Name);
        FltReleaseFileNameInformation(info);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    FltReleaseFileNameInformation(info);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS BlUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    ULONG i;
    UNREFERENCED_PARAMETER(Flags);

    DBG_PRINT("unloading\n");
    FltUnregisterFilter(g_FilterHandle);

    for (i = 0; i < g_BlockedCount; i++) {
        RtlFreeUnicodeString(&g_Blocked[i]);
    }
    g_BlockedCount = 0;
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    DBG_PRINT("DriverEntry\n");

    status = ExInitializeResourceLite(&g_ListLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // a default entry so there is something to test with
    if (RtlCreateUnicodeString(&g_Blocked[0], L"\\evil.exe")) {
        g_BlockedCount = 1;
    }

    status = FltRegisterFilter(DriverObject, &g_FilterRegistration, &g_FilterHandle);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("FltRegisterFilter failed 0x%x\n", status);
        goto cleanup;
    }

    status = FltStartFiltering(g_FilterHandle);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("FltStartFiltering failed 0x%x\n", status);
        goto cleanup;
    }

    DBG_PRINT("filtering\n");
    return STATUS_SUCCESS;

cleanup:
    if (g_BlockedCount) {
        RtlFreeUnicodeString(&g_Blocked[0]);
        g_BlockedCount = 0;
    }
    ExDeleteResourceLite(&g_ListLock);
    return status;
}
