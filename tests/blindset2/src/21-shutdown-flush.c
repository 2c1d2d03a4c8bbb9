/*
 * flushlog.sys - keeps an in-memory event log and writes it to
 * \SystemRoot\flushlog.txt when the system shuts down (IRP_MJ_SHUTDOWN).
 */
#include <ntddk.h>

#define FL_TAG        'glFS'
#define FL_LOG_BYTES  (16 * 1024)
#define FL_DEV_NAME   L"\\Device\\FlushLog"
#define FL_LINK_NAME  L"\\DosDevices\\FlushLog"

typedef struct _FL_STATE {
    PDEVICE_OBJECT Device;
    PUCHAR         Log;
    ULONG          Used;
    BOOLEAN        LinkCreated;
    BOOLEAN        ShutdownRegistered;
} FL_STATE;

static FL_STATE g_Fl;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FlUnload;
_Dispatch_type_(IRP_MJ_SHUTDOWN) DRIVER_DISPATCH FlShutdown;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH FlCreateClose;

static VOID
FlCleanup(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(FL_LINK_NAME);

    if (g_Fl.ShutdownRegistered) {
        IoUnregisterShutdownNotification(g_Fl.Device);
        g_Fl.ShutdownRegistered = FALSE;
    }
    if (g_Fl.LinkCreated) {
        IoDeleteSymbolicLink(&link);
        g_Fl.LinkCreated = FALSE;
    }
    if (g_Fl.Device != NULL) {
        IoDeleteDevice(g_Fl.Device);
        g_Fl.Device = NULL;
    }
    if (g_Fl.Log != NULL) {
        ExFreePoolWithTag(g_Fl.Log, FL_TAG);
        g_Fl.Log = NULL;
    }
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = NULL;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(FL_DEV_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(FL_LINK_NAME);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlZeroMemory(&g_Fl, sizeof(g_Fl));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = FlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = FlShutdown;
    DriverObject->DriverUnload = FlUnload;

    g_Fl.Log = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, FL_LOG_BYTES, FL_TAG);
    if (g_Fl.Log == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Exit;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Fl.Device);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    g_Fl.LinkCreated = TRUE;

    status = IoRegisterShutdownNotification(g_Fl.Device);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    g_Fl.ShutdownRegistered = TRUE;

    g_Fl.Device->Flags &= ~DO_DEVICE_INITIALIZING;

Exit:
    if (!NT_SUCCESS(status)) {
        KdPrint(("flushlog: DriverEntry failed 0x%08X\n", status));
        FlCleanup(DriverObject);
    }
    return status;
}

VOID
FlUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    FlCleanup(DriverObject);
}

NTSTATUS
FlCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
FlShutdown(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\SystemRoot\\flushlog.txt");
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE file;

    UNREFERENCED_PARAMETER(DeviceObject);

    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (g_Fl.Used > 0 &&
        NT_SUCCESS(ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL,
                                FILE_ATTRIBUTE_NORMAL, 0, FILE_OPEN_IF,
                                FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0))) {
        ZwWriteFile(file, NULL, NULL, NULL, &iosb, g_Fl.Log, g_Fl.Used, NULL, NULL);
        ZwClose(file);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
