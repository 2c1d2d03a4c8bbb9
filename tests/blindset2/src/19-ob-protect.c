// procguard.sys - strips PROCESS_TERMINATE from handles opened to a protected
// process (by image name). Learning ObRegisterCallbacks. Link with /INTEGRITYCHECK.
#include <ntifs.h>

#define LOG(fmt, ...) KdPrint(("procguard: " fmt "\n", __VA_ARGS__))
#define PROCESS_TERMINATE_RIGHT 0x0001

PVOID  g_ObHandle = NULL;
HANDLE g_ProtectedPid = NULL;

NTKERNELAPI PCHAR PsGetProcessImageFileName(PEPROCESS Process);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD GuardUnload;
OB_PREOP_CALLBACK_STATUS GuardPreOperation(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info);
VOID GuardProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create);

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, GuardPreOperation)
#pragma alloc_text(PAGE, GuardUnload)

OB_PREOP_CALLBACK_STATUS
GuardPreOperation(
    PVOID RegistrationContext,
    POB_PRE_OPERATION_INFORMATION Info
    )
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle || g_ProtectedPid == NULL) {
        return OB_PREOP_SUCCESS;
    }
    if (PsGetProcessId((PEPROCESS)Info->Object) != g_ProtectedPid) {
        return OB_PREOP_SUCCESS;
    }
    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE_RIGHT;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~PROCESS_TERMINATE_RIGHT;
    }
    return OB_PREOP_SUCCESS;
}

VOID
GuardProcessNotify(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create)
{
    PEPROCESS process;

    UNREFERENCED_PARAMETER(ParentId);
    if (!Create) {
        if (ProcessId == g_ProtectedPid) {
            g_ProtectedPid = NULL;
        }
        return;
    }
    if (NT_SUCCESS(PsLookupProcessByProcessId(ProcessId, &process))) {
        if (_stricmp(PsGetProcessImageFileName(process), "notepad.exe") == 0) {
            g_ProtectedPid = ProcessId;
            LOG("protecting pid %p", ProcessId);
        }
        ObDereferenceObject(process);
    }
}

VOID
GuardUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PsSetCreateProcessNotifyRoutine(GuardProcessNotify, TRUE);
    if (g_ObHandle != NULL) {
        ObUnRegisterCallbacks(g_ObHandle);
        g_ObHandle = NULL;
    }
    LOG("%s", "unloaded");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    OB_OPERATION_REGISTRATION op;
    OB_CALLBACK_REGISTRATION reg;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&op, sizeof(op));
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = GuardPreOperation;
    op.PostOperation = NULL;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, L"321000.7");
    reg.RegistrationContext = NULL;
    reg.OperationRegistration = &op;

    status = ObRegisterCallbacks(&reg, &g_ObHandle);
    if (!NT_SUCCESS(status)) {
        LOG("ObRegisterCallbacks failed 0x%x", status);
        return status;
    }

    status = PsSetCreateProcessNotifyRoutine(GuardProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        LOG("PsSetCreateProcessNotifyRoutine failed 0x%x", status);
        ObUnRegisterCallbacks(g_ObHandle);
        g_ObHandle = NULL;
        return status;
    }

    DriverObject->DriverUnload = GuardUnload;
    return STATUS_SUCCESS;
}
