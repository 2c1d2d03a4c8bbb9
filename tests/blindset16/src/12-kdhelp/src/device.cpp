// device.cpp - \Device\KdHelp and its dispatch routines.
//
// Copyright (c) kdhelp contributors. Apache-2.0.

#include "kdhelp.hpp"

namespace kd {

namespace {

const UNICODE_STRING kDeviceName = RTL_CONSTANT_STRING(KDH_DEVICE_NAME);
const UNICODE_STRING kLinkName = RTL_CONSTANT_STRING(KDH_LINK_NAME);

NTSTATUS Complete(_Inout_ PIRP irp, NTSTATUS status, ULONG_PTR information)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = information;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

bool CallerIsAdmin()
{
    SECURITY_SUBJECT_CONTEXT subject;
    SeCaptureSubjectContext(&subject);
    SeLockSubjectContext(&subject);
    BOOLEAN admin = SeTokenIsAdmin(SeQuerySubjectContextToken(&subject));
    SeUnlockSubjectContext(&subject);
    SeReleaseSubjectContext(&subject);
    return admin != FALSE;
}

} // namespace

NTSTATUS CreateControlDevice(_In_ PDRIVER_OBJECT DriverObject, _Inout_ GlobalState* state)
{
    NTSTATUS status = state->Device.Create(DriverObject, &kDeviceName, 0, FILE_DEVICE_UNKNOWN);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = state->Link.Create(&kLinkName, &kDeviceName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    PDEVICE_OBJECT device = state->Device.Get();
    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS DispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return Complete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS DispatchDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    const ULONG outLength = stack->Parameters.DeviceIoControl.OutputBufferLength;
    GlobalState* state = g_State;

    if (state == nullptr) {
        return Complete(Irp, STATUS_DEVICE_NOT_READY, 0);
    }

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KDH_QUERY: {
        if (outLength < sizeof(QueryInfo)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        auto* info = static_cast<QueryInfo*>(Irp->AssociatedIrp.SystemBuffer);
        KdRefreshDebuggerNotPresent();
        info->DebuggerEnabled = KD_DEBUGGER_ENABLED;
        info->DebuggerPresent = !KD_DEBUGGER_NOT_PRESENT;
        info->CapturedBytes = state->Capture.Buffer().Captured();
        info->DroppedLines = state->Capture.Buffer().Dropped();
        return Complete(Irp, STATUS_SUCCESS, sizeof(QueryInfo));
    }

    case IOCTL_KDH_READ_LOG: {
        if (Irp->MdlAddress == nullptr) {
            return Complete(Irp, STATUS_INVALID_PARAMETER, 0);
        }
        auto* out = static_cast<char*>(
            MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute));
        if (out == nullptr) {
            return Complete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
        }
        ULONG copied = state->Capture.Buffer().Snapshot(out, MmGetMdlByteCount(Irp->MdlAddress));
        return Complete(Irp, STATUS_SUCCESS, copied);
    }

    case IOCTL_KDH_BREAK:
        if (!state->Cfg.AllowBreak || !CallerIsAdmin()) {
            return Complete(Irp, STATUS_ACCESS_DENIED, 0);
        }
        KdRefreshDebuggerNotPresent();
        if (!KD_DEBUGGER_ENABLED || KD_DEBUGGER_NOT_PRESENT) {
            return Complete(Irp, STATUS_DEVICE_NOT_CONNECTED, 0);
        }
        DbgBreakPointWithStatus(DBG_STATUS_DEBUG_CONTROL);
        return Complete(Irp, STATUS_SUCCESS, 0);

    default:
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

} // namespace kd
