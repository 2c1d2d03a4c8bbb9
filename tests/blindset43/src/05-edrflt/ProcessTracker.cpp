#include "Common.h"

namespace edr {

bool ProcessTracker::s_Registered = false;

VOID ProcessTracker::OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (!CommPort::IsConnected()) {
        return;
    }

    auto msg = static_cast<Message*>(ExAllocatePool2(POOL_FLAG_PAGED, sizeof(Message), EDR_TAG));
    if (!msg) {
        return;
    }

    msg->Header.ProcessId = HandleToULong(ProcessId);
    if (CreateInfo) {
        msg->Header.Type = MsgType::ProcessCreate;
        msg->Header.Extra = HandleToULong(CreateInfo->ParentProcessId);
        CopyPath(msg->Path, CreateInfo->ImageFileName);
    } else {
        msg->Header.Type = MsgType::ProcessExit;
    }

    CommPort::Send(*msg);
    ExFreePoolWithTag(msg, EDR_TAG);
}

NTSTATUS ProcessTracker::Start()
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        EDR_LOG("PsSetCreateProcessNotifyRoutineEx 0x%X", status);
        return status;
    }
    s_Registered = true;
    return STATUS_SUCCESS;
}

void ProcessTracker::Stop()
{
    if (s_Registered) {
        PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
        s_Registered = false;
    }
}

} // namespace edr
