/*
 * chkmacro.c - "pwrtrace", a legacy driver that logs process starts and
 * image loads for a power-tuning tool. Each step goes through CHECK, which
 * keeps the status and jumps to the cleanup when it failed: the test sits
 * in the macro's `if`, on an assignment (`NT_SUCCESS(status = (x))`). The
 * cleanup undoes every step taken, so nothing is reported.
 */

#include <ntddk.h>

#define PT_TAG 'rtwP'
#define CHECK(x) if (!NT_SUCCESS(status = (x))) goto fail

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PtUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PtCreateClose;

static PDEVICE_OBJECT PtDevice;
static UNICODE_STRING PtName = RTL_CONSTANT_STRING(L"\\Device\\PwrTrace");
static UNICODE_STRING PtLink = RTL_CONSTANT_STRING(L"\\DosDevices\\PwrTrace");

static VOID PtOnProcess(HANDLE Parent, HANDLE Process, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(Parent);
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(Create);
}

static VOID PtOnImage(PUNICODE_STRING Image, HANDLE Process, PIMAGE_INFO Info)
{
    UNREFERENCED_PARAMETER(Image);
    UNREFERENCED_PARAMETER(Process);
    UNREFERENCED_PARAMETER(Info);
}

NTSTATUS PtCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID PtUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsRemoveLoadImageNotifyRoutine(PtOnImage);
    PsSetCreateProcessNotifyRoutine(PtOnProcess, TRUE);
    IoDeleteSymbolicLink(&PtLink);
    IoDeleteDevice(PtDevice);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status = STATUS_SUCCESS;
    BOOLEAN created = FALSE, linked = FALSE, watching = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);

    CHECK(IoCreateDevice(DriverObject, 0, &PtName, FILE_DEVICE_UNKNOWN,
                         FILE_DEVICE_SECURE_OPEN, FALSE, &PtDevice));
    created = TRUE;
    CHECK(IoCreateSymbolicLink(&PtLink, &PtName));
    linked = TRUE;
    CHECK(PsSetCreateProcessNotifyRoutine(PtOnProcess, FALSE));
    watching = TRUE;
    CHECK(PsSetLoadImageNotifyRoutine(PtOnImage));

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PtCreateClose;
    DriverObject->DriverUnload = PtUnload;
    PtDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail:
    if (watching)
        PsSetCreateProcessNotifyRoutine(PtOnProcess, TRUE);
    if (linked)
        IoDeleteSymbolicLink(&PtLink);
    if (created)
        IoDeleteDevice(PtDevice);
    return status;
}
