//
// driver.cpp - entry point, dispatch and unload for cppmon.sys
//
// DriverEntry builds every resource as a local RAII owner.  Any early
// return unwinds the locals in reverse order; only when everything exists
// are the owners moved into the heap-allocated DriverState and published.
//

#include "monitor.h"

DriverState* g_Driver = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD CppMonUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH CppMonCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH CppMonDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CppMonUnload)
#endif

namespace {

NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR info = 0) noexcept
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

} // namespace

static NTSTATUS
CppMonCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

static NTSTATUS
CppMonDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    const auto* sp = IoGetCurrentIrpStackLocation(Irp);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_CPPMON_GET_STATS) {
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }

    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CPPMON_STATS)) {
        return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
    }

    DriverState* state = g_Driver;
    if (state == nullptr || !state->Mon) {
        return CompleteIrp(Irp, STATUS_DEVICE_NOT_READY);
    }

    *static_cast<CPPMON_STATS*>(Irp->AssociatedIrp.SystemBuffer) = state->Mon->Snapshot();
    return CompleteIrp(Irp, STATUS_SUCCESS, sizeof(CPPMON_STATS));
}

static VOID
CppMonUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    //
    // Unpublish, then destroy.  ~DriverState runs the member destructors in
    // reverse order: process notify removed, registry callback removed and
    // monitor freed, symbolic link deleted, device deleted.
    //
    DriverState* state = kx::Exchange(g_Driver, nullptr);
    delete state;
}

extern "C" NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status;

    kx::DeviceObject device;
    status = device.Create(DriverObject, CPPMON_DEVICE_NAME);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    kx::SymbolicLink link;
    status = link.Create(CPPMON_LINK_NAME, CPPMON_DEVICE_NAME);
    if (!NT_SUCCESS(status)) {
        return status;                      // ~device
    }

    auto monitor = kx::MakeUnique<Monitor>(kx::Pool::NonPaged);
    if (!monitor) {
        return STATUS_INSUFFICIENT_RESOURCES;   // ~link, ~device
    }

    status = monitor->Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;                      // ~monitor, ~link, ~device
    }

    kx::ProcessNotify processNotify;
    status = processNotify.Register(CppMonProcessNotify);
    if (!NT_SUCCESS(status)) {
        return status;                      // registry callback removed by ~monitor
    }

    //
    // Commit.  If this allocation fails the locals still own everything.
    //
    auto* state = new (kx::Pool::NonPaged) DriverState{
        kx::Move(device),
        kx::Move(link),
        kx::Move(monitor),
        kx::Move(processNotify)
    };
    if (state == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CppMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CppMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CppMonDeviceControl;
    DriverObject->DriverUnload = CppMonUnload;

    state->Device.Get()->Flags |= DO_BUFFERED_IO;

    g_Driver = state;
    state->Mon->Arm();

    ClearFlag(state->Device.Get()->Flags, DO_DEVICE_INITIALIZING);

    return STATUS_SUCCESS;
}
