/*
 * driver.c - RegSpy entry, unload and the control device
 */
#include "regspy.h"

RS_GLOBALS g_Spy;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RsUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   RsCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   RsIoctl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RsUnload)
#endif

#define CHECK_STATUS(s, what)                                                     \
    if (!NT_SUCCESS(s)) {                                                         \
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, what " failed: 0x%08X", s);  \
        goto Exit;                                                                \
    }

NTSTATUS RsCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS RsIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR bytes = 0;
    ULONG outLen = irpSp->Parameters.DeviceIoControl.OutputBufferLength;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_REGSPY_READ:
        if (outLen < sizeof(RS_RECORD)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG n = RsQueueRead((PRS_RECORD)Irp->AssociatedIrp.SystemBuffer,
                                  outLen / sizeof(RS_RECORD));
            bytes = (ULONG_PTR)n * sizeof(RS_RECORD);
        }
        break;

    case IOCTL_REGSPY_CLEAR:
        RsQueueDrain();
        break;

    case IOCTL_REGSPY_INFO:
        /* hand back the service key we are ignoring, handy for the GUI */
        if (outLen < g_Spy.ServiceKey.Length) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, g_Spy.ServiceKey.Buffer,
                          g_Spy.ServiceKey.Length);
            bytes = g_Spy.ServiceKey.Length;
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = bytes;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID RsUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(REGSPY_LINK);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "unloading, %ld records lost", g_Spy.Lost);

    if (g_Spy.CallbackOn) {
        CmUnRegisterCallback(g_Spy.Cookie);
        g_Spy.CallbackOn = FALSE;
    }

    RsQueueDrain();

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Spy.Device);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(REGSPY_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(REGSPY_LINK);
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RS_ALTITUDE);
    BOOLEAN queueUp = FALSE, linkUp = FALSE;
    NTSTATUS status;

    RtlZeroMemory(&g_Spy, sizeof(g_Spy));

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "loading from %wZ", RegistryPath);
    g_Spy.ServiceKey = *RegistryPath;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Spy.Device);
    CHECK_STATUS(status, "IoCreateDevice");

    status = IoCreateSymbolicLink(&link, &devName);
    CHECK_STATUS(status, "IoCreateSymbolicLink");
    linkUp = TRUE;

    status = RsQueueInit();
    CHECK_STATUS(status, "RsQueueInit");
    queueUp = TRUE;

    status = CmRegisterCallbackEx(RsRegistryCallback, &altitude, DriverObject,
                                  NULL, &g_Spy.Cookie, NULL);
    CHECK_STATUS(status, "CmRegisterCallbackEx");
    g_Spy.CallbackOn = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RsIoctl;
    DriverObject->DriverUnload = RsUnload;

    g_Spy.Device->Flags |= DO_BUFFERED_IO;
    g_Spy.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "callback cookie 0x%I64X", g_Spy.Cookie.QuadPart);

Exit:
    if (!NT_SUCCESS(status)) {
        if (queueUp)
            RsQueueTeardown();
        if (linkUp)
            IoDeleteSymbolicLink(&link);
        if (g_Spy.Device) {
            IoDeleteDevice(g_Spy.Device);
            g_Spy.Device = NULL;
        }
    }
    return status;
}
