/*
 * initdisp.c - legacy WDM driver of a GPIO test fixture: a control device,
 * a worker thread that toggles a line on request, and a flush routine.
 *
 * BUG (DE012 x4): routines that run after DriverEntry returns were placed in
 * the INIT section, which the system discards once the driver is
 * initialized: IdCreateClose by an alloc_text line copied from
 * DriverEntry's, the worker thread routine inside the `code_seg("INIT")`
 * region meant for DriverEntry's helpers, and the unload routine through
 * the ID_INIT_CODE macro. The first open, the first toggle request and the
 * unload each run freed memory.
 */

#include <ntddk.h>

#define ID_INIT_CODE __declspec(code_seg("INIT"))

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD IdUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH IdCreateClose;
KSTART_ROUTINE IdWorker;

static PDEVICE_OBJECT IdDevice;
static KEVENT IdStop;
static PKTHREAD IdThread;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, IdCreateClose)
#endif

_Use_decl_annotations_
NTSTATUS
IdCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

#pragma code_seg("INIT")
_Use_decl_annotations_
VOID
IdWorker(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    KeWaitForSingleObject(&IdStop, Executive, KernelMode, FALSE, NULL);
    PsTerminateSystemThread(STATUS_SUCCESS);
}
#pragma code_seg()

_Use_decl_annotations_
ID_INIT_CODE VOID
IdUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeSetEvent(&IdStop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(IdThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(IdThread);
    IoDeleteDevice(IdDevice);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\InitDisp");
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &IdDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    KeInitializeEvent(&IdStop, NotificationEvent, FALSE);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, IdWorker, NULL); // expect: DE012
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(IdDevice);
        return status;
    }
    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode, (PVOID *)&IdThread, NULL);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&IdStop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        IoDeleteDevice(IdDevice);
        return status;
    }
    ZwClose(thread);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = IdCreateClose; // expect: DE012
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = IdCreateClose;  // expect: DE012
    DriverObject->DriverUnload = IdUnload;                       // expect: DE012
    return STATUS_SUCCESS;
}
