//
// wsklog.sys - ships process start/exit lines to a local syslog-ish
// collector over a WSK datagram socket, from a dedicated system thread.
//
#include "wsklog.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD WlUnload;

namespace {

void OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo && CreateInfo->ImageFileName) {
        LogPump::Post("start pid=%lu ppid=%lu image=%wZ",
                      HandleToULong(ProcessId),
                      HandleToULong(CreateInfo->ParentProcessId),
                      CreateInfo->ImageFileName);
    } else if (CreateInfo) {
        LogPump::Post("start pid=%lu ppid=%lu",
                      HandleToULong(ProcessId),
                      HandleToULong(CreateInfo->ParentProcessId));
    } else {
        LogPump::Post("exit pid=%lu", HandleToULong(ProcessId));
    }
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    WL_DBG("DriverEntry");

    // queue + events exist before anything that could post to them
    LogPump::Init();

    RETURN_IF_NT_FAILED(WskClient::Start());
    wl::scope_exit wskGuard([] { WskClient::Stop(); });

    RETURN_IF_NT_FAILED(LogPump::Start());
    wl::scope_exit pumpGuard([] { LogPump::Stop(); });

    RETURN_IF_NT_FAILED(PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE));

    DriverObject->DriverUnload = WlUnload;

    pumpGuard.Dismiss();
    wskGuard.Dismiss();

    LogPump::Post("wsklog up");
    return STATUS_SUCCESS;
}

static void WlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // producer, then consumer, then the transport it uses
    PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
    LogPump::Stop();
    WskClient::Stop();

    WL_DBG("unloaded");
}
