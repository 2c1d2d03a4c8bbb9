//
// worker.cpp - flush thread and \Callback\PowerState hook
//
#include "volflushd.h"

namespace {

// closes a kernel handle when it goes out of scope
class ScopedHandle {
public:
    ScopedHandle() : h_(nullptr) {}
    ~ScopedHandle() { if (h_ != nullptr) ZwClose(h_); }
    PHANDLE operator&() { return &h_; }
    HANDLE get() const { return h_; }
private:
    HANDLE h_;
    ScopedHandle(const ScopedHandle&);
    ScopedHandle& operator=(const ScopedHandle&);
};

NTSTATUS
FlushTarget()
{
    KEVENT          done;
    IO_STATUS_BLOCK iosb;

    KeInitializeEvent(&done, NotificationEvent, FALSE);
    PIRP irp = IoBuildSynchronousFsdRequest(IRP_MJ_FLUSH_BUFFERS, g_Fd.TargetDevice,
                                            nullptr, 0, nullptr, &done, &iosb);
    if (irp == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    IoGetNextIrpStackLocation(irp)->FileObject = g_Fd.TargetFile;

    NTSTATUS status = IoCallDriver(g_Fd.TargetDevice, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, nullptr);
        status = iosb.Status;
    }
    return status;
}

VOID
WorkerRoutine(_In_ PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    PVOID objects[2] = { &g_Fd.StopEvent, &g_Fd.FlushNowEvent };
    LARGE_INTEGER period;
    period.QuadPart = -10LL * 1000 * 1000 * g_Fd.IntervalSec;

    FDLOG("worker running\n");
    for (;;) {
        NTSTATUS w = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                              FALSE, &period, nullptr);
        if (w == STATUS_WAIT_0) {
            break;
        }
        NTSTATUS status = FlushTarget();
        g_Fd.LastStatus = status;
        if (NT_SUCCESS(status)) {
            InterlockedIncrement(&g_Fd.Flushes);
        } else {
            InterlockedIncrement(&g_Fd.Failures);
        }
    }
    FDLOG("worker exiting\n");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID
PowerStateCallback(_In_opt_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2)
{
    UNREFERENCED_PARAMETER(CallbackContext);

    // Argument2 == FALSE: the system is about to leave S0
    if (Argument1 == reinterpret_cast<PVOID>(PO_CB_SYSTEM_STATE_LOCK) && Argument2 == nullptr) {
        KeSetEvent(&g_Fd.FlushNowEvent, IO_NO_INCREMENT, FALSE);
    }
}

} // namespace

extern "C" NTSTATUS
FdRegisterPowerCallback(VOID)
{
    UNICODE_STRING    name = RTL_CONSTANT_STRING(L"\\Callback\\PowerState");
    OBJECT_ATTRIBUTES oa;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, nullptr);
    NTSTATUS status = ExCreateCallback(&g_Fd.PowerCallbackObject, &oa, FALSE, TRUE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    g_Fd.PowerCallbackHandle = ExRegisterCallback(g_Fd.PowerCallbackObject, PowerStateCallback, nullptr);
    if (g_Fd.PowerCallbackHandle == nullptr) {
        ObDereferenceObject(g_Fd.PowerCallbackObject);
        g_Fd.PowerCallbackObject = nullptr;
        return STATUS_UNSUCCESSFUL;
    }
    return STATUS_SUCCESS;
}

extern "C" VOID
FdUnregisterPowerCallback(VOID)
{
    if (g_Fd.PowerCallbackHandle != nullptr) {
        ExUnregisterCallback(g_Fd.PowerCallbackHandle);
        g_Fd.PowerCallbackHandle = nullptr;
    }
    if (g_Fd.PowerCallbackObject != nullptr) {
        ObDereferenceObject(g_Fd.PowerCallbackObject);
        g_Fd.PowerCallbackObject = nullptr;
    }
}

extern "C" NTSTATUS
FdStartWorker(VOID)
{
    OBJECT_ATTRIBUTES oa;
    ScopedHandle      thread;

    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    NTSTATUS status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &oa, nullptr, nullptr,
                                           WorkerRoutine, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(thread.get(), SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&g_Fd.Worker), nullptr);
    if (!NT_SUCCESS(status)) {
        // cannot wait for it without the object: stop it and hope
        KeSetEvent(&g_Fd.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread.get(), FALSE, nullptr);
        return status;
    }
    return STATUS_SUCCESS;
}

extern "C" VOID
FdStopWorker(VOID)
{
    if (g_Fd.Worker == nullptr) {
        return;
    }
    KeSetEvent(&g_Fd.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Fd.Worker, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(g_Fd.Worker);
    g_Fd.Worker = nullptr;
}
