/*
 * callbacks.c - process, object and registry callbacks.
 */
#include "procguard.h"

#define PG_STRIP_ACCESS (PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_OPERATION | \
                         PROCESS_CREATE_THREAD | PROCESS_SUSPEND_RESUME)

static UNICODE_STRING PgProductKeySuffix = RTL_CONSTANT_STRING(L"\\SOFTWARE\\Contoso\\ProcGuard");

static VOID
PgProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        if (!NT_SUCCESS(PgTableInsert(ProcessId, CreateInfo->ParentProcessId))) {
            PgErr("no memory to track pid %p", ProcessId);
        }
    } else {
        PgTableRemove(ProcessId);
    }
}

static OB_PREOP_CALLBACK_STATUS
PgPreOpenProcess(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    )
{
    HANDLE target;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    target = PsGetProcessId((PEPROCESS)Info->Object);
    if (target == PsGetCurrentProcessId() || !PgTableIsProtected(target)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~PG_STRIP_ACCESS;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~PG_STRIP_ACCESS;
    }
    InterlockedIncrement(&g_Pg.Stats.HandlesStripped);
    return OB_PREOP_SUCCESS;
}

static NTSTATUS
PgRegistryCallback(
    _In_ PVOID CallbackContext,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PREG_SET_VALUE_KEY_INFORMATION setInfo;
    PCUNICODE_STRING keyName = NULL;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (cls != RegNtPreSetValueKey || Argument2 == NULL) {
        return STATUS_SUCCESS;
    }

    setInfo = (PREG_SET_VALUE_KEY_INFORMATION)Argument2;
    if (NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Pg.RegistryCookie, setInfo->Object,
                                              NULL, &keyName, 0))) {
        if (keyName->Length >= PgProductKeySuffix.Length) {
            UNICODE_STRING tail;
            tail.Buffer = (PWCH)((PUCHAR)keyName->Buffer + keyName->Length - PgProductKeySuffix.Length);
            tail.Length = tail.MaximumLength = PgProductKeySuffix.Length;
            if (RtlEqualUnicodeString(&tail, &PgProductKeySuffix, TRUE)) {
                InterlockedIncrement(&g_Pg.Stats.RegistryWritesSeen);
            }
        }
        CmCallbackReleaseKeyObjectIDEx(keyName);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
PgRegisterObjectCallbacks(VOID)
{
    OB_OPERATION_REGISTRATION op;
    OB_CALLBACK_REGISTRATION  reg;

    RtlZeroMemory(&op, sizeof(op));
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = PgPreOpenProcess;
    op.PostOperation = NULL;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, PG_ALTITUDE);
    reg.RegistrationContext = NULL;
    reg.OperationRegistration = &op;

    return ObRegisterCallbacks(&reg, &g_Pg.ObRegistrationHandle);
}

/*
 * Registers all callbacks. On failure, whatever this routine registered is
 * already removed when it returns, so the caller has nothing to undo here.
 * The registry audit is a nice-to-have: if it fails the driver runs
 * without it.
 */
NTSTATUS
PgRegisterCallbacks(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;
    UNICODE_STRING altitude;

    status = PsSetCreateProcessNotifyRoutineEx(PgProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PgErr("PsSetCreateProcessNotifyRoutineEx 0x%08x", status);
        goto Fail;
    }
    g_Pg.CallbackFlags |= PG_CB_PROCESS_NOTIFY;

    status = PgRegisterObjectCallbacks();
    if (!NT_SUCCESS(status)) {
        PgErr("ObRegisterCallbacks 0x%08x", status);
        goto Fail;
    }
    g_Pg.CallbackFlags |= PG_CB_OBJECT;

    RtlInitUnicodeString(&altitude, PG_ALTITUDE);
    status = CmRegisterCallbackEx(PgRegistryCallback, &altitude, DriverObject,
                                  NULL, &g_Pg.RegistryCookie, NULL);
    if (NT_SUCCESS(status)) {
        g_Pg.CallbackFlags |= PG_CB_REGISTRY;
    } else {
        PgErr("registry audit disabled, CmRegisterCallbackEx 0x%08x", status);
        status = STATUS_SUCCESS;
    }

    return status;

Fail:
    PgUnregisterCallbacks();
    return status;
}

VOID
PgUnregisterCallbacks(VOID)
{
    if (g_Pg.CallbackFlags & PG_CB_REGISTRY) {
        CmUnRegisterCallback(g_Pg.RegistryCookie);
        g_Pg.CallbackFlags &= ~PG_CB_REGISTRY;
    }

    if (g_Pg.CallbackFlags & PG_CB_OBJECT) {
        ObUnRegisterCallbacks(g_Pg.ObRegistrationHandle);
        g_Pg.ObRegistrationHandle = NULL;
        g_Pg.CallbackFlags &= ~PG_CB_OBJECT;
    }

    if (g_Pg.CallbackFlags & PG_CB_PROCESS_NOTIFY) {
        PsSetCreateProcessNotifyRoutineEx(PgProcessNotify, TRUE);
        g_Pg.CallbackFlags &= ~PG_CB_PROCESS_NOTIFY;
    }
}
