// Monitor.cpp
#include "Monitor.h"

namespace procimg {

State* Monitor::s_state = nullptr;

Monitor::Monitor(State* state)
{
    s_state = state;

    m_status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(m_status)) {
        KdPrint(("procimg: process notify 0x%08X (linked with /INTEGRITYCHECK?)\n", m_status));
        return;
    }
    m_processRegistered = true;

    m_status = PsSetLoadImageNotifyRoutine(OnImage);
    if (!NT_SUCCESS(m_status)) {
        KdPrint(("procimg: image notify 0x%08X\n", m_status));
        return;
    }
    m_imageRegistered = true;
}

Monitor::~Monitor()
{
    if (m_imageRegistered) {
        PsRemoveLoadImageNotifyRoutine(OnImage);
        m_imageRegistered = false;
    }
    if (m_processRegistered) {
        PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
        m_processRegistered = false;
    }
}

void Monitor::OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);

    if (Info != nullptr) {
        Record(s_state, EventType::ProcessStart, ProcessId, nullptr, Info->ImageFileName);
    } else {
        Record(s_state, EventType::ProcessExit, ProcessId, nullptr, nullptr);
    }
}

void Monitor::OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    Record(s_state, EventType::ImageLoad, ProcessId, ImageInfo->ImageBase, FullImageName);
}

} // namespace procimg
