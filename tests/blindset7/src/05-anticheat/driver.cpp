// driver.cpp - AcGuard entry points
//
// Usage from the loader tool:
//   DeviceIoControl(\\.\AcGuard, IOCTL_AC_PROTECT, &pid, sizeof(ULONG), ...)
//   DeviceIoControl(\\.\AcGuard, IOCTL_AC_QUERY, nullptr, 0, &result, sizeof(result), ...)

#include "kcpp.hpp"
#include "guard.hpp"

using kcpp::OnExit;

namespace {

UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(AC_LINK_NAME);

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& params = stack->Parameters.DeviceIoControl;
    auto state = ac::g_State;
    auto buffer = Irp->AssociatedIrp.SystemBuffer;

    if (state == nullptr) {
        return CompleteIrp(Irp, STATUS_DEVICE_NOT_READY);
    }

    switch (params.IoControlCode) {
    case IOCTL_AC_PROTECT: {
        if (params.InputBufferLength < sizeof(ULONG)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        const auto pid = *static_cast<ULONG*>(buffer);
        InterlockedExchange(&state->RemoteThreads, 0);
        InterlockedExchange(&state->ProtectedPid, static_cast<LONG>(pid));
        return CompleteIrp(Irp, STATUS_SUCCESS);
    }
    case IOCTL_AC_UNPROTECT:
        InterlockedExchange(&state->ProtectedPid, 0);
        return CompleteIrp(Irp, STATUS_SUCCESS);

    case IOCTL_AC_QUERY: {
        if (params.OutputBufferLength < sizeof(ac::QueryResult)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        auto out = static_cast<ac::QueryResult*>(buffer);
        out->ProtectedPid = static_cast<ULONG>(state->ProtectedPid);
        out->RemoteThreads = state->RemoteThreads;
        out->StrippedHandles = state->StrippedHandles;
        return CompleteIrp(Irp, STATUS_SUCCESS, sizeof(ac::QueryResult));
    }
    default:
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void DriverUnload(PDRIVER_OBJECT)
{
    auto state = ac::g_State;

    PsRemoveCreateThreadNotifyRoutine(ac::OnThreadNotify);
    ac::UnregisterObjectCallbacks(state);
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(state->Device);

    ac::g_State = nullptr;
    delete state;
    KdPrint(("AcGuard: bye\n"));
}

} // anonymous namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = DriverUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl;

    auto state = new (kcpp::Pool::NonPaged) ac::State{};
    if (state == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    ac::g_State = state;
    auto freeState = OnExit([&] {
        ac::g_State = nullptr;
        delete state;
    });

    UNICODE_STRING devName = RTL_CONSTANT_STRING(AC_DEVICE_NAME);
    auto status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &state->Device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("AcGuard: IoCreateDevice 0x%08X\n", status));
        return status;
    }
    auto deleteDevice = OnExit([&] { IoDeleteDevice(state->Device); });

    status = IoCreateSymbolicLink(&g_LinkName, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("AcGuard: IoCreateSymbolicLink 0x%08X\n", status));
        return status;
    }
    auto deleteLink = OnExit([&] { IoDeleteSymbolicLink(&g_LinkName); });

    status = ac::RegisterObjectCallbacks(state);
    if (!NT_SUCCESS(status)) {
        KdPrint(("AcGuard: ObRegisterCallbacks 0x%08X (signed with /INTEGRITYCHECK?)\n", status));
        return status;
    }
    auto unregisterOb = OnExit([&] { ac::UnregisterObjectCallbacks(state); });

    status = PsSetCreateThreadNotifyRoutine(ac::OnThreadNotify);
    if (!NT_SUCCESS(status)) {
        KdPrint(("AcGuard: PsSetCreateThreadNotifyRoutine 0x%08X\n", status));
        return status;
    }

    // Everything is registered: keep it all.
    unregisterOb.Dismiss();
    deleteLink.Dismiss();
    deleteDevice.Dismiss();
    freeState.Dismiss();

    state->Device->Flags |= DO_BUFFERED_IO;
    state->Device->Flags &= ~DO_DEVICE_INITIALIZING;
    KdPrint(("AcGuard: loaded\n"));
    return STATUS_SUCCESS;
}
