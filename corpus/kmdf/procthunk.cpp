/*
 * procthunk.cpp - a non-PnP framework driver written as a C++ class: the
 * framework's callbacks are static member functions ("thunks"), stored with
 * `&ProcWatch::EvtDriverUnloadThunk`. The unload thunk removes the process
 * notify routine DriverEntry registered.
 */

#include <ntddk.h>
#include <wdf.h>

extern "C" DRIVER_INITIALIZE DriverEntry;

class ProcWatch {
public:
    static VOID EvtDriverUnloadThunk(_In_ WDFDRIVER Driver)
    {
        UNREFERENCED_PARAMETER(Driver);
        PsSetCreateProcessNotifyRoutineEx(&ProcWatch::OnProcess, TRUE);
    }

    static VOID OnProcess(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                          _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
    {
        UNREFERENCED_PARAMETER(Process);
        UNREFERENCED_PARAMETER(ProcessId);
        if (CreateInfo != NULL) {
            InterlockedIncrement(&Started);
        }
    }

    static volatile LONG Started;
};

volatile LONG ProcWatch::Started = 0;

extern "C" NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = &ProcWatch::EvtDriverUnloadThunk;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return PsSetCreateProcessNotifyRoutineEx(&ProcWatch::OnProcess, FALSE);
}
