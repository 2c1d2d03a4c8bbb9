#include "Rules.h"

namespace honey {

//
// registered with PsSetCreateProcessNotifyRoutineEx from DriverEntry
//
void OnProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo) {
        Rules::OnProcessCreated(ProcessId, CreateInfo->FileOpenNameAvailable ? CreateInfo->ImageFileName : nullptr);
    } else {
        Rules::OnProcessExited(ProcessId);
    }
}

} // namespace honey
