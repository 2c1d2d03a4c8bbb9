//
// Protector.cpp - Ob callbacks for process and thread handles, plus a process
// notify routine that forgets protected pids when those processes exit.
//
#include "Protector.h"

namespace obp {

PidTable*          Protector::s_Table         = nullptr;
PVOID              Protector::s_ObHandle      = nullptr;
bool               Protector::s_ProcessNotify = false;
kutil::OwnedString Protector::s_ServiceKey;
WCHAR              Protector::s_AltitudeBuf[32];

static constexpr ACCESS_MASK kProcessStrip =
    PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_OPERATION | PROCESS_CREATE_THREAD;
static constexpr ACCESS_MASK kThreadStrip =
    THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT;

bool Protector::Contains(HANDLE Pid)
{
    kutil::SpinGuard guard(&s_Table->Lock);
    for (ULONG i = 0; i < s_Table->Count; ++i) {
        if (s_Table->Pids[i] == Pid) {
            return true;
        }
    }
    return false;
}

NTSTATUS Protector::Add(HANDLE Pid)
{
    kutil::SpinGuard guard(&s_Table->Lock);
    for (ULONG i = 0; i < s_Table->Count; ++i) {
        if (s_Table->Pids[i] == Pid) {
            return STATUS_SUCCESS;
        }
    }
    if (s_Table->Count == kMaxPids) {
        return STATUS_QUOTA_EXCEEDED;
    }
    s_Table->Pids[s_Table->Count++] = Pid;
    return STATUS_SUCCESS;
}

NTSTATUS Protector::Remove(HANDLE Pid)
{
    kutil::SpinGuard guard(&s_Table->Lock);
    for (ULONG i = 0; i < s_Table->Count; ++i) {
        if (s_Table->Pids[i] == Pid) {
            s_Table->Pids[i] = s_Table->Pids[--s_Table->Count];
            return STATUS_SUCCESS;
        }
    }
    return STATUS_NOT_FOUND;
}

OB_PREOP_CALLBACK_STATUS Protector::PreProcess(PVOID, POB_PRE_OPERATION_INFORMATION Info)
{
    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }
    HANDLE pid = PsGetProcessId(static_cast<PEPROCESS>(Info->Object));
    if (pid == PsGetCurrentProcessId() || !Contains(pid)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~kProcessStrip;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kProcessStrip;
    }
    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS Protector::PreThread(PVOID, POB_PRE_OPERATION_INFORMATION Info)
{
    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }
    HANDLE pid = PsGetThreadProcessId(static_cast<PETHREAD>(Info->Object));
    if (pid == PsGetCurrentProcessId() || !Contains(pid)) {
        return OB_PREOP_SUCCESS;
    }

    if (Info->Operation == OB_OPERATION_HANDLE_CREATE) {
        Info->Parameters->CreateHandleInformation.DesiredAccess &= ~kThreadStrip;
    } else {
        Info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kThreadStrip;
    }
    return OB_PREOP_SUCCESS;
}

void Protector::OnProcessExit(PEPROCESS, HANDLE Pid, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    if (CreateInfo == nullptr) {
        // pid values get recycled; never protect a stranger by accident
        Remove(Pid);
    }
}

NTSTATUS Protector::ReadAltitude(PUNICODE_STRING Altitude)
{
    RtlInitUnicodeString(Altitude, L"321020");   // default, see obprotect.inf

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &s_ServiceKey.Str, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               nullptr, nullptr);
    HANDLE key = nullptr;
    NTSTATUS status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return STATUS_SUCCESS;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(L"Altitude");
    UCHAR raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(s_AltitudeBuf)] = {};
    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(raw);
    ULONG len = 0;

    status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, info, sizeof(raw), &len);
    if (NT_SUCCESS(status) && info->Type == REG_SZ &&
        info->DataLength >= sizeof(WCHAR) && info->DataLength < sizeof(s_AltitudeBuf)) {
        RtlZeroMemory(s_AltitudeBuf, sizeof(s_AltitudeBuf));
        RtlCopyMemory(s_AltitudeBuf, info->Data, info->DataLength);
        RtlInitUnicodeString(Altitude, s_AltitudeBuf);
    }

    ZwClose(key);
    return STATUS_SUCCESS;
}

NTSTATUS Protector::Initialize(PCUNICODE_STRING ServiceKey)
{
    NTSTATUS status = s_ServiceKey.CopyFrom(ServiceKey);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    s_Table = static_cast<PidTable*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PidTable), kutil::kTag));
    if (!s_Table) {
        s_ServiceKey.Free();
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeSpinLock(&s_Table->Lock);

    OB_OPERATION_REGISTRATION ops[2] = {};
    ops[0].ObjectType   = PsProcessType;
    ops[0].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = PreProcess;
    ops[1].ObjectType   = PsThreadType;
    ops[1].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = PreThread;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = RTL_NUMBER_OF(ops);
    reg.RegistrationContext        = nullptr;
    reg.OperationRegistration      = ops;
    ReadAltitude(&reg.Altitude);

    status = ObRegisterCallbacks(&reg, &s_ObHandle);
    if (!NT_SUCCESS(status)) {
        OBP_LOG("ObRegisterCallbacks(%wZ) failed 0x%08X", &reg.Altitude, status);
        s_ObHandle = nullptr;
        ExFreePoolWithTag(s_Table, kutil::kTag);
        s_Table = nullptr;
        s_ServiceKey.Free();
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(OnProcessExit, FALSE);
    if (!NT_SUCCESS(status)) {
        OBP_LOG("PsSetCreateProcessNotifyRoutineEx failed 0x%08X", status);
        ObUnRegisterCallbacks(s_ObHandle);
        s_ObHandle = nullptr;
        ExFreePoolWithTag(s_Table, kutil::kTag);
        s_Table = nullptr;
        s_ServiceKey.Free();
        return status;
    }
    s_ProcessNotify = true;

    return STATUS_SUCCESS;
}

void Protector::Shutdown()
{
    // stop every producer and consumer of s_Table before freeing it
    if (s_ProcessNotify) {
        PsSetCreateProcessNotifyRoutineEx(OnProcessExit, TRUE);
        s_ProcessNotify = false;
    }
    if (s_ObHandle) {
        ObUnRegisterCallbacks(s_ObHandle);
        s_ObHandle = nullptr;
    }
    if (s_Table) {
        ExFreePoolWithTag(s_Table, kutil::kTag);
        s_Table = nullptr;
    }
    s_ServiceKey.Free();
}

} // namespace obp
