/*
 * kmdfctl.c - KMDF non-PnP driver with a control device \\.\ProcKill
 * that terminates a process by PID (for killing stuck tools that ignore
 * TerminateProcess from user mode). Admin only, see the SDDL below.
 */
#include <ntifs.h>
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define PK_NT_NAME      L"\\Device\\ProcKill"
#define PK_DOS_NAME     L"\\DosDevices\\ProcKill"
#define PK_POOL_TAG     'lliK'

#define IOCTL_PK_TERMINATE  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8C0, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PK_VERSION    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8C1, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PK_VERSION      0x00010002

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD PkEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL PkEvtIoDeviceControl;

static WDFDEVICE g_PkDevice = NULL;

static NTSTATUS
PkTerminate(
    _In_ ULONG Pid
    )
{
    NTSTATUS status;
    HANDLE hProcess = NULL;
    OBJECT_ATTRIBUTES oa;
    CLIENT_ID cid;

    if (Pid == 0 || Pid == 4) {
        return STATUS_ACCESS_DENIED;
    }

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    cid.UniqueProcess = ULongToHandle(Pid);
    cid.UniqueThread = NULL;

    status = ZwOpenProcess(&hProcess, PROCESS_ALL_ACCESS, &oa, &cid);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcKill: ZwOpenProcess(%lu) 0x%x\n", Pid, status));
        return status;
    }

    status = ZwTerminateProcess(hProcess, STATUS_PROCESS_IS_TERMINATING);
    KdPrint(("ProcKill: ZwTerminateProcess(%lu) 0x%x\n", Pid, status));

    ZwClose(hProcess);
    return status;
}

VOID
PkEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    NTSTATUS status;
    PULONG pValue = NULL;
    size_t info = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_PK_TERMINATE:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID*)&pValue, NULL);
        if (NT_SUCCESS(status)) {
            status = PkTerminate(*pValue);
        }
        break;

    case IOCTL_PK_VERSION:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID*)&pValue, NULL);
        if (NT_SUCCESS(status)) {
            *pValue = PK_VERSION;
            info = sizeof(ULONG);
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

static NTSTATUS
PkCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT pInit;
    WDFDEVICE device;
    WDF_IO_QUEUE_CONFIG queueConfig;
    DECLARE_CONST_UNICODE_STRING(ntName, PK_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, PK_DOS_NAME);

    pInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (pInit == NULL) {
        KdPrint(("ProcKill: WdfControlDeviceInitAllocate failed\n"));
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(pInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(pInit, &ntName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcKill: WdfDeviceInitAssignName 0x%x\n", status));
        WdfDeviceInitFree(pInit);
        return status;
    }

    status = WdfDeviceCreate(&pInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcKill: WdfDeviceCreate 0x%x\n", status));
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcKill: WdfDeviceCreateSymbolicLink 0x%x\n", status));
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = PkEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcKill: WdfIoQueueCreate 0x%x\n", status));
        WdfObjectDelete(device);
        return status;
    }

    g_PkDevice = device;
    return STATUS_SUCCESS;
}

VOID
PkEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    if (g_PkDevice != NULL) {
        WdfObjectDelete(g_PkDevice);
        g_PkDevice = NULL;
    }
    KdPrint(("ProcKill: unloaded\n"));
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = PkEvtDriverUnload;
    config.DriverPoolTag = PK_POOL_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcKill: WdfDriverCreate 0x%x\n", status));
        return status;
    }

    status = PkCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    KdPrint(("ProcKill: ready\n"));
    return STATUS_SUCCESS;
}
