// extblock - minifilter that denies creating files with extensions listed in
// the "Extensions" value (e.g. "exe;dll;scr") of the driver's service key
#include <fltKernel.h>
#include <ntstrsafe.h>

#define EB_TAG 'kBxE'
#define EB_MAX 8

PFLT_FILTER    g_EbFilter = NULL;
UNICODE_STRING g_Ext[EB_MAX];
ULONG          g_ExtCount = 0;
PWCH           g_ExtStorage = NULL;

static NTSTATUS EbReadConfig(PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    HANDLE key = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING value = RTL_CONSTANT_STRING(L"Extensions");
    ULONG need = 0;
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status))
        return status;

    status = ZwQueryValueKey(key, &value, KeyValuePartialInformation, NULL, 0, &need);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        ZwClose(key);
        return NT_SUCCESS(status) ? STATUS_INVALID_PARAMETER : status;
    }

    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, need, EB_TAG);
    if (info == NULL) {
        ZwClose(key);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey(key, &value, KeyValuePartialInformation, info, need, &need);
    __try {
        if (!NT_SUCCESS(status))
            __leave;
        if (info->Type != REG_SZ || info->DataLength < 2 * sizeof(WCHAR) || info->DataLength > 512)
            return STATUS_OBJECT_TYPE_MISMATCH;

        g_ExtStorage = (PWCH)ExAllocatePool2(POOL_FLAG_NON_PAGED, info->DataLength, EB_TAG);
        if (g_ExtStorage == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            __leave;
        }
        RtlCopyMemory(g_ExtStorage, info->Data, info->DataLength);

        // split "exe;dll;scr" in place
        PWCH start = g_ExtStorage;
        ULONG chars = info->DataLength / sizeof(WCHAR);
        for (ULONG i = 0; i < chars && g_ExtCount < EB_MAX; i++) {
            if (g_ExtStorage[i] == L';' || g_ExtStorage[i] == L'\0') {
                USHORT len = (USHORT)((&g_ExtStorage[i] - start) * sizeof(WCHAR));
                if (len) {
                    g_Ext[g_ExtCount].Buffer = start;
                    g_Ext[g_ExtCount].Length = g_Ext[g_ExtCount].MaximumLength = len;
                    g_ExtCount++;
                }
                if (g_ExtStorage[i] == L'\0')
                    break;
                start = &g_ExtStorage[i + 1];
            }
        }
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }

    ExFreePoolWithTag(info, EB_TAG);
    ZwClose(key);
    return status;
}

FLT_PREOP_CALLBACK_STATUS EbPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID* Ctx)
{
    UNREFERENCED_PARAMETER(Objects); UNREFERENCED_PARAMETER(Ctx);
    ULONG disp = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;
    if (disp != FILE_CREATE && disp != FILE_OPEN_IF && disp != FILE_OVERWRITE_IF && disp != FILE_SUPERSEDE)
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    PFLT_FILE_NAME_INFORMATION fn;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &fn)))
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    FltParseFileNameInformation(fn);
    for (ULONG i = 0; i < g_ExtCount; i++) {
        if (RtlEqualUnicodeString(&fn->Extension, &g_Ext[i], TRUE)) {
            FltReleaseFileNameInformation(fn);
            Data->IoStatus.Status = STATUS_ACCESS_DENIED;
            return FLT_PREOP_COMPLETE;
        }
    }
    FltReleaseFileNameInformation(fn);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

NTSTATUS EbUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_EbFilter);
    if (g_ExtStorage)
        ExFreePoolWithTag(g_ExtStorage, EB_TAG);
    return STATUS_SUCCESS;
}

CONST FLT_OPERATION_REGISTRATION EbOps[] = {
    { IRP_MJ_CREATE, 0, EbPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION EbReg = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0,
    NULL, EbOps, EbUnload, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = EbReadConfig(RegistryPath);
    if (!NT_SUCCESS(status)) {
        DbgPrint("extblock: bad config 0x%08X\n", status);
        return status;
    }

    status = FltRegisterFilter(DriverObject, &EbReg, &g_EbFilter);
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(g_EbFilter);
        if (!NT_SUCCESS(status))
            FltUnregisterFilter(g_EbFilter);
    }
    if (!NT_SUCCESS(status) && g_ExtStorage) {
        ExFreePoolWithTag(g_ExtStorage, EB_TAG);
        g_ExtStorage = NULL;
    }
    return status;
}
