//
// Shield.cpp - handle access filtering for a set of protected processes
//
#include "Shield.h"

namespace hs {

using HsPool = kg::Pool<HS_TAG>;

kg::SpinLock Shield::s_Lock;
LIST_ENTRY   Shield::s_List;
PVOID        Shield::s_ObHandle;
bool         Shield::s_ProcessNotify;

NTSTATUS Shield::Init()
{
    s_Lock.Init();
    InitializeListHead(&s_List);
    s_ObHandle = nullptr;
    s_ProcessNotify = false;
    return STATUS_SUCCESS;
}

bool Shield::IsProtected(HANDLE pid)
{
    kg::Locker lock(s_Lock);
    for (auto e = s_List.Flink; e != &s_List; e = e->Flink) {
        if (CONTAINING_RECORD(e, Entry, Link)->Pid == pid) {
            return true;
        }
    }
    return false;
}

NTSTATUS Shield::Add(HANDLE pid)
{
    if (IsProtected(pid)) {
        return STATUS_SUCCESS;
    }
    auto entry = HsPool::New<Entry>();
    if (!entry) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    entry->Pid = pid;

    kg::Locker lock(s_Lock);
    InsertTailList(&s_List, &entry->Link);
    return STATUS_SUCCESS;
}

NTSTATUS Shield::Remove(HANDLE pid)
{
    Entry* victim = nullptr;
    {
        kg::Locker lock(s_Lock);
        for (auto e = s_List.Flink; e != &s_List; e = e->Flink) {
            auto entry = CONTAINING_RECORD(e, Entry, Link);
            if (entry->Pid == pid) {
                RemoveEntryList(e);
                victim = entry;
                break;
            }
        }
    }
    if (!victim) {
        return STATUS_NOT_FOUND;
    }
    HsPool::Delete(victim);
    return STATUS_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS Shield::OnPreProcess(PVOID, POB_PRE_OPERATION_INFORMATION info)
{
    if (info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }
    auto pid = PsGetProcessId(static_cast<PEPROCESS>(info->Object));
    if (pid == PsGetCurrentProcessId() || !IsProtected(pid)) {
        return OB_PREOP_SUCCESS;
    }

    if (info->Operation == OB_OPERATION_HANDLE_CREATE) {
        info->Parameters->CreateHandleInformation.DesiredAccess &= ~kProcessDeny;
    } else {
        info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kProcessDeny;
    }
    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS Shield::OnPreThread(PVOID, POB_PRE_OPERATION_INFORMATION info)
{
    if (info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }
    auto pid = PsGetThreadProcessId(static_cast<PETHREAD>(info->Object));
    if (pid == PsGetCurrentProcessId() || !IsProtected(pid)) {
        return OB_PREOP_SUCCESS;
    }

    if (info->Operation == OB_OPERATION_HANDLE_CREATE) {
        info->Parameters->CreateHandleInformation.DesiredAccess &= ~kThreadDeny;
    } else {
        info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kThreadDeny;
    }
    return OB_PREOP_SUCCESS;
}

// drop exited processes so a recycled pid is not protected by accident
void Shield::OnProcessNotify(PEPROCESS, HANDLE pid, PPS_CREATE_NOTIFY_INFO createInfo)
{
    if (createInfo == nullptr) {
        Remove(pid);
    }
}

NTSTATUS Shield::StartCallbacks()
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        HS_LOG("PsSetCreateProcessNotifyRoutineEx 0x%X", status);
        return status;
    }
    s_ProcessNotify = true;

    OB_OPERATION_REGISTRATION ops[2] = {};
    ops[0].ObjectType   = PsProcessType;
    ops[0].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[0].PreOperation = OnPreProcess;
    ops[1].ObjectType   = PsThreadType;
    ops[1].Operations   = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[1].PreOperation = OnPreThread;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version                    = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = ARRAYSIZE(ops);
    reg.OperationRegistration      = ops;
    RtlInitUnicodeString(&reg.Altitude, HS_ALTITUDE);

    status = ObRegisterCallbacks(&reg, &s_ObHandle);
    if (!NT_SUCCESS(status)) {
        HS_LOG("ObRegisterCallbacks 0x%X", status);
        s_ObHandle = nullptr;
        PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
        s_ProcessNotify = false;
        return status;
    }
    return STATUS_SUCCESS;
}

void Shield::StopCallbacks()
{
    if (s_ObHandle) {
        ObUnRegisterCallbacks(s_ObHandle);
        s_ObHandle = nullptr;
    }
    if (s_ProcessNotify) {
        PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
        s_ProcessNotify = false;
    }
}

// only valid once no callback can run any more
void Shield::Cleanup()
{
    LIST_ENTRY local;
    InitializeListHead(&local);
    {
        kg::Locker lock(s_Lock);
        while (!IsListEmpty(&s_List)) {
            InsertTailList(&local, RemoveHeadList(&s_List));
        }
    }
    while (!IsListEmpty(&local)) {
        HsPool::Delete(CONTAINING_RECORD(RemoveHeadList(&local), Entry, Link));
    }
}

} // namespace hs
