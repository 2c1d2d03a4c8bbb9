/*
 * control.c - \\.\HndlWatch: a reader parks IOCTL_HW_GET_EVENT requests
 * in a cancel-safe queue and the filter completes them as handles close.
 */
#include "hndlwatch.h"

static DRIVER_DISPATCH HwDispatchCreateClose;
static DRIVER_DISPATCH HwDispatchCleanup;
static DRIVER_DISPATCH HwDispatchIoctl;

static IO_CSQ_INSERT_IRP            HwCsqInsert;
static IO_CSQ_REMOVE_IRP            HwCsqRemove;
static IO_CSQ_PEEK_NEXT_IRP         HwCsqPeekNext;
static IO_CSQ_ACQUIRE_LOCK          HwCsqAcquire;
static IO_CSQ_RELEASE_LOCK          HwCsqRelease;
static IO_CSQ_COMPLETE_CANCELED_IRP HwCsqCompleteCanceled;

/* ---------------- cancel-safe queue ---------------- */

static VOID
HwCsqInsert(_In_ PIO_CSQ Csq, _In_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    InsertTailList(&Globals.PendingIrps, &Irp->Tail.Overlay.ListEntry);
}

static VOID
HwCsqRemove(_In_ PIO_CSQ Csq, _In_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
}

static PIRP
HwCsqPeekNext(_In_ PIO_CSQ Csq, _In_opt_ PIRP Irp, _In_opt_ PVOID PeekContext)
{
    PLIST_ENTRY next;

    UNREFERENCED_PARAMETER(Csq);

    next = (Irp == NULL) ? Globals.PendingIrps.Flink : Irp->Tail.Overlay.ListEntry.Flink;

    for (; next != &Globals.PendingIrps; next = next->Flink) {
        PIRP candidate = CONTAINING_RECORD(next, IRP, Tail.Overlay.ListEntry);

        if (PeekContext == NULL ||
            IoGetCurrentIrpStackLocation(candidate)->FileObject == (PFILE_OBJECT)PeekContext) {
            return candidate;
        }
    }
    return NULL;
}

_IRQL_raises_(DISPATCH_LEVEL)
_Acquires_lock_(Globals.CsqLock)
static VOID
HwCsqAcquire(_In_ PIO_CSQ Csq, _Out_ _At_(*Irql, _IRQL_saves_) PKIRQL Irql)
{
    UNREFERENCED_PARAMETER(Csq);
    KeAcquireSpinLock(&Globals.CsqLock, Irql);
}

_IRQL_requires_(DISPATCH_LEVEL)
_Releases_lock_(Globals.CsqLock)
static VOID
HwCsqRelease(_In_ PIO_CSQ Csq, _In_ _IRQL_restores_ KIRQL Irql)
{
    UNREFERENCED_PARAMETER(Csq);
    KeReleaseSpinLock(&Globals.CsqLock, Irql);
}

static VOID
HwCsqCompleteCanceled(_In_ PIO_CSQ Csq, _In_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(Csq);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

VOID
HwCsqInit(VOID)
{
    IoCsqInitialize(&Globals.Csq,
                    HwCsqInsert,
                    HwCsqRemove,
                    HwCsqPeekNext,
                    HwCsqAcquire,
                    HwCsqRelease,
                    HwCsqCompleteCanceled);
}

VOID
HwCsqFlush(_In_opt_ PFILE_OBJECT FileObject)
{
    PIRP irp;

    while ((irp = IoCsqRemoveNextIrp(&Globals.Csq, FileObject)) != NULL) {
        irp->IoStatus.Status = STATUS_CANCELLED;
        irp->IoStatus.Information = 0;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
    }
}

BOOLEAN
HwDeliverEvent(_In_ PHW_EVENT Event)
{
    PIRP irp = IoCsqRemoveNextIrp(&Globals.Csq, NULL);

    if (irp == NULL) {
        InterlockedIncrement(&Globals.Dropped);
        return FALSE;
    }

    RtlCopyMemory(irp->AssociatedIrp.SystemBuffer, Event, sizeof(HW_EVENT));
    irp->IoStatus.Status = STATUS_SUCCESS;
    irp->IoStatus.Information = sizeof(HW_EVENT);
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return TRUE;
}

/* ---------------- dispatch ---------------- */

static NTSTATUS
HwDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
HwDispatchCleanup(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    HwCsqFlush(IoGetCurrentIrpStackLocation(Irp)->FileObject);
    return HwDispatchCreateClose(DeviceObject, Irp);
}

static NTSTATUS
HwDispatchIoctl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_HW_GET_EVENT) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(HW_EVENT)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        /* marks the IRP pending */
        IoCsqInsertIrp(&Globals.Csq, Irp, NULL);
        return STATUS_PENDING;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
HwControlInit(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS        status;
    UNICODE_STRING  devName  = RTL_CONSTANT_STRING(HW_DEVICE_NAME);
    UNICODE_STRING  linkName = RTL_CONSTANT_STRING(HW_LINK_NAME);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &Globals.ControlDevice);
    if (!NT_SUCCESS(status)) {
        Globals.ControlDevice = NULL;
        return status;
    }
    Globals.ControlDevice->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(Globals.ControlDevice);
        Globals.ControlDevice = NULL;
        return status;
    }
    Globals.LinkCreated = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = HwDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = HwDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP]        = HwDispatchCleanup;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HwDispatchIoctl;

    return STATUS_SUCCESS;
}

VOID
HwControlUninit(VOID)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(HW_LINK_NAME);

    if (Globals.LinkCreated) {
        IoDeleteSymbolicLink(&linkName);
        Globals.LinkCreated = FALSE;
    }
    if (Globals.ControlDevice != NULL) {
        IoDeleteDevice(Globals.ControlDevice);
        Globals.ControlDevice = NULL;
    }
}
