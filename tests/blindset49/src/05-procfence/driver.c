/*
 * driver.c - ProcFence entry point, registration and create filtering
 */
#include "procfence.h"

PF_GLOBALS g_Pf;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS PfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS PfPreCreate(_Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PfUnload)
#pragma alloc_text(PAGE, PfPreCreate)
#endif

static const FLT_OPERATION_REGISTRATION g_PfOps[] = {
    { IRP_MJ_CREATE, 0, PfPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_PfRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    g_PfOps,
    PfUnload,
    NULL, NULL, NULL, NULL,
    NULL, NULL, NULL
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Pf, sizeof(g_Pf));

    status = PfTrustTableCreate();
    if (!NT_SUCCESS(status)) {
        PFDBG("trust table: 0x%08X", status);
        goto out;
    }

    status = FltRegisterFilter(DriverObject, &g_PfRegistration, &g_Pf.Filter);
    if (!NT_SUCCESS(status)) {
        PFDBG("FltRegisterFilter: 0x%08X", status);
        goto free_table;
    }

    status = PfPortOpen();
    if (!NT_SUCCESS(status)) {
        PFDBG("PfPortOpen: 0x%08X", status);
        goto unregister;
    }

    /* exit notifications keep the trust table free of recycled PIDs */
    status = PsSetCreateProcessNotifyRoutineEx(PfProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PFDBG("PsSetCreateProcessNotifyRoutineEx: 0x%08X", status);
        goto close_port;
    }

    status = FltStartFiltering(g_Pf.Filter);
    if (!NT_SUCCESS(status)) {
        PFDBG("FltStartFiltering: 0x%08X", status);
        goto remove_notify;
    }

    PFDBG("protecting %ws", PF_PROTECTED_DIR);
    return STATUS_SUCCESS;

remove_notify:
    PsSetCreateProcessNotifyRoutineEx(PfProcessNotify, TRUE);
close_port:
    PfPortClose();
unregister:
    FltUnregisterFilter(g_Pf.Filter);
    g_Pf.Filter = NULL;
free_table:
    PfTrustTableDestroy();
out:
    return status;
}

static NTSTATUS
PfUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    PfPortClose();

    FltUnregisterFilter(g_Pf.Filter);
    g_Pf.Filter = NULL;

    PfTrustTableDestroy();

    PFDBG("unloaded, %ld opens denied", g_Pf.Denied);
    return STATUS_SUCCESS;
}

static FLT_PREOP_CALLBACK_STATUS
PfPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    UNICODE_STRING protectedDir = RTL_CONSTANT_STRING(PF_PROTECTED_DIR);
    ACCESS_MASK desired;
    ULONG disposition;
    FLT_PREOP_CALLBACK_STATUS result = FLT_PREOP_SUCCESS_NO_CALLBACK;

    UNREFERENCED_PARAMETER(FltObjects);
    PAGED_CODE();

    *CompletionContext = NULL;

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    desired = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    disposition = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;

    /* plain opens without write access can't change anything */
    if (!FlagOn(desired, PF_WRITE_ACCESS) && disposition == FILE_OPEN) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltParseFileNameInformation(nameInfo);
    if (NT_SUCCESS(status) &&
        RtlPrefixUnicodeString(&protectedDir, &nameInfo->ParentDir, TRUE) &&
        !PfIsTrusted(PsGetCurrentProcessId())) {

        InterlockedIncrement(&g_Pf.Denied);
        PFDBG("denied pid %p -> %wZ", PsGetCurrentProcessId(), &nameInfo->Name);

        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        result = FLT_PREOP_COMPLETE;
    }

    FltReleaseFileNameInformation(nameInfo);
    return result;
}
