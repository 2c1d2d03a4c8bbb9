/*
 * obctx.c - "obquota" of ../obctx.c with the counts moved into DriverEntry
 * "to keep them private": the RegistrationContext the system hands to every
 * call of the pre-operation callback now points into DriverEntry's stack
 * frame, which is gone once it returns while the callback stays registered.
 *
 * BUG (DE015).
 */

#include <ntddk.h>

typedef struct _OQ_COUNTS {
    volatile LONG KernelOpens;
    volatile LONG UserOpens;
} OQ_COUNTS, *POQ_COUNTS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD OqUnload;

static PVOID OqHandle;

static OB_PREOP_CALLBACK_STATUS
OqPreOpen(_In_ PVOID RegistrationContext, _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    POQ_COUNTS counts = (POQ_COUNTS)RegistrationContext;

    if (Info->KernelHandle) {
        InterlockedIncrement(&counts->KernelOpens);
    } else {
        InterlockedIncrement(&counts->UserOpens);
    }
    return OB_PREOP_SUCCESS;
}

VOID
OqUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ObUnRegisterCallbacks(OqHandle);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    OB_OPERATION_REGISTRATION operation;
    OB_CALLBACK_REGISTRATION registration;
    OQ_COUNTS counts = { 0, 0 };

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&operation, sizeof(operation));
    operation.ObjectType = PsProcessType;
    operation.Operations = OB_OPERATION_HANDLE_CREATE;
    operation.PreOperation = OqPreOpen;

    RtlZeroMemory(&registration, sizeof(registration));
    registration.Version = OB_FLT_REGISTRATION_VERSION;
    registration.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&registration.Altitude, L"321440");
    registration.RegistrationContext = &counts;
    registration.OperationRegistration = &operation;

    DriverObject->DriverUnload = OqUnload;
    return ObRegisterCallbacks(&registration, &OqHandle);   // expect: DE015
}
