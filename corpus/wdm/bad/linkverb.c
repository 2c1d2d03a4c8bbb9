/*
 * linkverb: a control device whose DOS name is created in DriverEntry; the
 * driver prints each step's status, and counts the steps it traced when a
 * verbose flag is set.
 *
 * Violating: the symbolic link's status is only printed; after the verbose
 * count, the next step overwrites it, so a driver whose DOS name could not
 * be created loads anyway (DE005).
 */
#include <ntddk.h>

static PDEVICE_OBJECT g_LvDevice;
static BOOLEAN g_LvVerbose;
static ULONG g_LvTraced;
static UNICODE_STRING g_LvLink = RTL_CONSTANT_STRING(L"\\DosDevices\\LinkVerb");

static NTSTATUS LvReadOptions(VOID)
{
    g_LvVerbose = TRUE;
    return STATUS_SUCCESS;
}

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LvCreateClose;

_Use_decl_annotations_
NTSTATUS LvCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

DRIVER_UNLOAD LvUnload;

_Use_decl_annotations_
VOID LvUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&g_LvLink);
    IoDeleteDevice(g_LvDevice);
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\LinkVerb");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_LvDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&g_LvLink, &name);                               // expect: DE005
    DbgPrint("linkverb: link 0x%08X\n", status);
    if (g_LvVerbose) {
        g_LvTraced++;
    }

    status = LvReadOptions();
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&g_LvLink);
        IoDeleteDevice(g_LvDevice);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LvCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LvCreateClose;
    DriverObject->DriverUnload = LvUnload;
    return STATUS_SUCCESS;
}
