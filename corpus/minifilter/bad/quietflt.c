/*
 * quietflt.c - minifilter that blocks writes to removable volumes on
 * shared lab PCs. Machines that do not need the policy get the service's
 * "Enforce" value set to 0 by the deployment script.
 *
 * BUG (FLT001, FLT002): the opt-out returns STATUS_SUCCESS before the
 * filter is registered. The driver stays loaded but is invisible to the
 * filter manager: fltmc cannot unload it, and since it has no DriverUnload
 * either, only a reboot removes it. It should fail the load (or register
 * and start anyway and pass everything through).
 */

#include <fltKernel.h>

static PFLT_FILTER QfFilter;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI QfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI
QfPreWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

static const FLT_OPERATION_REGISTRATION QfOperations[] = {
    { IRP_MJ_WRITE, 0, QfPreWrite, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION QfRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    QfOperations,
    QfUnload,
};

static BOOLEAN
QfPolicyEnforced(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG enforce = 1;
    ULONG defaultValue = 1;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name          = L"Enforce";
    table[0].EntryContext  = &enforce;
    table[0].DefaultType   = REG_DWORD;
    table[0].DefaultData   = &defaultValue;
    table[0].DefaultLength = sizeof(ULONG);

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                           RegistryPath->Buffer, table, NULL, NULL))) {
        return TRUE;
    }
    return enforce != 0;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    if (!QfPolicyEnforced(RegistryPath)) {
        return STATUS_SUCCESS;                          // expect: FLT001, FLT002
    }

    status = FltRegisterFilter(DriverObject, &QfRegistration, &QfFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(QfFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(QfFilter);
        return status;
    }

    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
QfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(QfFilter);
    return STATUS_SUCCESS;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
QfPreWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    *CompletionContext = NULL;

    if (FltObjects->FileObject->DeviceObject->Characteristics & FILE_REMOVABLE_MEDIA) {
        Data->IoStatus.Status = STATUS_MEDIA_WRITE_PROTECTED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
