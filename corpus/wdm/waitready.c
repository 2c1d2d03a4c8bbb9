/*
 * waitready.c - "tickd", a legacy driver whose worker thread builds its
 * tables and signals an event when it is ready; DriverEntry waits for that
 * event and returns what the wait returned (after creating its device). A wait returns only success
 * statuses (STATUS_SUCCESS here, with no timeout), so that return is no
 * failure that would leave the device and the thread behind.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TkUnload;
KSTART_ROUTINE TkWorker;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH TkCreateClose;

static KEVENT TkReady;
static KEVENT TkStop;
static PVOID TkThread;
static PDEVICE_OBJECT TkDevice;
static UNICODE_STRING TkName = RTL_CONSTANT_STRING(L"\\Device\\Tickd");

VOID TkWorker(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeSetEvent(&TkReady, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(&TkStop, Executive, KernelMode, FALSE, NULL);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS TkCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID TkUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeSetEvent(&TkStop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(TkThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(TkThread);
    IoDeleteDevice(TkDevice);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;
    HANDLE thread;

    UNREFERENCED_PARAMETER(RegistryPath);
    KeInitializeEvent(&TkReady, NotificationEvent, FALSE);
    KeInitializeEvent(&TkStop, NotificationEvent, FALSE);

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, TkWorker, NULL);
    if (!NT_SUCCESS(status))
        return status;
    ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode, &TkThread, NULL);
    ZwClose(thread);

    status = IoCreateDevice(DriverObject, 0, &TkName, FILE_DEVICE_UNKNOWN, 0, FALSE, &TkDevice);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&TkStop, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(TkThread, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(TkThread);
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = TkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TkCreateClose;
    DriverObject->DriverUnload = TkUnload;

    status = KeWaitForSingleObject(&TkReady, Executive, KernelMode, FALSE, NULL);
    return status;
}
