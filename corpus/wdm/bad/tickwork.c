/*
 * tickwork.c - the ticking worker of ../tickwork.c, violating: the worker
 * is started before the control device, and when IoCreateDevice fails
 * DriverEntry returns without stopping it.
 *
 * BUG (DE006): the thread keeps running in an image that is unloaded. The
 * return after the symbolic link's failure is fine: it stops the worker,
 * waiting on the thread object referenced from its handle.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TwUnload;
KSTART_ROUTINE TwRoutine;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH TwCreateClose;

typedef struct _TW_WORKER {
    KEVENT Stop;
    PKTHREAD Thread;
    volatile LONG Ticks;
} TW_WORKER;

static TW_WORKER TwWorker;
static PDEVICE_OBJECT TwDevice;
static UNICODE_STRING TwDeviceName = RTL_CONSTANT_STRING(L"\\Device\\TickWork");
static UNICODE_STRING TwLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\TickWork");

VOID
TwRoutine(_In_ PVOID Context)
{
    TW_WORKER *worker = (TW_WORKER *)Context;
    LARGE_INTEGER period;

    period.QuadPart = -10000000LL;
    while (KeWaitForSingleObject(&worker->Stop, Executive, KernelMode, FALSE, &period) == STATUS_TIMEOUT) {
        InterlockedIncrement(&worker->Ticks);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS
TwStart(VOID)
{
    HANDLE thread;
    NTSTATUS status;

    KeInitializeEvent(&TwWorker.Stop, NotificationEvent, FALSE);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, TwRoutine, &TwWorker);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&TwWorker.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&TwWorker.Stop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        TwWorker.Thread = NULL;
        return status;
    }
    ZwClose(thread);
    return STATUS_SUCCESS;
}

static VOID
TwStop(VOID)
{
    if (TwWorker.Thread != NULL) {
        KeSetEvent(&TwWorker.Stop, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(TwWorker.Thread, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(TwWorker.Thread);
        TwWorker.Thread = NULL;
    }
}

NTSTATUS
TwCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
TwUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    TwStop();
    IoDeleteSymbolicLink(&TwLinkName);
    IoDeleteDevice(TwDevice);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TwCreateClose;
    DriverObject->DriverUnload = TwUnload;

    status = TwStart();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &TwDeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &TwDevice);
    if (!NT_SUCCESS(status)) {
        return status;                                  // expect: DE006, DE006
    }

    status = IoCreateSymbolicLink(&TwLinkName, &TwDeviceName);
    if (!NT_SUCCESS(status)) {
        TwStop();
        IoDeleteDevice(TwDevice);
        return status;
    }
    return STATUS_SUCCESS;
}
