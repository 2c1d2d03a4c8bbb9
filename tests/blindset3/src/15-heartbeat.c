// heartbeat.sys - a system thread that wakes every 2s and logs free pool pages
// user mode can query the last sample through \\.\Heartbeat
#include <ntddk.h>

#define HB_LOG(fmt, ...) DbgPrint("[hb] " fmt "\n", __VA_ARGS__)
#define IOCTL_HB_LAST CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_READ_ACCESS)

static KEVENT   g_StopEvent;
static PETHREAD g_Thread = NULL;
static volatile LONG g_Beats = 0;
static PDEVICE_OBJECT g_Dev = NULL;
static UNICODE_STRING g_Link = RTL_CONSTANT_STRING(L"\\??\\Heartbeat");

static VOID HeartbeatThread(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    LARGE_INTEGER period;
    period.QuadPart = -20000000LL;   // 2 s

    for (;;) {
        NTSTATUS st = KeWaitForSingleObject(&g_StopEvent, Executive, KernelMode, FALSE, &period);
        if (st == STATUS_SUCCESS)
            break;
        InterlockedIncrement(&g_Beats);
        HB_LOG("beat %ld", g_Beats);
    }
    HB_LOG("thread exiting");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static NTSTATUS HbDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    if (sl->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        if (sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_HB_LAST &&
            sl->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(LONG)) {
            *(PLONG)Irp->AssociatedIrp.SystemBuffer = g_Beats;
            info = sizeof(LONG);
        } else {
            status = STATUS_INVALID_DEVICE_REQUEST;
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID HbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeSetEvent(&g_StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Thread);
    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(g_Dev);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;
    HANDLE hThread;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(L"\\Device\\Heartbeat");

    KeInitializeEvent(&g_StopEvent, NotificationEvent, FALSE);

    status = PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  HeartbeatThread, NULL);
    if (!NT_SUCCESS(status)) {
        HB_LOG("PsCreateSystemThread failed %08X", status);
        return status;
    }
    status = ObReferenceObjectByHandle(hThread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       (PVOID*)&g_Thread, NULL);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&g_StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(hThread, FALSE, NULL);
        ZwClose(hThread);
        return status;
    }
    ZwClose(hThread);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Dev);
    if (!NT_SUCCESS(status)) {
        HB_LOG("IoCreateDevice failed %08X", status);
        ObDereferenceObject(g_Thread);
        return status;
    }

    status = IoCreateSymbolicLink(&g_Link, &devName);
    if (!NT_SUCCESS(status)) {
        HB_LOG("IoCreateSymbolicLink failed %08X", status);
        IoDeleteDevice(g_Dev);
        ObDereferenceObject(g_Thread);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = HbDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HbDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HbDispatch;
    DriverObject->DriverUnload = HbUnload;
    return STATUS_SUCCESS;
}
