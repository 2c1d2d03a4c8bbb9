// driver.cpp - ObGuard entry point, unload and IOCTLs
#include "guard.h"
#include "scope.h"

namespace obg {
Globals g_Globals;
}

using obg::g_Globals;

extern "C" DRIVER_INITIALIZE DriverEntry;

static NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS ObgCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

static NTSTATUS ObgDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    const auto& dic = sp->Parameters.DeviceIoControl;
    auto buffer = static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer);

    switch (dic.IoControlCode) {
    case IOCTL_OBG_PROTECT:
        if (dic.InputBufferLength < sizeof(ULONG)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        if (!g_Globals.Set.Add(*buffer)) {
            return CompleteIrp(Irp, STATUS_TOO_MANY_NAMES);
        }
        OBG_PRINT("protecting pid %lu", *buffer);
        return CompleteIrp(Irp, STATUS_SUCCESS);

    case IOCTL_OBG_UNPROTECT:
        if (dic.InputBufferLength < sizeof(ULONG)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        return CompleteIrp(Irp, g_Globals.Set.Remove(*buffer) ? STATUS_SUCCESS : STATUS_NOT_FOUND);

    case IOCTL_OBG_CLEAR:
        g_Globals.Set.Clear();
        return CompleteIrp(Irp, STATUS_SUCCESS);
    }
    return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
}

static void ObgUnload(PDRIVER_OBJECT)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(OBG_LINK_NAME);

    ObUnRegisterCallbacks(g_Globals.ObHandle);
    PsSetCreateProcessNotifyRoutineEx(obg::OnProcessNotify, TRUE);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Globals.Device);

    OBG_PRINT("unloaded, %ld handle requests trimmed", g_Globals.Stripped);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(OBG_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(OBG_LINK_NAME);

    g_Globals.Set.Init();
    g_Globals.Stripped = 0;

    auto status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &g_Globals.Device);
    if (!NT_SUCCESS(status)) {
        OBG_PRINT("IoCreateDevice failed 0x%08X", status);
        return status;
    }
    auto deviceGuard = kutil::make_scope_exit([&] {
        IoDeleteDevice(g_Globals.Device);
        g_Globals.Device = nullptr;
    });

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        OBG_PRINT("IoCreateSymbolicLink failed 0x%08X", status);
        return status;
    }
    auto linkGuard = kutil::make_scope_exit([&] { IoDeleteSymbolicLink(&linkName); });

    status = PsSetCreateProcessNotifyRoutineEx(obg::OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        OBG_PRINT("PsSetCreateProcessNotifyRoutineEx failed 0x%08X", status);
        return status;
    }
    auto notifyGuard = kutil::make_scope_exit([] {
        PsSetCreateProcessNotifyRoutineEx(obg::OnProcessNotify, TRUE);
    });

    // process + thread handle callbacks in one registration
    status = obg::RegisterObCallbacks(&g_Globals.ObHandle);
    if (!NT_SUCCESS(status)) {
        OBG_PRINT("ObRegisterCallbacks failed 0x%08X (signed with /INTEGRITYCHECK?)", status);
        return status;
    }

    // everything is in place; from now on unload owns the teardown
    notifyGuard.release();
    linkGuard.release();
    deviceGuard.release();

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObgDeviceControl;
    DriverObject->DriverUnload = ObgUnload;

    OBG_PRINT("loaded%s", "");
    return STATUS_SUCCESS;
}
