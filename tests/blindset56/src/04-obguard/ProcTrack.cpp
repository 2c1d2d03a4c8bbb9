#include "ObProtect.h"

//
// Process tracking: we only need it so that a protected pid that exits is
// dropped, otherwise a recycled pid would inherit the protection.
//

namespace obguard {

bool ProcTrack::s_Registered = false;

void ProcTrack::OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    const ULONG pid = HandleToULong(ProcessId);

    if (CreateInfo == nullptr) {
        if (pid != 0 && pid == Protector::ProtectedPid()) {
            OBG_PRINT("protected process %lu exited", pid);
            Protector::Unprotect();
        }
        return;
    }

    if (CreateInfo->ImageFileName != nullptr) {
        OBG_PRINT("process %lu (parent %lu) %wZ", pid,
                  HandleToULong(CreateInfo->ParentProcessId), CreateInfo->ImageFileName);
    }
}

NTSTATUS ProcTrack::Start()
{
    // Ex2 so that we also see pico (WSL) processes
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                                         reinterpret_cast<PVOID>(OnProcess),
                                                         FALSE);
    if (!NT_SUCCESS(status)) {
        OBG_PRINT("PsSetCreateProcessNotifyRoutineEx2 failed 0x%08X", status);
        return status;
    }

    s_Registered = true;
    return STATUS_SUCCESS;
}

void ProcTrack::Stop()
{
    if (!s_Registered) {
        return;
    }

    PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
    s_Registered = false;
}

} // namespace obguard
