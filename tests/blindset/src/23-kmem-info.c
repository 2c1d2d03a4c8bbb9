// kmeminfo: returns some kernel info to user mode
//   IOCTL_KMI_GET_INFO -> KMI_INFO (build number, processor count, uptime)
// client: CreateFileW(L"\\\\.\\KmemInfo", GENERIC_READ, ...) + DeviceIoControl

#include <ntddk.h>

#define IOCTL_KMI_GET_INFO CTL_CODE(FILE_DEVICE_UNKNOWN, 0x860, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _KMI_INFO {
    ULONG  MajorVersion;
    ULONG  MinorVersion;
    ULONG  BuildNumber;
    ULONG  ProcessorCount;
    ULONGLONG InterruptTime;
} KMI_INFO, *PKMI_INFO;

PDEVICE_OBJECT KmiDevice = NULL;

NTSTATUS KmiDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    ULONG_PTR bytes = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KMI_GET_INFO:
    {
        PKMI_INFO info = (PKMI_INFO)Irp->AssociatedIrp.SystemBuffer;
        RTL_OSVERSIONINFOW ver;

        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(KMI_INFO)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ver.dwOSVersionInfoSize = sizeof(ver);
        status = RtlGetVersion(&ver);
        if (!NT_SUCCESS(status))
            break;

        info->MajorVersion = ver.dwMajorVersion;
        info->MinorVersion = ver.dwMinorVersion;
        info->BuildNumber = ver.dwBuildNumber;
        info->ProcessorCount = KeQueryActiveProcessorCount(NULL);
        info->InterruptTime = KeQueryInterruptTime();
        bytes = sizeof(KMI_INFO);
        break;
    }
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = bytes;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID KmiUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\KmemInfo");

    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(KmiDevice);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\KmemInfo");
    UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\KmemInfo");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = KmiUnload;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KmiDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &KmiDevice);
    if (!NT_SUCCESS(status))
        return status;

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(KmiDevice);
        return status;
    }

    KmiDevice->Flags |= DO_BUFFERED_IO;
    KmiDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
