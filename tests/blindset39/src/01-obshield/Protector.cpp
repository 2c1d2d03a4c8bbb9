#include "Protector.h"

FastMutex Protector::s_Lock;
ULONG     Protector::s_Pids[MAX_PROTECTED_PIDS];
ULONG     Protector::s_Count;
PVOID     Protector::s_RegHandle;

static const ACCESS_MASK kStrippedRights =
    PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_OPERATION | PROCESS_SUSPEND_RESUME;

void Protector::Init()
{
    s_Lock.Init();
    RtlZeroMemory(s_Pids, sizeof(s_Pids));
    s_Count = 0;
    s_RegHandle = nullptr;
}

//
// --- PID table -------------------------------------------------------------
//
bool Protector::AddPid(ULONG pid)
{
    AutoLock<FastMutex> guard(s_Lock);

    for (ULONG i = 0; i < s_Count; i++) {
        if (s_Pids[i] == pid)
            return true;
    }
    if (s_Count >= MAX_PROTECTED_PIDS)
        return false;

    s_Pids[s_Count++] = pid;
    return true;
}

bool Protector::RemovePid(ULONG pid)
{
    AutoLock<FastMutex> guard(s_Lock);

    for (ULONG i = 0; i < s_Count; i++) {
        if (s_Pids[i] == pid) {
            s_Pids[i] = s_Pids[--s_Count];
            return true;
        }
    }
    return false;
}

void Protector::Clear()
{
    AutoLock<FastMutex> guard(s_Lock);
    s_Count = 0;
}

bool Protector::IsProtected(ULONG pid)
{
    AutoLock<FastMutex> guard(s_Lock);

    for (ULONG i = 0; i < s_Count; i++) {
        if (s_Pids[i] == pid)
            return true;
    }
    return false;
}

//
// --- Object manager callback ----------------------------------------------
//
OB_PREOP_CALLBACK_STATUS Protector::OnPreOpenProcess(
    PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info)
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle)
        return OB_PREOP_SUCCESS;

    auto process = static_cast<PEPROCESS>(Info->Object);
    ULONG pid = HandleToULong(PsGetProcessId(process));

    if (!IsProtected(pid))
        return OB_PREOP_SUCCESS;

    // let the process open itself
    if (process == PsGetCurrentProcess())
        return OB_PREOP_SUCCESS;

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~kStrippedRights;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kStrippedRights;
    }
    return OB_PREOP_SUCCESS;
}

NTSTATUS Protector::RegisterObCallbacks()
{
    OB_OPERATION_REGISTRATION ops[1] = {};
    ops[0].ObjectType    = PsProcessType;
    ops[0].Operations    = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation  = OnPreOpenProcess;
    ops[0].PostOperation = nullptr;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = ARRAYSIZE(ops);
    reg.RegistrationContext        = nullptr;
    reg.OperationRegistration      = ops;
    RtlInitUnicodeString(&reg.Altitude, OBSHIELD_ALTITUDE);

    NTSTATUS status = ObRegisterCallbacks(&reg, &s_RegHandle);
    if (!NT_SUCCESS(status)) {
        LOG_ERR("ObRegisterCallbacks failed 0x%08X", status);
        s_RegHandle = nullptr;
    }
    return status;
}

void Protector::UnregisterObCallbacks()
{
    if (s_RegHandle) {
        ObUnRegisterCallbacks(s_RegHandle);
        s_RegHandle = nullptr;
    }
}

//
// --- process notify: drop dead PIDs so they can't be recycled -------------
//
void Protector::OnProcessNotify(
    PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == nullptr) {
        if (RemovePid(HandleToULong(ProcessId)))
            LOG("pid %u exited, removed from table", HandleToULong(ProcessId));
    }
}

NTSTATUS Protector::StartProcessWatch()
{
    return PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
}

void Protector::StopProcessWatch()
{
    // same routine pointer as registration, TRUE = remove
    NTSTATUS status = PsSetCreateProcessNotifyRoutine(
        reinterpret_cast<PCREATE_PROCESS_NOTIFY_ROUTINE>(OnProcessNotify), TRUE);
    if (!NT_SUCCESS(status))
        LOG_ERR("remove process notify 0x%08X", status);
}
