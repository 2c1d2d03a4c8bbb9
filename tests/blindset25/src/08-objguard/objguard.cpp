// objguard.cpp - DriverEntry, unload and the control device
#include "objguard.h"

GuardState* g_State = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD GuardUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH GuardCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH GuardDeviceControl;

static NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS GuardCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return CompleteIrp(irp, STATUS_SUCCESS);
}

static NTSTATUS GuardDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto* sp = IoGetCurrentIrpStackLocation(irp);
    auto& ioctl = sp->Parameters.DeviceIoControl;

    switch (ioctl.IoControlCode) {
    case IOCTL_OBGUARD_PROTECT: {
        if (ioctl.InputBufferLength < sizeof(ULONG)) {
            return CompleteIrp(irp, STATUS_BUFFER_TOO_SMALL);
        }
        ULONG pid = *static_cast<ULONG*>(irp->AssociatedIrp.SystemBuffer);
        if (pid == 0 || pid == 4) {
            return CompleteIrp(irp, STATUS_INVALID_PARAMETER);
        }
        {
            LockGuard<SpinLock> lock(g_State->Lock);
            g_State->Config.ProtectedPid = pid;
        }
        if (auto* view = g_State->Section.As<SharedView>()) {
            view->ProtectedPid = pid;
        }
        break;
    }
    case IOCTL_OBGUARD_UNPROTECT: {
        {
            LockGuard<SpinLock> lock(g_State->Lock);
            g_State->Config.ProtectedPid = 0;
        }
        if (auto* view = g_State->Section.As<SharedView>()) {
            view->ProtectedPid = 0;
        }
        break;
    }
    default:
        return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
    return CompleteIrp(irp, STATUS_SUCCESS);
}

static void GuardUnload(PDRIVER_OBJECT)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(OBGUARD_LINK_NAME);

    PsSetCreateProcessNotifyRoutineEx(ProcessNotify, TRUE);
    ObUnRegisterCallbacks(g_State->ObHandle);
    g_State->ObHandle = nullptr;

    g_State->Section.Close();

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_State->Device);

    KdPrint(("objguard: unloaded, %ld opens stripped\n", g_State->Stripped));
    delete g_State;
    g_State = nullptr;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(OBGUARD_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(OBGUARD_LINK_NAME);
    UNICODE_STRING sectionName = RTL_CONSTANT_STRING(OBGUARD_SECTION_NAME);
    NTSTATUS status;

    g_State = new (POOL_FLAG_NON_PAGED, kGuardTag) GuardState();
    g_State->Config.ProcessStrip = kDefaultProcessStrip;
    g_State->Config.ThreadStrip = kDefaultThreadStrip;
    if (g_State == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    auto freeState = MakeScopeExit([] { delete g_State; g_State = nullptr; });

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_State->Device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("objguard: IoCreateDevice 0x%08X\n", status));
        return status;
    }
    auto deleteDevice = MakeScopeExit([] { IoDeleteDevice(g_State->Device); g_State->Device = nullptr; });
    g_State->Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("objguard: IoCreateSymbolicLink 0x%08X\n", status));
        return status;
    }
    auto deleteLink = MakeScopeExit([] {
        UNICODE_STRING l = RTL_CONSTANT_STRING(OBGUARD_LINK_NAME);
        IoDeleteSymbolicLink(&l);
    });

    status = g_State->Section.Open(&sectionName, sizeof(SharedView));
    if (!NT_SUCCESS(status)) {
        KdPrint(("objguard: section 0x%08X\n", status));
        return status;
    }
    g_State->Section.As<SharedView>()->Version = 1;
    auto closeSection = MakeScopeExit([] { g_State->Section.Close(); });

    status = RegisterObCallbacks();
    if (!NT_SUCCESS(status)) {
        KdPrint(("objguard: ObRegisterCallbacks 0x%08X (linked with /INTEGRITYCHECK?)\n", status));
        return status;
    }
    auto unregisterOb = MakeScopeExit([] { ObUnRegisterCallbacks(g_State->ObHandle); g_State->ObHandle = nullptr; });

    status = PsSetCreateProcessNotifyRoutineEx(ProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("objguard: process notify 0x%08X\n", status));
        return status;
    }

    // all good, keep everything
    unregisterOb.Dismiss();
    closeSection.Dismiss();
    deleteLink.Dismiss();
    deleteDevice.Dismiss();
    freeState.Dismiss();

    DriverObject->MajorFunction[IRP_MJ_CREATE] = GuardCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = GuardCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = GuardDeviceControl;
    DriverObject->DriverUnload = GuardUnload;
    g_State->Device->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("objguard: loaded\n"));
    return STATUS_SUCCESS;
}
