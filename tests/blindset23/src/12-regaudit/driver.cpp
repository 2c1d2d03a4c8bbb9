//
// driver.cpp - DriverEntry / DriverUnload for regaudit.sys
//
// DriverEntry acquires each resource into a scope guard declared in
// acquisition order.  Any early 'return status;' therefore unwinds
// exactly what was acquired so far, newest first.  When everything
// succeeded the guards are moved into one heap-allocated DriverState,
// whose member order repeats the acquisition order, and DriverUnload
// destroys that object.  There is no hand-written teardown sequence.
//

#include "audit.h"

namespace {

using StateAlloc = kstd::PagedAlloc;

UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(REGAUDIT_DEVICE_NAME);
UNICODE_STRING g_LinkName   = RTL_CONSTANT_STRING(REGAUDIT_LINK_NAME);

//
// Owned by DriverEntry until commit, by DriverUnload afterwards.
//
DriverState* g_State = nullptr;

struct DeviceExtension
{
    EventRing* Ring;
};

} // namespace

extern "C" {

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RegAuditUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH RegAuditCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH RegAuditDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RegAuditUnload)
#pragma alloc_text(PAGE, RegAuditCreateClose)
#pragma alloc_text(PAGE, RegAuditDeviceControl)
#endif

_Use_decl_annotations_
NTSTATUS
RegAuditCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
RegAuditDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PAGED_CODE();

    auto ext = static_cast<DeviceExtension*>(DeviceObject->DeviceExtension);
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_REGAUDIT_DRAIN) {
        ULONG room = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(AuditRecord);

        if (room == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            auto out = static_cast<AuditRecord*>(Irp->AssociatedIrp.SystemBuffer);
            ULONG n = ext->Ring->Drain(out, room);
            info = static_cast<ULONG_PTR>(n) * sizeof(AuditRecord);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

_Use_decl_annotations_
VOID
RegAuditUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    DriverState* state = g_State;
    g_State = nullptr;

    if (state != nullptr) {
        KdPrint(("regaudit: unloading, %lu records dropped\n", state->Ring->Dropped()));
    }

    //
    // ~DriverState: symbolic link, device, object callback, registry
    // callback, then the ring the callbacks were writing into.
    //
    kstd::Delete<StateAlloc>(state);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    //
    // 1. Event ring (callback context for both registrations).
    //
    auto ring = kstd::MakeUnique<EventRing, kstd::NonPagedAlloc>();
    if (!ring) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ring->Initialize(REGAUDIT_RING_CAPACITY);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    //
    // 2. Registry callback.
    //
    kstd::UniqueCmCallback cm;
    status = RegAuditRegisterCm(DriverObject, ring.Get(), cm);
    if (!NT_SUCCESS(status)) {
        KdPrint(("regaudit: CmRegisterCallbackEx 0x%08X\n", status));
        return status;
    }

    //
    // 3. Process handle callback (needs /INTEGRITYCHECK).
    //
    kstd::UniqueObCallback ob;
    status = RegAuditRegisterOb(ring.Get(), ob);
    if (!NT_SUCCESS(status)) {
        KdPrint(("regaudit: ObRegisterCallbacks 0x%08X\n", status));
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RegAuditCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegAuditCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegAuditDeviceControl;

    //
    // 4. Control device for the agent.
    //
    kstd::UniqueDeviceObject device;
    {
        PDEVICE_OBJECT raw = nullptr;

        status = IoCreateDevice(DriverObject,
                                sizeof(DeviceExtension),
                                &g_DeviceName,
                                FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN,
                                FALSE,
                                &raw);
        if (!NT_SUCCESS(status)) {
            return status;
        }

        device.Reset(raw);
        raw->Flags |= DO_BUFFERED_IO;
        static_cast<DeviceExtension*>(raw->DeviceExtension)->Ring = ring.Get();
    }

    //
    // 5. Win32-visible name.
    //
    kstd::UniqueSymbolicLink link;
    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    link.Reset(&g_LinkName);

    //
    // 6. Commit: move every guard into the state object.  If this
    //    allocation fails nothing has been moved yet and the guards
    //    above unwind as for any other failure.
    //
    auto state = kstd::MakeUnique<DriverState, StateAlloc>(kstd::move(ring),
                                                           kstd::move(cm),
                                                           kstd::move(ob),
                                                           kstd::move(device),
                                                           kstd::move(link));
    if (!state) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_State = state.Release();
    DriverObject->DriverUnload = RegAuditUnload;

    KdPrint(("regaudit: loaded\n"));
    return STATUS_SUCCESS;
}

} // extern "C"
