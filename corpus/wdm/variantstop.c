/*
 * variantstop.c - legacy WDM driver of an image-load monitor that runs on
 * two generations of a companion device. Each generation has its own stop
 * routine in the operations table, chosen when the driver starts; unload
 * calls whichever was chosen.
 *
 * Both stop routines remove the image-load notification DriverEntry
 * registered. The Quiesce member is only ever given those two: entrycheck
 * follows both, and the removal counts because every routine the member
 * may hold makes it.
 */

#include <ntddk.h>

typedef VOID VS_STOP(VOID);

typedef struct _VS_OPS {
    VS_STOP *Quiesce;
    ULONG Generation;
} VS_OPS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VsUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH VsCreateClose;

static VS_OPS VsOps;
static PDEVICE_OBJECT VsDevice;
static volatile LONG VsLoads;

static VOID
VsImageLoaded(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
    InterlockedIncrement(&VsLoads);
}

static VOID
VsStopFirstGeneration(VOID)
{
    DbgPrint("variantstop: first generation stopped after %ld loads\n", VsLoads);
    PsRemoveLoadImageNotifyRoutine(VsImageLoaded);
}

static VOID
VsStopSecondGeneration(VOID)
{
    PsRemoveLoadImageNotifyRoutine(VsImageLoaded);
}

_Use_decl_annotations_
NTSTATUS
VsCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    VsOps.Quiesce();
    IoDeleteDevice(VsDevice);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNICODE_STRING name;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    VsOps.Generation = RtlIsNtDdiVersionAvailable(NTDDI_WIN10) ? 2 : 1;
    if (VsOps.Generation == 1) {
        VsOps.Quiesce = VsStopFirstGeneration;
    } else {
        VsOps.Quiesce = VsStopSecondGeneration;
    }

    RtlInitUnicodeString(&name, L"\\Device\\VariantStop");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &VsDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(VsImageLoaded);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(VsDevice);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = VsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = VsCreateClose;
    DriverObject->DriverUnload = VsUnload;
    return STATUS_SUCCESS;
}
