/*
 * callbacks.c - everything the kernel calls us for
 */
#include "kguard.h"

static OB_OPERATION_REGISTRATION s_ObOp;

/* ---- process notify -------------------------------------------------- */

VOID KgProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNICODE_STRING game = RTL_CONSTANT_STRING(KG_GAME_IMAGE);
    UNICODE_STRING tail;

    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL) {
        if (InterlockedCompareExchangePointer(&g_Kg.GamePid, NULL, ProcessId) == ProcessId) {
            KG_TRACE("game %p exited\n", ProcessId);
        }
        return;
    }

    if (CreateInfo->ImageFileName == NULL || CreateInfo->ImageFileName->Length < game.Length) {
        return;
    }

    tail.Buffer = (PWCH)((PUCHAR)CreateInfo->ImageFileName->Buffer +
                         CreateInfo->ImageFileName->Length - game.Length);
    tail.Length = tail.MaximumLength = game.Length;

    if (RtlEqualUnicodeString(&tail, &game, TRUE)) {
        InterlockedExchangePointer(&g_Kg.GamePid, ProcessId);
        KG_TRACE("game started: pid %p\n", ProcessId);
    }
}

/* ---- object callbacks ------------------------------------------------ */

static OB_PREOP_CALLBACK_STATUS KgPreOpenProcess(PVOID Context, POB_PRE_OPERATION_INFORMATION Info)
{
    HANDLE target;
    PVOID game = g_Kg.GamePid;

    UNREFERENCED_PARAMETER(Context);

    if (game == NULL || Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    target = PsGetProcessId((PEPROCESS)Info->Object);
    if (target != (HANDLE)game || PsGetCurrentProcessId() == target) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~KG_STRIP_MASK;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~KG_STRIP_MASK;
    }
    InterlockedIncrement(&g_Kg.HandlesStripped);
    return OB_PREOP_SUCCESS;
}

NTSTATUS KgInstallObCallbacks(VOID)
{
    OB_CALLBACK_REGISTRATION reg;

    s_ObOp.ObjectType    = PsProcessType;
    s_ObOp.Operations    = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    s_ObOp.PreOperation  = KgPreOpenProcess;
    s_ObOp.PostOperation = NULL;

    RtlZeroMemory(&reg, sizeof(reg));
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.OperationRegistration = &s_ObOp;
    RtlInitUnicodeString(&reg.Altitude, KG_OB_ALTITUDE);

    return ObRegisterCallbacks(&reg, &g_Kg.ObHandle);
}

VOID KgRemoveObCallbacks(VOID)
{
    ObUnRegisterCallbacks(g_Kg.ObHandle);
    g_Kg.ObHandle = NULL;
}

/* ---- registry -------------------------------------------------------- */

static NTSTATUS KgRegistryCallback(PVOID Context, PVOID Argument1, PVOID Argument2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    UNICODE_STRING protectedKey = RTL_CONSTANT_STRING(KG_GAME_KEY);
    PCUNICODE_STRING name = NULL;
    PVOID object;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(Context);

    if (cls == RegNtPreSetValueKey) {
        object = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object;
    } else if (cls == RegNtPreDeleteValueKey) {
        object = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object;
    } else if (cls == RegNtPreDeleteKey) {
        object = ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object;
    } else {
        return STATUS_SUCCESS;
    }

    if (ExGetPreviousMode() == KernelMode || PsGetCurrentProcessId() == (HANDLE)g_Kg.GamePid) {
        return STATUS_SUCCESS;
    }

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Kg.CmCookie, object, NULL, &name, 0))) {
        return STATUS_SUCCESS;
    }

    if (RtlPrefixUnicodeString(&protectedKey, name, TRUE)) {
        InterlockedIncrement(&g_Kg.RegWritesBlocked);
        status = STATUS_ACCESS_DENIED;
    }
    CmCallbackReleaseKeyObjectIDEx(name);
    return status;
}

NTSTATUS KgInstallRegistryFilter(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(KG_CM_ALTITUDE);

    return CmRegisterCallbackEx(KgRegistryCallback, &altitude, DriverObject, NULL,
                                &g_Kg.CmCookie, NULL);
}

VOID KgRemoveRegistryFilter(VOID)
{
    CmUnRegisterCallback(g_Kg.CmCookie);
}
