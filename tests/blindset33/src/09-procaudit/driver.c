/* driver.c - DriverEntry, unload, control device */
#include "procaudit.h"

PA_GLOBALS g_Pa;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PaUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PaCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PaDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PaUnload)
#endif

NTSTATUS
PaCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PaDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG_PTR info = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_PA_READ) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else if (outLen < sizeof(PA_RECORD)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        info = (ULONG_PTR)PaStateRead((PPA_RECORD)buffer, outLen / sizeof(PA_RECORD)) * sizeof(PA_RECORD);
        status = STATUS_SUCCESS;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS
PaCreateDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PA_DEVICE_NAME);
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pa.DeviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_Pa.DeviceObject->Flags |= DO_BUFFERED_IO;

    RtlInitUnicodeString(&g_Pa.LinkName, PA_LINK_NAME);
    status = IoCreateSymbolicLink(&g_Pa.LinkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Pa.DeviceObject);
        g_Pa.DeviceObject = NULL;
        return status;
    }
    g_Pa.LinkCreated = TRUE;

    return STATUS_SUCCESS;
}

static VOID
PaDeleteDevice(VOID)
{
    if (g_Pa.LinkCreated) {
        IoDeleteSymbolicLink(&g_Pa.LinkName);
        g_Pa.LinkCreated = FALSE;
    }
    if (g_Pa.DeviceObject != NULL) {
        IoDeleteDevice(g_Pa.DeviceObject);
        g_Pa.DeviceObject = NULL;
    }
}

VOID
PaUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PaNotifyUnregister();       /* no new records */
    PaTimerStop();              /* no timer, no DPC, no worker */
    PaTimerCleanup();
    PaDeleteDevice();           /* no more user-mode access */
    PaStateCleanup();           /* now the store can go */

    PA_TRACE("unloaded, %ld records dropped", g_Pa.Dropped);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Pa, sizeof(g_Pa));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PaCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PaCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PaDeviceControl;

    /* the store must exist before any callback can fire */
    PaStateInit();

    status = PaCreateDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        goto FailState;
    }

    status = PaTimerInit(g_Pa.DeviceObject);
    if (!NT_SUCCESS(status)) {
        goto FailDevice;
    }

    status = PaNotifyRegister();
    if (!NT_SUCCESS(status)) {
        goto FailTimer;
    }

    PaTimerStart();

    DriverObject->DriverUnload = PaUnload;
    PA_TRACE("loaded");
    return STATUS_SUCCESS;

FailTimer:
    PaTimerCleanup();
FailDevice:
    PaDeleteDevice();
FailState:
    PaStateCleanup();
    return status;
}
