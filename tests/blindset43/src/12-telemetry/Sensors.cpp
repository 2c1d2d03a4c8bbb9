#include "Telemetry.h"

namespace tlm {

bool Sensors::s_Proc;
bool Sensors::s_Thread;
bool Sensors::s_Image;

void Sensors::ProcessCb(PEPROCESS, HANDLE pid, PPS_CREATE_NOTIFY_INFO info)
{
    Record r = {};
    r.Type = info ? RecProcessCreate : RecProcessExit;
    r.Pid = HandleToULong(pid);
    if (info) {
        r.Aux = HandleToULong(info->ParentProcessId);
    }
    Ring::Write(r);
}

void Sensors::ThreadCb(HANDLE pid, HANDLE tid, BOOLEAN create)
{
    Record r = {};
    r.Type = create ? RecThreadCreate : RecThreadExit;
    r.Pid = HandleToULong(pid);
    r.Aux = HandleToULong(tid);
    r.Remote = (create && PsGetCurrentProcessId() != pid) ? 1 : 0;
    Ring::Write(r);
}

void Sensors::ImageCb(PUNICODE_STRING, HANDLE pid, PIMAGE_INFO info)
{
    Record r = {};
    r.Type = RecImageLoad;
    r.Pid = HandleToULong(pid);
    r.Address = reinterpret_cast<ULONG64>(info->ImageBase);
    Ring::Write(r);
}

NTSTATUS Sensors::Enable()
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(ProcessCb, FALSE);
    if (!NT_SUCCESS(status)) {
        TLM_DBG("process notify %08X", status);
        return status;
    }
    s_Proc = true;

    status = PsSetCreateThreadNotifyRoutine(ThreadCb);
    if (!NT_SUCCESS(status)) {
        TLM_DBG("thread notify %08X", status);
        Disable();
        return status;
    }
    s_Thread = true;

    status = PsSetLoadImageNotifyRoutine(ImageCb);
    if (!NT_SUCCESS(status)) {
        TLM_DBG("image notify %08X", status);
        Disable();
        return status;
    }
    s_Image = true;
    return STATUS_SUCCESS;
}

// reverse order of Enable; every remove call waits for in-flight callbacks
void Sensors::Disable()
{
    if (s_Image) {
        PsRemoveLoadImageNotifyRoutine(ImageCb);
        s_Image = false;
    }
    if (s_Thread) {
        PsRemoveCreateThreadNotifyRoutine(ThreadCb);
        s_Thread = false;
    }
    if (s_Proc) {
        PsSetCreateProcessNotifyRoutineEx(ProcessCb, TRUE);
        s_Proc = false;
    }
}

} // namespace tlm
