// threadwatch - logs thread creation with TraceLogging and counts threads
// per process for a small diagnostics tool. C++17, kernel mode.
#include <ntddk.h>
#include <TraceLoggingProvider.h>

// {3F1B2C4D-6E7F-4A8B-9C0D-1E2F3A4B5C6D}
TRACELOGGING_DEFINE_PROVIDER(
    g_TlgProvider,
    "Hobby.ThreadWatch",
    (0x3f1b2c4d, 0x6e7f, 0x4a8b, 0x9c, 0x0d, 0x1e, 0x2f, 0x3a, 0x4b, 0x5c, 0x6d));

namespace {

template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : f_(f), active_(true) {}
    ~ScopeExit() { if (active_) f_(); }
    void Dismiss() { active_ = false; }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
private:
    F f_;
    bool active_;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F f) { return ScopeExit<F>(f); }

PDEVICE_OBJECT g_Device = nullptr;
volatile LONG g_ThreadsCreated = 0;

void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    if (Create) {
        InterlockedIncrement(&g_ThreadsCreated);
    }
    TraceLoggingWrite(g_TlgProvider, "ThreadNotify",
                      TraceLoggingPointer(ProcessId, "Pid"),
                      TraceLoggingPointer(ThreadId, "Tid"),
                      TraceLoggingBoolean(Create, "Create"));
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

void Unload(PDRIVER_OBJECT)
{
    PsRemoveCreateThreadNotifyRoutine(OnThreadNotify);
    if (g_Device != nullptr) {
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
    }
    TraceLoggingWrite(g_TlgProvider, "Unload", TraceLoggingInt32(g_ThreadsCreated, "Threads"));
    TraceLoggingUnregister(g_TlgProvider);
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = TraceLoggingRegister(g_TlgProvider);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto unregisterTlg = MakeScopeExit([] { TraceLoggingUnregister(g_TlgProvider); });
    unregisterTlg.Dismiss();

    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\ThreadWatch");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        TraceLoggingWrite(g_TlgProvider, "InitFailed", TraceLoggingNTStatus(status, "Status"));
        return status;
    }
    auto deleteDevice = MakeScopeExit([] { IoDeleteDevice(g_Device); g_Device = nullptr; });

    status = PsSetCreateThreadNotifyRoutine(OnThreadNotify);
    if (!NT_SUCCESS(status)) {
        TraceLoggingWrite(g_TlgProvider, "InitFailed", TraceLoggingNTStatus(status, "Status"));
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->DriverUnload = Unload;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    deleteDevice.Dismiss();
    return STATUS_SUCCESS;
}
