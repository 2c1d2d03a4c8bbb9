/*
 * obguard.c (violating) - the anti-tamper agent of ../obguard.c after a
 * change that moved the policy's initialization after FltStartFiltering,
 * next to the object callback's. The object callback's globals still race
 * with nothing, but the pre-create callback reads OgPolicy, whose two
 * fields are now set while it may already run.
 *
 * BUG (FLT006): OgPolicy initialized after filtering started (one finding
 * for the object, at its first store of a field the callback does not only
 * test as a flag: Enforce, set first, could have told it the policy was
 * ready; DeniedAccess comes after it).
 */

#include <fltKernel.h>

typedef struct _OG_POLICY {
    BOOLEAN Enforce;
    ULONG   DeniedAccess;
} OG_POLICY;

static OG_POLICY OgPolicy;
static PFLT_FILTER OgFilter;
static PVOID OgObHandle;
static OB_OPERATION_REGISTRATION OgObOperations[1];
static OB_CALLBACK_REGISTRATION OgObRegistration;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI OgUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI
OgPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
static OB_PREOP_CALLBACK_STATUS OgPreProcessHandle(_In_ PVOID RegistrationContext,
                                                   _Inout_ POB_PRE_OPERATION_INFORMATION Info);

static const FLT_OPERATION_REGISTRATION OgOperations[] = {
    { IRP_MJ_CREATE, 0, OgPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION OgRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    OgOperations,
    OgUnload,
};

static NTSTATUS
OgProtectProcess(VOID)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"321000");

    OgObOperations[0].ObjectType = PsProcessType;
    OgObOperations[0].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    OgObOperations[0].PreOperation = OgPreProcessHandle;
    OgObOperations[0].PostOperation = NULL;

    OgObRegistration.Version = OB_FLT_REGISTRATION_VERSION;
    OgObRegistration.OperationRegistrationCount = 1;
    OgObRegistration.Altitude = altitude;
    OgObRegistration.RegistrationContext = NULL;
    OgObRegistration.OperationRegistration = OgObOperations;

    return ObRegisterCallbacks(&OgObRegistration, &OgObHandle);
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &OgRegistration, &OgFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = FltStartFiltering(OgFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(OgFilter);
        return status;
    }
    OgPolicy.Enforce = TRUE;
    OgPolicy.DeniedAccess = FILE_WRITE_DATA | DELETE;  // expect: FLT006
    status = OgProtectProcess();
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(OgFilter);
        return status;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
OgUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    ObUnRegisterCallbacks(OgObHandle);
    FltUnregisterFilter(OgFilter);
    return STATUS_SUCCESS;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
OgPreCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;
    if (OgPolicy.Enforce &&
        (Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess & OgPolicy.DeniedAccess)) {
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static OB_PREOP_CALLBACK_STATUS
OgPreProcessHandle(_In_ PVOID RegistrationContext, _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(RegistrationContext);
    UNREFERENCED_PARAMETER(Info);
    return OB_PREOP_SUCCESS;
}
