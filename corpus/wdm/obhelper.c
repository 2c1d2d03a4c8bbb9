/*
 * obhelper.c - "procpin": strips terminate rights from handles opened to a
 * protected process. The policy the pre-operation callback reads is handed
 * to a registration helper, which stores it as the RegistrationContext. The
 * policy is a global, so it outlives DriverEntry; the unload routine
 * removes the callbacks before the driver goes.
 */

#include <ntddk.h>

typedef struct _PIN_POLICY {
    ACCESS_MASK Strip;
    BOOLEAN LogHits;
} PIN_POLICY, *PPIN_POLICY;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PinUnload;

static PIN_POLICY PinDefaults;
static PVOID PinHandle;

static OB_PREOP_CALLBACK_STATUS
PinPreOpen(_In_ PVOID RegistrationContext, _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    PPIN_POLICY policy = (PPIN_POLICY)RegistrationContext;

    if (!Info->KernelHandle && Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~policy->Strip;
    }
    return OB_PREOP_SUCCESS;
}

static NTSTATUS
PinRegister(_In_ PPIN_POLICY Policy, _Out_ PVOID *Handle)
{
    OB_OPERATION_REGISTRATION op;
    OB_CALLBACK_REGISTRATION reg;

    RtlZeroMemory(&op, sizeof(op));
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE;
    op.PreOperation = PinPreOpen;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, L"321999");
    reg.RegistrationContext = Policy;
    reg.OperationRegistration = &op;
    return ObRegisterCallbacks(&reg, Handle);
}

VOID
PinUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ObUnRegisterCallbacks(PinHandle);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    PinDefaults.Strip = PROCESS_TERMINATE;
    PinDefaults.LogHits = FALSE;
    status = PinRegister(&PinDefaults, &PinHandle);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = PinUnload;
    return STATUS_SUCCESS;
}
