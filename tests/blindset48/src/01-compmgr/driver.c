/* driver.c - CompMgr entry points; the real work is in the component table */
#include "compmgr.h"

#define IOCTL_CM_GET_EVENT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

CM_GLOBALS g_Cm;

DRIVER_INITIALIZE      DriverEntry;
static DRIVER_UNLOAD   CmUnload;
static DRIVER_DISPATCH CmDispatchCreateClose;
static DRIVER_DISPATCH CmDispatchControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CmUnload)
#endif

static NTSTATUS
CmDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
CmDispatchControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status = STATUS_INVALID_DEVICE_REQUEST;
    PCM_EVENT          ev = NULL;
    KIRQL              irql;

    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Information = 0;

    if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_CM_GET_EVENT) {
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(CM_EVENT)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            KeAcquireSpinLock(&g_Cm.EventLock, &irql);
            if (!IsListEmpty(&g_Cm.EventList)) {
                ev = CONTAINING_RECORD(RemoveHeadList(&g_Cm.EventList), CM_EVENT, Link);
                g_Cm.EventCount--;
            }
            KeReleaseSpinLock(&g_Cm.EventLock, irql);

            status = STATUS_NO_MORE_ENTRIES;
            if (ev != NULL) {
                RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, ev, sizeof(CM_EVENT));
                ExFreeToNPagedLookasideList(&g_Cm.EventPool, ev);
                Irp->IoStatus.Information = sizeof(CM_EVENT);
                status = STATUS_SUCCESS;
            }
        }
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID
CmUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    CM_LOG("unloading, %ld events dropped", g_Cm.Dropped);

    g_Cm.State = CmStateStopping;
    CmStopComponents();
    g_Cm.State = CmStateStopped;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    RtlZeroMemory(&g_Cm, sizeof(g_Cm));
    g_Cm.State = CmStateStarting;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = CmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = CmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CmDispatchControl;

    status = CmStartComponents(DriverObject, RegistryPath);
    if (!NT_SUCCESS(status)) {
        g_Cm.State = CmStateStopped;
        return status;
    }

    DriverObject->DriverUnload = CmUnload;
    g_Cm.State = CmStateRunning;

    CM_LOG("running, max %lu events", g_Cm.Config.MaxEvents);
    return STATUS_SUCCESS;
}
