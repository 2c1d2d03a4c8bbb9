//
// callbacks.c - process, image-load and registry callbacks
//
#include "sentinel.h"

VOID SntProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                      _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    PSNT_RECORD rec;

    UNREFERENCED_PARAMETER(Process);

    rec = SntAllocRecord(CreateInfo != NULL ? SntProcessStart : SntProcessStop, ProcessId);
    if (rec == NULL) {
        return;
    }
    if (CreateInfo != NULL) {
        rec->Data.Extra = HandleToULong(CreateInfo->ParentProcessId);
        SntSetRecordPath(rec, CreateInfo->ImageFileName);
    }
    SntQueueRecord(rec);
}

VOID SntImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId,
                    _In_ PIMAGE_INFO ImageInfo)
{
    PSNT_RECORD rec;

    // kernel images are reported with ProcessId == 0; only user images are interesting
    if (ProcessId == NULL || ImageInfo->SystemModeImage) {
        return;
    }

    rec = SntAllocRecord(SntImageLoad, ProcessId);
    if (rec == NULL) {
        return;
    }
    rec->Data.Extra = (ULONG)ImageInfo->ImageSize;
    SntSetRecordPath(rec, FullImageName);
    SntQueueRecord(rec);
}

NTSTATUS SntRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PREG_DELETE_KEY_INFORMATION info;
    PCUNICODE_STRING name = NULL;
    PSNT_RECORD rec;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (cls != RegNtPreDeleteKey || Argument2 == NULL) {
        return STATUS_SUCCESS;
    }
    info = (PREG_DELETE_KEY_INFORMATION)Argument2;

    rec = SntAllocRecord(SntRegistryDelete, PsGetCurrentProcessId());
    if (rec == NULL) {
        return STATUS_SUCCESS;
    }

    if (NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Snt.RegistryCookie, info->Object,
                                              NULL, &name, 0))) {
        SntSetRecordPath(rec, name);
        CmCallbackReleaseKeyObjectIDEx(name);
    }
    SntQueueRecord(rec);
    return STATUS_SUCCESS;
}
