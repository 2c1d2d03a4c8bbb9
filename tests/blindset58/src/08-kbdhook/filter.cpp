// filter.cpp -- attach/detach and the IRP paths
#include "kbdhook.h"

namespace kh {

PDEVICE_OBJECT KbdHook::s_Filter     = nullptr;
PDEVICE_OBJECT KbdHook::s_Lower      = nullptr;
PDEVICE_OBJECT KbdHook::s_Target     = nullptr;
PFILE_OBJECT   KbdHook::s_TargetFile = nullptr;
volatile LONG  KbdHook::s_Pending    = 0;
ULONG          KbdHook::s_Keys       = 0;
BOOLEAN        KbdHook::s_MakeOnly   = TRUE;

NTSTATUS KbdHook::Attach(PDRIVER_OBJECT DriverObject, const Config* Cfg)
{
    NTSTATUS status;

    s_MakeOnly = Cfg->MakeOnly ? TRUE : FALSE;

    status = IoGetDeviceObjectPointer(const_cast<PUNICODE_STRING>(&Cfg->Target),
                                      FILE_READ_DATA, &s_TargetFile, &s_Target);
    if (!NT_SUCCESS(status)) {
        KH_FAIL(status, "IoGetDeviceObjectPointer");
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_KEYBOARD, 0, FALSE, &s_Filter);
    if (!NT_SUCCESS(status)) {
        KH_FAIL(status, "IoCreateDevice");
        ObDereferenceObject(s_TargetFile);
        s_TargetFile = nullptr;
        return status;
    }

    s_Filter->Flags |= s_Target->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);

    s_Lower = IoAttachDeviceToDeviceStack(s_Filter, s_Target);
    if (s_Lower == nullptr) {
        KH_FAIL(STATUS_NO_SUCH_DEVICE, "IoAttachDeviceToDeviceStack");
        IoDeleteDevice(s_Filter);
        s_Filter = nullptr;
        ObDereferenceObject(s_TargetFile);
        s_TargetFile = nullptr;
        return STATUS_NO_SUCH_DEVICE;
    }

    s_Filter->DeviceType      = s_Lower->DeviceType;
    s_Filter->Characteristics = s_Lower->Characteristics;
    s_Filter->Flags &= ~DO_DEVICE_INITIALIZING;

    KH_LOG("attached to %wZ (lower %p)", &Cfg->Target, s_Lower);
    return STATUS_SUCCESS;
}

void KbdHook::Detach()
{
    if (s_Filter != nullptr) {
        LARGE_INTEGER delay;
        delay.QuadPart = -10 * 1000 * 100;     // 100ms

        IoDetachDevice(s_Lower);

        // the read parked in kbdclass still has our completion routine
        while (InterlockedCompareExchange(&s_Pending, 0, 0) != 0) {
            KeDelayExecutionThread(KernelMode, FALSE, &delay);
        }

        IoDeleteDevice(s_Filter);
        s_Filter = nullptr;
        s_Lower  = nullptr;
    }

    KH_LOG("detached, %lu keys seen", s_Keys);
}

NTSTATUS KbdHook::DispatchPass(PDEVICE_OBJECT, PIRP Irp)
{
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(s_Lower, Irp);
}

NTSTATUS KbdHook::DispatchPower(PDEVICE_OBJECT, PIRP Irp)
{
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(s_Lower, Irp);
}

NTSTATUS KbdHook::DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UCHAR          minor = IoGetCurrentIrpStackLocation(Irp)->MinorFunction;
    PDEVICE_OBJECT lower = s_Lower;

    IoSkipCurrentIrpStackLocation(Irp);
    NTSTATUS status = IoCallDriver(lower, Irp);

    if (minor == IRP_MN_REMOVE_DEVICE) {
        // keyboard went away underneath us
        KH_LOG("class device removed, detaching");
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
        s_Filter = nullptr;
        s_Lower  = nullptr;
    }
    return status;
}

NTSTATUS KbdHook::ReadDone(PDEVICE_OBJECT, PIRP Irp, PVOID)
{
    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        auto  keys  = static_cast<PKEYBOARD_INPUT_DATA>(Irp->AssociatedIrp.SystemBuffer);
        ULONG count = static_cast<ULONG>(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        for (ULONG i = 0; i < count; i++) {
            bool up = (keys[i].Flags & KEY_BREAK) != 0;
            if (!up) {
                s_Keys++;
            }
            if (!up || !s_MakeOnly) {
                KH_LOG("scan 0x%02X %s", keys[i].MakeCode, up ? "up" : "down");
            }
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    InterlockedDecrement(&s_Pending);
    return Irp->IoStatus.Status;
}

NTSTATUS KbdHook::DispatchRead(PDEVICE_OBJECT, PIRP Irp)
{
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, ReadDone, nullptr, TRUE, TRUE, TRUE);
    InterlockedIncrement(&s_Pending);
    return IoCallDriver(s_Lower, Irp);
}

} // namespace kh
