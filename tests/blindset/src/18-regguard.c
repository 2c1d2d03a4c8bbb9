// RegGuard: blocks deleting values under keys whose name contains "RegGuardTest"
// control device lets user mode turn blocking on/off

#include <ntddk.h>

#define IOCTL_REGGUARD_ENABLE  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_REGGUARD_DISABLE CTL_CODE(FILE_DEVICE_UNKNOWN, 0x831, METHOD_BUFFERED, FILE_WRITE_ACCESS)

static LARGE_INTEGER Cookie;
static PDEVICE_OBJECT ControlDevice;
static volatile LONG Enabled = 1;
static UNICODE_STRING DeviceName = RTL_CONSTANT_STRING(L"\\Device\\RegGuard");
static UNICODE_STRING LinkName = RTL_CONSTANT_STRING(L"\\??\\RegGuard");

static NTSTATUS RegGuardCallback(PVOID Context, PVOID Arg1, PVOID Arg2)
{
    REG_NOTIFY_CLASS op = (REG_NOTIFY_CLASS)(ULONG_PTR)Arg1;
    PREG_DELETE_VALUE_KEY_INFORMATION info;
    PCUNICODE_STRING keyName = NULL;
    UNICODE_STRING marker = RTL_CONSTANT_STRING(L"RegGuardTest");
    NTSTATUS status = STATUS_SUCCESS;
    USHORT i;

    UNREFERENCED_PARAMETER(Context);

    if (op != RegNtPreDeleteValueKey || !Enabled)
        return STATUS_SUCCESS;

    info = (PREG_DELETE_VALUE_KEY_INFORMATION)Arg2;
    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&Cookie, info->Object, NULL, &keyName, 0)))
        return STATUS_SUCCESS;

    // naive substring search
    for (i = 0; keyName->Length >= marker.Length &&
                i <= (keyName->Length - marker.Length) / sizeof(WCHAR); i++) {
        UNICODE_STRING part;
        part.Buffer = keyName->Buffer + i;
        part.Length = marker.Length;
        part.MaximumLength = marker.Length;
        if (RtlEqualUnicodeString(&part, &marker, TRUE)) {
            status = STATUS_ACCESS_DENIED;
            break;
        }
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);
    return status;
}

static NTSTATUS RegGuardDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        switch (sp->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_REGGUARD_ENABLE:  InterlockedExchange(&Enabled, 1); break;
        case IOCTL_REGGUARD_DISABLE: InterlockedExchange(&Enabled, 0); break;
        default: status = STATUS_INVALID_DEVICE_REQUEST; break;
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID RegGuardUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    CmUnRegisterCallback(Cookie);
    IoDeleteSymbolicLink(&LinkName);
    IoDeleteDevice(ControlDevice);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(L"385200");
    BOOLEAN deviceCreated = FALSE;
    BOOLEAN linkCreated = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);

    do {
        status = IoCreateDevice(DriverObject, 0, &DeviceName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &ControlDevice);
        if (!NT_SUCCESS(status))
            break;
        deviceCreated = TRUE;

        status = IoCreateSymbolicLink(&LinkName, &DeviceName);
        if (!NT_SUCCESS(status))
            break;
        linkCreated = TRUE;

        status = CmRegisterCallbackEx(RegGuardCallback, &altitude, DriverObject, NULL, &Cookie, NULL);
        if (!NT_SUCCESS(status))
            break;

    } while (0);

    if (!NT_SUCCESS(status)) {
        KdPrint(("RegGuard: init failed 0x%08X\n", status));
        if (linkCreated)
            IoDeleteSymbolicLink(&LinkName);
        if (deviceCreated)
            IoDeleteDevice(ControlDevice);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RegGuardDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegGuardDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegGuardDispatch;
    DriverObject->DriverUnload = RegGuardUnload;

    return STATUS_SUCCESS;
}
