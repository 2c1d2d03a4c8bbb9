/*
 * giveup.c - legacy driver that batches records from a control device and
 * flushes them from a worker thread.
 *
 * A failed step puts its status in `status` before it jumps to the label that
 * undoes what came before (DE019 not reported); the statistics buffer is
 * optional, and its failure is logged and the next statement runs.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD GiveUpUnload;
KSTART_ROUTINE GiveUpWorker;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH GiveUpCreateClose;

static PDEVICE_OBJECT GiveUpDevice;
static PKTHREAD GiveUpThread;
static KEVENT GiveUpStop;
static UNICODE_STRING GiveUpLink = RTL_CONSTANT_STRING(L"\\DosDevices\\GiveUp");
static PVOID GiveUpStats;

VOID
GiveUpWorker(_In_ PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeWaitForSingleObject(&GiveUpStop, Executive, KernelMode, FALSE, NULL);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
GiveUpCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
GiveUpUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeSetEvent(&GiveUpStop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(GiveUpThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(GiveUpThread);
    if (GiveUpStats != NULL) {
        ExFreePoolWithTag(GiveUpStats, 'pUvG');
    }
    IoDeleteSymbolicLink(&GiveUpLink);
    IoDeleteDevice(GiveUpDevice);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\GiveUp");
    OBJECT_ATTRIBUTES attributes;
    HANDLE thread;
    NTSTATUS status;
    NTSTATUS threadStatus;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeEvent(&GiveUpStop, NotificationEvent, FALSE);
    DriverObject->MajorFunction[IRP_MJ_CREATE] = GiveUpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = GiveUpCreateClose;
    DriverObject->DriverUnload = GiveUpUnload;

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &GiveUpDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&GiveUpLink, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(GiveUpDevice);
        return status;
    }

    InitializeObjectAttributes(&attributes, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    threadStatus = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &attributes, NULL, NULL, GiveUpWorker, NULL);
    if (!NT_SUCCESS(threadStatus)) {
        KdPrint(("giveup: no worker thread (0x%08X)\n", threadStatus));
        status = threadStatus;
        goto DeleteLink;
    }

    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode, (PVOID *)&GiveUpThread,
                                       NULL);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&GiveUpStop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        goto DeleteLink;
    }
    ZwClose(thread);

    GiveUpStats = ExAllocatePoolWithTag(NonPagedPoolNx, PAGE_SIZE, 'pUvG');
    if (GiveUpStats == NULL) {
        KdPrint(("giveup: running without statistics\n"));
    }

    GiveUpDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return status;

DeleteLink:
    IoDeleteSymbolicLink(&GiveUpLink);
    IoDeleteDevice(GiveUpDevice);
    return status;
}
