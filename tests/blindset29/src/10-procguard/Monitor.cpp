#include "Monitor.h"
#include "Policy.h"

Monitor::Registration Monitor::s_Table[] = {
    { "process notify", &Monitor::RegisterProcess,  &Monitor::UnregisterProcess,  false },
    { "ob callbacks",   &Monitor::RegisterObject,   &Monitor::UnregisterObject,   false },
    { "cm callback",    &Monitor::RegisterRegistry, &Monitor::UnregisterRegistry, false },
};

PDRIVER_OBJECT  Monitor::s_Driver;
PVOID           Monitor::s_ObHandle;
LARGE_INTEGER   Monitor::s_CmCookie;

NTSTATUS Monitor::Start(PDRIVER_OBJECT driver)
{
    s_Driver = driver;

    for (ULONG i = 0; i < ARRAYSIZE(s_Table); i++) {
        NTSTATUS status = s_Table[i].Register();
        if (!NT_SUCCESS(status)) {
            PG_ERROR("%s registration failed 0x%08X", s_Table[i].Name, status);
            Stop();     // undoes only the entries marked Active
            return status;
        }
        s_Table[i].Active = true;
    }
    return STATUS_SUCCESS;
}

void Monitor::Stop()
{
    for (ULONG i = ARRAYSIZE(s_Table); i-- > 0;) {
        if (s_Table[i].Active) {
            s_Table[i].Unregister();
            s_Table[i].Active = false;
        }
    }
}

// registration table entries
NTSTATUS Monitor::RegisterProcess()   { return PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE); }
void     Monitor::UnregisterProcess() { PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE); }

NTSTATUS Monitor::RegisterObject()
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = OnPreProcessHandle;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    reg.OperationRegistration = &op;
    RtlInitUnicodeString(&reg.Altitude, L"328420");

    return ObRegisterCallbacks(&reg, &s_ObHandle);
}

void Monitor::UnregisterObject()
{
    ObUnRegisterCallbacks(s_ObHandle);
    s_ObHandle = nullptr;
}

NTSTATUS Monitor::RegisterRegistry()
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"328421");
    return CmRegisterCallbackEx(OnRegistry, &altitude, s_Driver, nullptr, &s_CmCookie, nullptr);
}

void Monitor::UnregisterRegistry()
{
    CmUnRegisterCallback(s_CmCookie);
    s_CmCookie.QuadPart = 0;
}

// callbacks
void Monitor::OnProcess(PEPROCESS, HANDLE, PPS_CREATE_NOTIFY_INFO info)
{
    if (info == nullptr) {
        return;
    }
    if (g_Policy.IsDeniedImage(info->ImageFileName)) {
        info->CreationStatus = STATUS_ACCESS_DENIED;
    }
}

OB_PREOP_CALLBACK_STATUS Monitor::OnPreProcessHandle(PVOID, POB_PRE_OPERATION_INFORMATION info)
{
    constexpr ACCESS_MASK denied = PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_OPERATION |
                                   PROCESS_CREATE_THREAD | PROCESS_SUSPEND_RESUME;

    HANDLE agent = g_Policy.AgentPid();
    if (info->KernelHandle || agent == nullptr) {
        return OB_PREOP_SUCCESS;
    }
    if (PsGetProcessId(static_cast<PEPROCESS>(info->Object)) != agent || PsGetCurrentProcessId() == agent) {
        return OB_PREOP_SUCCESS;
    }

    PACCESS_MASK access = (info->Operation == OB_OPERATION_HANDLE_CREATE)
        ? &info->Parameters->CreateHandleInformation.DesiredAccess
        : &info->Parameters->DuplicateHandleInformation.DesiredAccess;

    *access &= ~denied;
    return OB_PREOP_SUCCESS;
}

NTSTATUS Monitor::OnRegistry(PVOID, PVOID arg1, PVOID arg2)
{
    PVOID keyObject = nullptr;

    switch (static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(arg1))) {
    case RegNtPreSetValueKey:
        keyObject = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(arg2)->Object;
        break;
    case RegNtPreDeleteValueKey:
        keyObject = static_cast<PREG_DELETE_VALUE_KEY_INFORMATION>(arg2)->Object;
        break;
    case RegNtPreDeleteKey:
        keyObject = static_cast<PREG_DELETE_KEY_INFORMATION>(arg2)->Object;
        break;
    default:
        return STATUS_SUCCESS;
    }

    if (ExGetPreviousMode() == KernelMode || PsGetCurrentProcessId() == g_Policy.AgentPid()) {
        return STATUS_SUCCESS;
    }

    PCUNICODE_STRING keyName = nullptr;
    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&s_CmCookie, keyObject, nullptr, &keyName, 0))) {
        return STATUS_SUCCESS;
    }

    NTSTATUS status = STATUS_SUCCESS;
    if (g_Policy.IsProtectedKey(keyName)) {
        status = STATUS_ACCESS_DENIED;
    }
    CmCallbackReleaseKeyObjectIDEx(keyName);
    return status;
}
