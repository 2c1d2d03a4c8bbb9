#include "guard.h"

namespace ad {

PidSet* Guard::s_Protected = nullptr;
PVOID   Guard::s_ObHandle = nullptr;

//
// PidSet
//
bool PidSet::Contains(ULONG pid)
{
    KIRQL irql;
    bool found = false;

    KeAcquireSpinLock(&m_lock, &irql);
    for (ULONG i = 0; i < m_count; i++) {
        if (m_pids[i] == pid) {
            found = true;
            break;
        }
    }
    KeReleaseSpinLock(&m_lock, irql);
    return found;
}

bool PidSet::Add(ULONG pid)
{
    KIRQL irql;
    bool ok = false;

    KeAcquireSpinLock(&m_lock, &irql);
    if (m_count < AD_MAX_PIDS) {
        m_pids[m_count++] = pid;
        ok = true;
    }
    KeReleaseSpinLock(&m_lock, irql);
    return ok;
}

bool PidSet::Remove(ULONG pid)
{
    KIRQL irql;
    bool removed = false;

    KeAcquireSpinLock(&m_lock, &irql);
    for (ULONG i = 0; i < m_count; i++) {
        if (m_pids[i] == pid) {
            m_pids[i] = m_pids[--m_count];    // order doesn't matter
            removed = true;
            break;
        }
    }
    KeReleaseSpinLock(&m_lock, irql);
    return removed;
}

//
// callbacks
//
OB_PREOP_CALLBACK_STATUS Guard::PreProcessHandle(PVOID ctx, POB_PRE_OPERATION_INFORMATION info)
{
    UNREFERENCED_PARAMETER(ctx);

    if (info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    const ULONG target = HandleToULong(PsGetProcessId(static_cast<PEPROCESS>(info->Object)));
    if (target == HandleToULong(PsGetCurrentProcessId())) {
        return OB_PREOP_SUCCESS;        // a process may always open itself
    }

    if (!s_Protected->Contains(target)) {
        return OB_PREOP_SUCCESS;
    }

    if (info->Operation == OB_OPERATION_HANDLE_CREATE) {
        info->Parameters->CreateHandleInformation.DesiredAccess &= ~kProcessStrip;
    } else {
        info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kProcessStrip;
    }
    return OB_PREOP_SUCCESS;
}

OB_PREOP_CALLBACK_STATUS Guard::PreThreadHandle(PVOID ctx, POB_PRE_OPERATION_INFORMATION info)
{
    UNREFERENCED_PARAMETER(ctx);

    if (info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    const ULONG owner = HandleToULong(PsGetThreadProcessId(static_cast<PETHREAD>(info->Object)));
    if (owner == HandleToULong(PsGetCurrentProcessId())) {
        return OB_PREOP_SUCCESS;
    }

    if (!s_Protected->Contains(owner)) {
        return OB_PREOP_SUCCESS;
    }

    if (info->Operation == OB_OPERATION_HANDLE_CREATE) {
        info->Parameters->CreateHandleInformation.DesiredAccess &= ~kThreadStrip;
    } else {
        info->Parameters->DuplicateHandleInformation.DesiredAccess &= ~kThreadStrip;
    }
    return OB_PREOP_SUCCESS;
}

void Guard::OnProcessNotify(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO createInfo)
{
    UNREFERENCED_PARAMETER(process);

    if (createInfo == nullptr) {
        // exit: forget it so a recycled PID isn't protected by accident
        if (s_Protected->Remove(HandleToULong(pid))) {
            ADLOG("protected pid %lu exited", HandleToULong(pid));
        }
    }
}

} // namespace ad
