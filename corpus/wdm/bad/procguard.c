/*
 * procguard: strips the terminate right from handles other processes open to
 * a protected service process. The object callback is registered by a
 * helper that answers TRUE or FALSE, the way many hobby drivers write it.
 *
 * Violating: DriverEntry drops the helper's answer, so a failed registration
 * (no /INTEGRITYCHECK, an altitude taken) loads the driver anyway and the
 * unload routine removes a registration that does not exist (DE005).
 */
#include <ntddk.h>

#define PG_ALTITUDE L"370230"
#define PROCESS_TERMINATE_RIGHT 0x0001

static PVOID g_PgRegistration;

static OB_PREOP_CALLBACK_STATUS PgPreOpen(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(Context);
    if (!Info->KernelHandle && Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE_RIGHT;
    }
    return OB_PREOP_SUCCESS;
}

static BOOLEAN PgRegisterCallbacks(VOID)
{
    OB_OPERATION_REGISTRATION operation;
    OB_CALLBACK_REGISTRATION registration;
    NTSTATUS status;

    RtlZeroMemory(&operation, sizeof(operation));
    operation.ObjectType = PsProcessType;
    operation.Operations = OB_OPERATION_HANDLE_CREATE;
    operation.PreOperation = PgPreOpen;

    RtlZeroMemory(&registration, sizeof(registration));
    registration.Version = OB_FLT_REGISTRATION_VERSION;
    registration.OperationRegistrationCount = 1;
    registration.OperationRegistration = &operation;
    RtlInitUnicodeString(&registration.Altitude, PG_ALTITUDE);

    status = ObRegisterCallbacks(&registration, &g_PgRegistration);
    if (!NT_SUCCESS(status)) {
        KdPrint(("procguard: ObRegisterCallbacks failed 0x%08X\n", status));
        return FALSE;
    }
    return TRUE;
}

DRIVER_UNLOAD PgUnload;

_Use_decl_annotations_
VOID PgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ObUnRegisterCallbacks(g_PgRegistration);
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    PgRegisterCallbacks();                                                         // expect: DE005
    DriverObject->DriverUnload = PgUnload;
    return STATUS_SUCCESS;
}
