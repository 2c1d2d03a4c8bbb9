// init.cpp - start-up as a table of steps.  Each row knows how to undo
// itself; DriverEntry runs them forwards and unwinds backwards on failure,
// FilterUnload unwinds all of them.
#include "writelog.h"

namespace wlog {

Globals g;

namespace {

const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_WRITE, 0, PreWrite, nullptr },
    { IRP_MJ_OPERATION_END }
};

const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    nullptr,            // no contexts
    Callbacks,
    FilterUnload,
    nullptr, nullptr, nullptr, nullptr,
    nullptr, nullptr, nullptr
};

NTSTATUS InitQueue(PDRIVER_OBJECT)
{
    KeInitializeSpinLock(&g.QueueLock);
    InitializeListHead(&g.Queue);
    g.Queued = 0;
    ExInitializeNPagedLookasideList(&g.Records, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(QueuedRecord), Tag, 0);
    return STATUS_SUCCESS;
}

void UndoQueue()
{
    DrainQueue();
    ExDeleteNPagedLookasideList(&g.Records);
}

NTSTATUS RegisterFilter(PDRIVER_OBJECT DriverObject)
{
    return FltRegisterFilter(DriverObject, &Registration, &g.Filter);
}

void UnregisterFilter()
{
    FltUnregisterFilter(g.Filter);
    g.Filter = nullptr;
}

NTSTATUS CreatePort(PDRIVER_OBJECT)
{
    PSECURITY_DESCRIPTOR sd = nullptr;
    auto status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING name;
    RtlInitUnicodeString(&name, PortName);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, sd);

    status = FltCreateCommunicationPort(g.Filter, &g.ServerPort, &oa, nullptr,
                                        OnConnect, OnDisconnect, OnMessage, 1);
    FltFreeSecurityDescriptor(sd);      // the port keeps its own copy
    return status;
}

void ClosePort()
{
    FltCloseCommunicationPort(g.ServerPort);
    g.ServerPort = nullptr;
}

NTSTATUS StartFiltering(PDRIVER_OBJECT)
{
    return FltStartFiltering(g.Filter);
}

struct Step {
    const char* Name;
    NTSTATUS (*Init)(PDRIVER_OBJECT);
    void (*Undo)();
};

// order matters: the port needs the filter, filtering needs everything
constexpr Step Steps[] = {
    { "queue",  InitQueue,      UndoQueue },
    { "filter", RegisterFilter, UnregisterFilter },
    { "port",   CreatePort,     ClosePort },
    { "start",  StartFiltering, nullptr },
};

} // namespace

ULONG StepCount()
{
    return ARRAYSIZE(Steps);
}

NTSTATUS RunSteps(PDRIVER_OBJECT DriverObject)
{
    for (ULONG i = 0; i < ARRAYSIZE(Steps); ++i) {
        auto status = Steps[i].Init(DriverObject);
        if (!NT_SUCCESS(status)) {
            KdPrint(("writelog: step '%s' failed 0x%08X\n", Steps[i].Name, status));
            UndoSteps(i);
            return status;
        }
        KdPrint(("writelog: step '%s' ok\n", Steps[i].Name));
    }
    return STATUS_SUCCESS;
}

// Undo the first `Completed` steps, newest first.
void UndoSteps(ULONG Completed)
{
    while (Completed-- > 0) {
        if (Steps[Completed].Undo != nullptr) {
            Steps[Completed].Undo();
        }
    }
}

} // namespace wlog

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    return wlog::RunSteps(DriverObject);
}
