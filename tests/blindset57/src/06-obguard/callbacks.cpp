//
// callbacks.cpp - object manager and image-load callbacks, plus the PID set
//
#include "obguard.h"

namespace obg {

auto PidSet::Init() -> void
{
    m_Lock  = 0;
    m_Count = 0;
    RtlZeroMemory(m_Pids, sizeof(m_Pids));
}

auto PidSet::Add(ULONG Pid) -> bool
{
    ExSpinGuard<true> lock(&m_Lock);
    for (ULONG i = 0; i < m_Count; i++) {
        if (m_Pids[i] == Pid) {
            return true;
        }
    }
    if (m_Count == OBG_MAX_PIDS) {
        return false;
    }
    m_Pids[m_Count++] = Pid;
    return true;
}

auto PidSet::Remove(ULONG Pid) -> bool
{
    ExSpinGuard<true> lock(&m_Lock);
    for (ULONG i = 0; i < m_Count; i++) {
        if (m_Pids[i] == Pid) {
            m_Pids[i] = m_Pids[--m_Count];
            return true;
        }
    }
    return false;
}

auto PidSet::Contains(ULONG Pid) -> bool
{
    if (m_Count == 0) {
        return false;                       // fast path, no lock
    }
    ExSpinGuard<false> lock(&m_Lock);
    for (ULONG i = 0; i < m_Count; i++) {
        if (m_Pids[i] == Pid) {
            return true;
        }
    }
    return false;
}

auto PreOpenProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info) -> OB_PREOP_CALLBACK_STATUS
{
    UNREFERENCED_PARAMETER(RegistrationContext);

    if (Info->KernelHandle) {
        return OB_PREOP_SUCCESS;
    }

    auto process = static_cast<PEPROCESS>(Info->Object);
    if (process == PsGetCurrentProcess()) {
        return OB_PREOP_SUCCESS;            // a process may do what it likes to itself
    }
    if (!g.Protected.Contains(HandleToULong(PsGetProcessId(process)))) {
        return OB_PREOP_SUCCESS;
    }

    auto desired = (Info->Operation == OB_OPERATION_HANDLE_CREATE)
                       ? &Info->Parameters->CreateHandleInformation.DesiredAccess
                       : &Info->Parameters->DuplicateHandleInformation.DesiredAccess;

    if (*desired & OBG_STRIP_MASK) {
        *desired &= ~OBG_STRIP_MASK;
        InterlockedIncrement(&g.Counters.Stripped);
    }
    return OB_PREOP_SUCCESS;
}

auto OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo) -> void
{
    InterlockedIncrement(&g.Counters.ImagesSeen);

    if (ImageInfo->SystemModeImage || ProcessId == nullptr || FullImageName == nullptr) {
        return;
    }
    if (g.Protected.Contains(HandleToULong(ProcessId))) {
        InterlockedIncrement(&g.Counters.ImagesInProtected);
        OBG_LOG("pid %lu maps %wZ at %p", HandleToULong(ProcessId), FullImageName, ImageInfo->ImageBase);
    }
}

} // namespace obg
