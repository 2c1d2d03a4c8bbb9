/*
 * regflags.c - "procwall": a process-protection driver that keeps one flag
 * per registration and tears down by them: its helpers set the flag of what
 * they registered, and the unload routine undoes what a flag says is there
 * (no DE011: each guard's flag is set where its registration succeeds).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PwUnload;

static PVOID g_PwObHandle;
static BOOLEAN g_PwObRegistered;
static BOOLEAN g_PwNotifyRegistered;

static OB_PREOP_CALLBACK_STATUS PwPreOpen(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Info);
    return OB_PREOP_SUCCESS;
}

static VOID PwProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(Info);
}

static NTSTATUS PwRegisterObject(VOID)
{
    OB_OPERATION_REGISTRATION op = { 0 };
    OB_CALLBACK_REGISTRATION reg = { 0 };
    NTSTATUS status;

    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = PwPreOpen;
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, L"321400");
    reg.OperationRegistration = &op;

    status = ObRegisterCallbacks(&reg, &g_PwObHandle);
    if (NT_SUCCESS(status))
        g_PwObRegistered = TRUE;
    return status;
}

static VOID PwTeardown(VOID)
{
    if (g_PwNotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);
        g_PwNotifyRegistered = FALSE;
    }
    if (g_PwObRegistered) {
        ObUnRegisterCallbacks(g_PwObHandle);
        g_PwObRegistered = FALSE;
    }
}

VOID PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PwTeardown();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = PwRegisterObject();
    if (!NT_SUCCESS(status))
        return status;
    status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PwTeardown();
        return status;
    }
    g_PwNotifyRegistered = TRUE;

    DriverObject->DriverUnload = PwUnload;
    return STATUS_SUCCESS;
}
