//
// acguard.c - driver entry, control device, teardown
//
#include "acguard.h"

AC_GLOBALS g_Ac;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD AcUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH AcCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH AcDeviceControl;

#define AC_COMPLETE(irp, st, inf)                       \
    do {                                                \
        (irp)->IoStatus.Status = (st);                  \
        (irp)->IoStatus.Information = (inf);            \
        IoCompleteRequest((irp), IO_NO_INCREMENT);      \
    } while (0)

NTSTATUS
AcCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    AC_COMPLETE(Irp, STATUS_SUCCESS, 0);
    return STATUS_SUCCESS;
}

NTSTATUS
AcDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    HANDLE pid;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
        AC_COMPLETE(Irp, STATUS_INVALID_PARAMETER, 0);
        return STATUS_INVALID_PARAMETER;
    }
    pid = ULongToHandle(*(PULONG)Irp->AssociatedIrp.SystemBuffer);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_AC_PROTECT_PID:
        status = AcProtect(pid);
        break;
    case IOCTL_AC_UNPROTECT_PID:
        AcUnprotect(pid);
        status = STATUS_SUCCESS;
        break;
    }

    AC_COMPLETE(Irp, status, 0);
    return status;
}

static VOID
AcTeardown(VOID)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(AC_LINK_NAME);

    if (AC_DONE(AC_FLAG_PROCNOTIFY)) {
        PsSetCreateProcessNotifyRoutine((PCREATE_PROCESS_NOTIFY_ROUTINE)AcProcessNotify, TRUE);
        AC_CLEAR(AC_FLAG_PROCNOTIFY);
    }
    if (AC_DONE(AC_FLAG_OBCALLBACK)) {
        AcUnregisterObCallbacks();
        AC_CLEAR(AC_FLAG_OBCALLBACK);
    }
    if (AC_DONE(AC_FLAG_SYMLINK)) {
        IoDeleteSymbolicLink(&link);
        AC_CLEAR(AC_FLAG_SYMLINK);
    }
    if (AC_DONE(AC_FLAG_DEVICE)) {
        IoDeleteDevice(g_Ac.Device);
        g_Ac.Device = NULL;
        AC_CLEAR(AC_FLAG_DEVICE);
    }
    if (g_Ac.ProtectedList.Flink != NULL) {
        AcFreeProtectedList();
    }
}

VOID
AcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    AC_INFO("unloading, %lu pids protected", g_Ac.ProtectedCount);
    AcTeardown();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(AC_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(AC_LINK_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);
    AC_INFO("loading");

    DriverObject->MajorFunction[IRP_MJ_CREATE] = AcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = AcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = AcDeviceControl;
    DriverObject->DriverUnload = AcUnload;

    AC_TRY(IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                          FILE_DEVICE_SECURE_OPEN, FALSE, &g_Ac.Device));
    AC_MARK(AC_FLAG_DEVICE);

    AC_TRY(IoCreateSymbolicLink(&linkName, &devName));
    AC_MARK(AC_FLAG_SYMLINK);

    AC_TRY(AcRegisterObCallbacks());
    AC_MARK(AC_FLAG_OBCALLBACK);

    AC_TRY(PsSetCreateProcessNotifyRoutineEx(AcProcessNotify, FALSE));
    AC_MARK(AC_FLAG_PROCNOTIFY);

    AcInitProtectedList();

    g_Ac.Device->Flags |= DO_BUFFERED_IO;
    g_Ac.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    AC_INFO("protection active");
    return STATUS_SUCCESS;

cleanup:
    AcTeardown();
    return status;
}
