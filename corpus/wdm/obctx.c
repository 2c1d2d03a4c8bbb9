/*
 * obctx.c - "obquota": counts the handles opened to processes, per kind of
 * opener, in a table the object pre-operation callback is handed as its
 * RegistrationContext. The table is a global, so it outlives DriverEntry;
 * the unload routine removes the callbacks before the driver goes.
 */

#include <ntddk.h>

typedef struct _OQ_COUNTS {
    volatile LONG KernelOpens;
    volatile LONG UserOpens;
} OQ_COUNTS, *POQ_COUNTS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD OqUnload;

static OQ_COUNTS OqCounts;
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

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&operation, sizeof(operation));
    operation.ObjectType = PsProcessType;
    operation.Operations = OB_OPERATION_HANDLE_CREATE;
    operation.PreOperation = OqPreOpen;

    RtlZeroMemory(&registration, sizeof(registration));
    registration.Version = OB_FLT_REGISTRATION_VERSION;
    registration.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&registration.Altitude, L"321440");
    registration.RegistrationContext = &OqCounts;
    registration.OperationRegistration = &operation;

    DriverObject->DriverUnload = OqUnload;
    return ObRegisterCallbacks(&registration, &OqHandle);
}
