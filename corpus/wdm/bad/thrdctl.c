/*
 * thrdctl.c - thread-census driver (legacy, no PnP). Its job is the
 * thread-creation callback, which counts the threads each process starts;
 * the control device, \\.\ThrdCtl, through which a tool reads the counters,
 * is optional. The dispatch table is filled once the device and its link
 * exist. When the link cannot be made, this version keeps the device (a tool
 * can still open \Device\ThrdCtl) and returns STATUS_SUCCESS before the
 * table is filled: every request to the device fails (WDM001). A failed
 * IoCreateDevice leaves no device, and its success return is right.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TcUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH TcOpenClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH TcControl;

typedef struct _TC_GLOBALS {
    PDEVICE_OBJECT ControlDevice;
    volatile LONG  ThreadsStarted;
    volatile LONG  ThreadsEnded;
} TC_GLOBALS;

static TC_GLOBALS g_Tc;

static VOID
TcOnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);
    if (Create)
        InterlockedIncrement(&g_Tc.ThreadsStarted);
    else
        InterlockedIncrement(&g_Tc.ThreadsEnded);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNICODE_STRING devName, linkName;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = PsSetCreateThreadNotifyRoutine(TcOnThread);
    if (!NT_SUCCESS(status))
        return status;
    DriverObject->DriverUnload = TcUnload;

    /* From here on the census runs; the control device only shows it. */
    RtlInitUnicodeString(&devName, L"\\Device\\ThrdCtl");
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Tc.ControlDevice);
    if (!NT_SUCCESS(status)) {
        DbgPrint("thrdctl: no control device (%08x)\n", status);
        g_Tc.ControlDevice = NULL;
        return STATUS_SUCCESS;
    }

    RtlInitUnicodeString(&linkName, L"\\DosDevices\\ThrdCtl");
    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        DbgPrint("thrdctl: no link (%08x), device kept\n", status);
        g_Tc.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
        return STATUS_SUCCESS;                                  // expect: WDM001
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = TcOpenClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = TcOpenClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TcControl;

    g_Tc.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
TcUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName;

    UNREFERENCED_PARAMETER(DriverObject);
    PsRemoveCreateThreadNotifyRoutine(TcOnThread);
    if (g_Tc.ControlDevice != NULL) {
        RtlInitUnicodeString(&linkName, L"\\DosDevices\\ThrdCtl");
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(g_Tc.ControlDevice);
    }
}

NTSTATUS
TcOpenClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
TcControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (sp->Parameters.DeviceIoControl.IoControlCode ==
            CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS) &&
        sp->Parameters.DeviceIoControl.OutputBufferLength >= 2 * sizeof(LONG)) {
        PLONG out = (PLONG)Irp->AssociatedIrp.SystemBuffer;
        out[0] = g_Tc.ThreadsStarted;
        out[1] = g_Tc.ThreadsEnded;
        info = 2 * sizeof(LONG);
        status = STATUS_SUCCESS;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
