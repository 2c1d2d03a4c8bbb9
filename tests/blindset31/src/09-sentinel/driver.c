//
// driver.c - Sentinel DriverEntry / DriverUnload.
//
// Initialization is a table of steps. DriverEntry runs them in order and
// remembers how many succeeded; on failure, and at unload, the completed
// steps are torn down in reverse order. Anything that can deliver callbacks
// comes after the state those callbacks use, so it is also torn down first.
//
#include "sentinel.h"

SNT_GLOBALS g_Snt;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD SntUnload;
static DRIVER_DISPATCH SntCreateClose;
static DRIVER_DISPATCH SntDeviceControl;

static const SNT_STEP g_Steps[] = {
    { "config",          SntConfigInit,        SntConfigTeardown        },
    { "record pool",     SntPoolInit,          SntPoolTeardown          },
    { "record queue",    SntQueueInit,         SntQueueTeardown         },
    { "control device",  SntDeviceInit,        SntDeviceTeardown        },
    { "dos link",        SntLinkInit,          SntLinkTeardown          },
    { "process notify",  SntProcessNotifyInit, SntProcessNotifyTeardown },
    { "image notify",    SntImageNotifyInit,   SntImageNotifyTeardown   },
    { "registry filter", SntRegistryInit,      SntRegistryTeardown      },
};

static VOID SntUndoSteps(_In_ ULONG Completed)
{
    while (Completed > 0) {
        Completed--;
        SNT_LOG(DPFLTR_INFO_LEVEL, "teardown: %s", g_Steps[Completed].Name);
        g_Steps[Completed].Teardown();
    }
}

static NTSTATUS SntCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS SntDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    ULONG max;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_SNT_READ_RECORDS) {
        max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(SNT_RECORD_DATA);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            info = (ULONG_PTR)SntDequeueRecords((PSNT_RECORD_DATA)Irp->AssociatedIrp.SystemBuffer, max)
                 * sizeof(SNT_RECORD_DATA);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID SntUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    SNT_LOG(DPFLTR_INFO_LEVEL, "unloading (%ld records dropped)", g_Snt.Dropped);
    SntUndoSteps(g_Snt.StepsCompleted);
    g_Snt.StepsCompleted = 0;
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    RtlZeroMemory(&g_Snt, sizeof(g_Snt));
    g_Snt.DriverObject = DriverObject;
    g_Snt.RegistryPathAtEntry = RegistryPath;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SntCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SntCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SntDeviceControl;
    DriverObject->DriverUnload = SntUnload;

    for (i = 0; i < RTL_NUMBER_OF(g_Steps); i++) {
        status = g_Steps[i].Init();
        if (!NT_SUCCESS(status)) {
            SNT_LOG(DPFLTR_ERROR_LEVEL, "init step '%s' failed: 0x%08X", g_Steps[i].Name, status);
            break;
        }
        g_Snt.StepsCompleted = i + 1;
    }

    g_Snt.RegistryPathAtEntry = NULL;

    if (!NT_SUCCESS(status)) {
        SntUndoSteps(g_Snt.StepsCompleted);
        g_Snt.StepsCompleted = 0;
        return status;
    }

    g_Snt.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    SNT_LOG(DPFLTR_INFO_LEVEL, "running, queue limit %lu", g_Snt.MaxQueued);
    return STATUS_SUCCESS;
}
