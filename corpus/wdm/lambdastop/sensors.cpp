//
// sensors.cpp - process and thread notify routines feeding a counter
// block. Start registers both; when the second registration fails, a
// rollback lambda, called as a statement, removes what the flags say is
// registered. Stop, at unload, does the same.
//

#include <ntddk.h>

namespace sensors {

struct Counters {
    volatile LONG Processes;
    volatile LONG Threads;
};

class Sensors {
public:
    static NTSTATUS Start();
    static void Stop();

private:
    static void OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
    static void OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);

    static bool s_Process;
    static bool s_Thread;
    static Counters s_Counters;
};

bool Sensors::s_Process;
bool Sensors::s_Thread;
Counters Sensors::s_Counters;

void Sensors::OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(ProcessId);
    if (CreateInfo != nullptr) {
        InterlockedIncrement(&s_Counters.Processes);
    }
}

void Sensors::OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);
    if (Create) {
        InterlockedIncrement(&s_Counters.Threads);
    }
}

NTSTATUS Sensors::Start()
{
    auto rollback = []() {
        if (s_Thread) {
            PsRemoveCreateThreadNotifyRoutine(OnThread);
            s_Thread = false;
        }
        if (s_Process) {
            PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
            s_Process = false;
        }
    };

    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    s_Process = true;

    status = PsSetCreateThreadNotifyRoutine(OnThread);
    if (!NT_SUCCESS(status)) {
        rollback();
        return status;
    }
    s_Thread = true;
    return STATUS_SUCCESS;
}

void Sensors::Stop()
{
    if (s_Thread) {
        PsRemoveCreateThreadNotifyRoutine(OnThread);
        s_Thread = false;
    }
    if (s_Process) {
        PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
        s_Process = false;
    }
}

} // namespace sensors

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD SensorsUnload;

static void SensorsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    sensors::Sensors::Stop();
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = sensors::Sensors::Start();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = SensorsUnload;
    return STATUS_SUCCESS;
}
