#include "MouseFilter.h"

PDEVICE_OBJECT  MouseFilter::s_Filter     = nullptr;
PDEVICE_OBJECT  MouseFilter::s_Lower      = nullptr;
PDEVICE_OBJECT  MouseFilter::s_Target     = nullptr;
PFILE_OBJECT    MouseFilter::s_TargetFile = nullptr;
volatile LONG   MouseFilter::s_Pending    = 0;
volatile LONG   MouseFilter::s_Pull       = DEFAULT_PULL;
BOOLEAN         MouseFilter::s_LeftDown   = FALSE;

NTSTATUS MouseFilter::Attach(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(MOUSE_CLASS_NAME);
    NTSTATUS status;

    status = IoGetDeviceObjectPointer(&name, FILE_READ_ATTRIBUTES, &s_TargetFile, &s_Target);
    if (!NT_SUCCESS(status)) {
        NR_LOG("IoGetDeviceObjectPointer(%wZ) failed 0x%X", &name, status);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_MOUSE, 0, FALSE, &s_Filter);
    if (!NT_SUCCESS(status)) {
        NR_LOG("IoCreateDevice failed 0x%X", status);
        ObDereferenceObject(s_TargetFile);
        s_TargetFile = nullptr;
        s_Target = nullptr;
        return status;
    }

    // the Safe variant fills s_Lower before any irp can reach the filter
    status = IoAttachDeviceToDeviceStackSafe(s_Filter, s_Target, &s_Lower);

    // look like the device below us
    s_Filter->Flags |= s_Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    s_Filter->DeviceType = s_Lower->DeviceType;
    s_Filter->Characteristics = s_Lower->Characteristics;
    s_Filter->Flags &= ~DO_DEVICE_INITIALIZING;

    NR_LOG("attached %p -> %p (pull=%ld)", s_Filter, s_Lower, s_Pull);
    return STATUS_SUCCESS;
}

VOID MouseFilter::Detach()
{
    LARGE_INTEGER interval;
    interval.QuadPart = -10LL * 1000 * 100;

    if (s_Lower) {
        IoDetachDevice(s_Lower);
        s_Lower = nullptr;
    }

    // the class driver always holds one of our reads; it completes on the next move
    while (s_Pending > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
    }

    if (s_Filter) {
        IoDeleteDevice(s_Filter);
        s_Filter = nullptr;
    }

    if (s_Target) {
        ObDereferenceObject(s_Target);
        s_Target = nullptr;
        s_TargetFile = nullptr;
    }
}

NTSTATUS MouseFilter::DispatchPassThrough(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(s_Lower, Irp);
}

NTSTATUS MouseFilter::DispatchPower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(s_Lower, Irp);
}

void MouseFilter::ApplyPull(_Inout_ PMOUSE_INPUT_DATA Data)
{
    if (Data->ButtonFlags & MOUSE_LEFT_BUTTON_DOWN) {
        s_LeftDown = TRUE;
    }
    if (Data->ButtonFlags & MOUSE_LEFT_BUTTON_UP) {
        s_LeftDown = FALSE;
    }

    // absolute devices (tablets, RDP) are left alone
    if (s_LeftDown && !(Data->Flags & MOUSE_MOVE_ABSOLUTE)) {
        Data->LastY += s_Pull;
    }
}

NTSTATUS MouseFilter::ReadComplete(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp, _In_opt_ PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status) && s_Pull != 0) {
        auto data  = static_cast<PMOUSE_INPUT_DATA>(Irp->AssociatedIrp.SystemBuffer);
        auto count = Irp->IoStatus.Information / sizeof(MOUSE_INPUT_DATA);
        for (ULONG_PTR i = 0; i < count; ++i) {
            ApplyPull(&data[i]);
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&s_Pending);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS MouseFilter::DispatchRead(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    InterlockedIncrement(&s_Pending);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, ReadComplete, nullptr, TRUE, TRUE, TRUE);
    return IoCallDriver(s_Lower, Irp);
}
