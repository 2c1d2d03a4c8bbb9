#include "guard.h"

namespace gg {

PVOID      Guard::s_RegHandle = nullptr;
LIST_ENTRY Guard::s_List;
FAST_MUTEX Guard::s_Lock;
ULONG      Guard::s_Count = 0;

OB_PREOP_CALLBACK_STATUS Guard::PreOpenProcess(PVOID ctx, POB_PRE_OPERATION_INFORMATION info)
{
    UNREFERENCED_PARAMETER(ctx);

    if (info->KernelHandle)
        return OB_PREOP_SUCCESS;

    auto process = static_cast<PEPROCESS>(info->Object);
    ULONG pid = HandleToULong(PsGetProcessId(process));

    if (!IsProtected(pid))
        return OB_PREOP_SUCCESS;

    // the game itself may still open itself
    if (process == PsGetCurrentProcess())
        return OB_PREOP_SUCCESS;

    if (info->Operation == OB_OPERATION_HANDLE_CREATE)
        info->Parameters->CreateHandleInformation.DesiredAccess &= ~GG_STRIP_MASK;
    else
        info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~GG_STRIP_MASK;

    return OB_PREOP_SUCCESS;
}

NTSTATUS Guard::InstallCallbacks()
{
    OB_OPERATION_REGISTRATION op = {};
    op.ObjectType = PsProcessType;
    op.Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    op.PreOperation = PreOpenProcess;
    op.PostOperation = nullptr;

    OB_CALLBACK_REGISTRATION reg = {};
    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = 1;
    RtlInitUnicodeString(&reg.Altitude, GG_ALTITUDE);
    reg.RegistrationContext = nullptr;
    reg.OperationRegistration = &op;

    NTSTATUS status = ObRegisterCallbacks(&reg, &s_RegHandle);
    GG_LOG("ObRegisterCallbacks -> 0x%08X handle=%p", status, s_RegHandle);
    return status;
}

void Guard::RemoveCallbacks()
{
    ObUnRegisterCallbacks(s_RegHandle);
    s_RegHandle = nullptr;
}

void Guard::InitState()
{
    InitializeListHead(&s_List);
    ExInitializeFastMutex(&s_Lock);
    s_Count = 0;
}

void Guard::FreeState()
{
    Clear();
}

bool Guard::IsProtected(ULONG pid)
{
    AutoLock lock(s_Lock);
    for (auto e = s_List.Flink; e != &s_List; e = e->Flink) {
        auto entry = CONTAINING_RECORD(e, ProtectedEntry, Link);
        if (entry->Pid == pid)
            return true;
    }
    return false;
}

NTSTATUS Guard::Add(ULONG pid)
{
    if (IsProtected(pid))
        return STATUS_SUCCESS;

    auto entry = static_cast<ProtectedEntry*>(
        ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(ProtectedEntry), GG_TAG));
    if (!entry)
        return STATUS_INSUFFICIENT_RESOURCES;

    entry->Pid = pid;
    AutoLock lock(s_Lock);
    InsertTailList(&s_List, &entry->Link);
    s_Count++;
    return STATUS_SUCCESS;
}

NTSTATUS Guard::Remove(ULONG pid)
{
    AutoLock lock(s_Lock);
    for (auto e = s_List.Flink; e != &s_List; e = e->Flink) {
        auto entry = CONTAINING_RECORD(e, ProtectedEntry, Link);
        if (entry->Pid == pid) {
            RemoveEntryList(e);
            ExFreePoolWithTag(entry, GG_TAG);
            s_Count--;
            return STATUS_SUCCESS;
        }
    }
    return STATUS_NOT_FOUND;
}

void Guard::Clear()
{
    AutoLock lock(s_Lock);
    while (!IsListEmpty(&s_List)) {
        auto e = RemoveHeadList(&s_List);
        ExFreePoolWithTag(CONTAINING_RECORD(e, ProtectedEntry, Link), GG_TAG);
    }
    s_Count = 0;
}

} // namespace gg
