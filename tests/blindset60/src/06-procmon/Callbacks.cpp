/*
 * Callbacks.cpp - process / thread notify routines
 */
#include "Driver.h"
#include "Callbacks.tmh"

using namespace pm;

namespace {

void FillName(PM_EVENT& ev, PCUNICODE_STRING name)
{
    if (name == nullptr || name->Buffer == nullptr) {
        ev.NameLength = 0;
        return;
    }
    // keep the tail, the front is always \Device\HarddiskVolumeN\...
    USHORT chars = name->Length / sizeof(WCHAR);
    USHORT skip  = chars > (PM_IMAGE_CHARS - 1) ? chars - (PM_IMAGE_CHARS - 1) : 0;
    USHORT copy  = chars - skip;

    RtlCopyMemory(ev.Image, name->Buffer + skip, copy * sizeof(WCHAR));
    ev.Image[copy] = L'\0';
    ev.NameLength  = copy;
}

} // anonymous namespace

void pm::OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    PM_EVENT ev = {};
    KeQuerySystemTimePrecise(reinterpret_cast<PLARGE_INTEGER>(&ev.Time));
    ev.ProcessId = HandleToULong(ProcessId);

    if (CreateInfo != nullptr) {
        ev.Type             = PmProcessCreate;
        ev.ParentOrThreadId = HandleToULong(CreateInfo->ParentProcessId);
        FillName(ev, CreateInfo->ImageFileName);
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_CALLBACK, "create pid %u parent %u",
                    ev.ProcessId, ev.ParentOrThreadId);
    } else {
        ev.Type = PmProcessExit;
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_CALLBACK, "exit pid %u", ev.ProcessId);
    }

    EventBuffer::Push(ev);
}

void pm::OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    PM_EVENT ev = {};
    KeQuerySystemTimePrecise(reinterpret_cast<PLARGE_INTEGER>(&ev.Time));
    ev.Type             = Create ? PmThreadCreate : PmThreadExit;
    ev.ProcessId        = HandleToULong(ProcessId);
    ev.ParentOrThreadId = HandleToULong(ThreadId);

    EventBuffer::Push(ev);
}
