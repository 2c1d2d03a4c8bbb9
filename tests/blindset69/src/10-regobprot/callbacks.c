/*
 * callbacks.c - registry and object callbacks.
 * The registry side keeps our own service key read-only for everyone but the kernel;
 * the object side strips dangerous rights from handles to the protected process.
 */
#include "regob.h"

static BOOLEAN
RoIsOurKey(PVOID KeyObject)
{
    PCUNICODE_STRING name;
    BOOLEAN ours = FALSE;

    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g_Ro.RegCookie, KeyObject, NULL, &name, 0))) {
        return FALSE;
    }
    ours = RtlPrefixUnicodeString(&g_Ro.ServiceKey, name, TRUE);
    CmCallbackReleaseKeyObjectIDEx(name);
    return ours;
}

NTSTATUS
RoRegistryCallback(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    REG_NOTIFY_CLASS cls = (REG_NOTIFY_CLASS)(ULONG_PTR)Argument1;
    PVOID object = NULL;

    UNREFERENCED_PARAMETER(CallbackContext);

    if (ExGetPreviousMode() == KernelMode || Argument2 == NULL) {
        return STATUS_SUCCESS;
    }

    switch (cls) {
    case RegNtPreSetValueKey:
        object = ((PREG_SET_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteValueKey:
        object = ((PREG_DELETE_VALUE_KEY_INFORMATION)Argument2)->Object;
        break;
    case RegNtPreDeleteKey:
        object = ((PREG_DELETE_KEY_INFORMATION)Argument2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (RoIsOurKey(object)) {
        InterlockedIncrement(&g_Ro.Denied);
        return STATUS_ACCESS_DENIED;
    }
    return STATUS_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS
RoPreHandle(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    HANDLE targetPid;
    ACCESS_MASK strip;
    PACCESS_MASK desired;

    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle || g_Ro.ProtectedPid == NULL) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->ObjectType == *PsProcessType) {
        targetPid = PsGetProcessId((PEPROCESS)Info->Object);
        strip = PROCESS_STRIP_MASK;
    } else if (Info->ObjectType == *PsThreadType) {
        targetPid = PsGetThreadProcessId((PETHREAD)Info->Object);
        strip = THREAD_STRIP_MASK;
    } else {
        return OB_PREOP_SUCCESS;
    }

    if (targetPid != g_Ro.ProtectedPid || PsGetCurrentProcessId() == targetPid) {
        return OB_PREOP_SUCCESS;
    }

    desired = (Info->Operation == OB_OPERATION_HANDLE_CREATE)
                  ? &Info->Parameters->CreateHandleInformation.DesiredAccess
                  : &Info->Parameters->DuplicateHandleInformation.DesiredAccess;
    if (*desired & strip) {
        *desired &= ~strip;
        InterlockedIncrement(&g_Ro.Denied);
    }
    return OB_PREOP_SUCCESS;
}
