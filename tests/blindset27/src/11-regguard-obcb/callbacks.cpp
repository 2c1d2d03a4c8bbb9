// callbacks.cpp - object, registry and process callbacks.
#include "regguard.h"

constexpr ACCESS_MASK kDeniedProcessRights = PROCESS_TERMINATE | PROCESS_VM_WRITE |
    PROCESS_VM_OPERATION | PROCESS_CREATE_THREAD | PROCESS_SUSPEND_RESUME | PROCESS_SET_INFORMATION;

static inline HANDLE RgAgentPid()
{
    return reinterpret_cast<HANDLE>(InterlockedCompareExchangePointer(
        reinterpret_cast<PVOID volatile*>(&g_Rg.AgentPid), nullptr, nullptr));
}

OB_PREOP_CALLBACK_STATUS
RgObPreCallback(_In_ PVOID Context, _Inout_ POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(Context);

    HANDLE agent = RgAgentPid();
    if (Info->KernelHandle || agent == nullptr) {
        return OB_PREOP_SUCCESS;
    }
    if (PsGetProcessId(static_cast<PEPROCESS>(Info->Object)) != agent ||
        PsGetCurrentProcessId() == agent) {
        return OB_PREOP_SUCCESS;
    }
    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~kDeniedProcessRights;
    } else if (Info->Operation == OB_OPERATION_HANDLE_DUPLICATE) {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kDeniedProcessRights;
    }
    return OB_PREOP_SUCCESS;
}

// Forget the agent PID as soon as that process exits, before it can be reused.
void RgProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                     _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == nullptr) {
        InterlockedCompareExchangePointer(reinterpret_cast<PVOID volatile*>(&g_Rg.AgentPid),
                                          nullptr, ProcessId);
    }
}

static PVOID RgKeyObjectFor(_In_ REG_NOTIFY_CLASS Op, _In_ PVOID Argument2)
{
    switch (Op) {
    case RegNtPreSetValueKey:
        return static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2)->Object;
    case RegNtPreDeleteValueKey:
        return static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(Argument2)->Object;
    case RegNtPreDeleteKey:
        return static_cast<PREG_DELETE_KEY_INFORMATION>(Argument2)->Object;
    case RegNtPreRenameKey:
        return static_cast<PREG_RENAME_KEY_INFORMATION>(Argument2)->Object;
    default:
        return nullptr;
    }
}

NTSTATUS
RgRegistryCallback(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    UNREFERENCED_PARAMETER(CallbackContext);

    const auto op = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));
    if (Argument2 == nullptr || ExGetPreviousMode() == KernelMode) {
        return STATUS_SUCCESS;
    }
    PVOID keyObject = RgKeyObjectFor(op, Argument2);
    if (keyObject == nullptr || PsGetCurrentProcessId() == RgAgentPid()) {
        return STATUS_SUCCESS;
    }

    PCUNICODE_STRING keyName = nullptr;
    NTSTATUS status = CmCallbackGetKeyObjectIDEx(&g_Rg.CmCookie, keyObject, nullptr, &keyName, 0);
    if (!NT_SUCCESS(status)) {
        return STATUS_SUCCESS;              // cannot tell; do not break the caller
    }

    NTSTATUS verdict = STATUS_SUCCESS;
    if (RtlPrefixUnicodeString(&g_Rg.ProtectedKey, keyName, TRUE)) {
        RgRecordEvent(static_cast<ULONG>(op), keyName);
        verdict = STATUS_ACCESS_DENIED;
    }
    CmCallbackReleaseKeyObjectIDEx(keyName);
    return verdict;
}
