/*
 * onceinit.c - a legacy WDM driver of a weather-station receiver. Its log
 * ring is set up once: an init routine claims a state word with
 * InterlockedCompareExchange and leaves at once when another call got there
 * first; the matching fini routine frees the ring only when it can claim the
 * word back. The state structure is defined with an initializer.
 *
 * Conforming: the word starts at 0, so the init routine allocates the ring
 * and the fini routine, finding 1, frees it on DriverEntry's failure path
 * (DE006).
 */

#include <ntddk.h>

#define WX_TAG 'gLxW'

typedef struct _WX_LOG {
    volatile LONG Ready;
    ULONG Level;
    PCHAR Ring;
} WX_LOG;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WxUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH WxCreateClose;

static WX_LOG WxLog = { 0, 2, NULL };
static UNICODE_STRING WxDeviceName = RTL_CONSTANT_STRING(L"\\Device\\WeatherRx");

static NTSTATUS
WxLogInit(VOID)
{
    if (InterlockedCompareExchange(&WxLog.Ready, 1, 0) != 0) {
        return STATUS_SUCCESS;
    }
    WxLog.Ring = (PCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, WX_TAG);
    if (WxLog.Ring == NULL) {
        InterlockedExchange(&WxLog.Ready, 0);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

static VOID
WxLogFini(VOID)
{
    if (InterlockedCompareExchange(&WxLog.Ready, 0, 1) != 1) {
        return;
    }
    ExFreePoolWithTag(WxLog.Ring, WX_TAG);
    WxLog.Ring = NULL;
}

_Use_decl_annotations_
NTSTATUS
WxCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
WxUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteDevice(DriverObject->DeviceObject);
    WxLogFini();
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    PDEVICE_OBJECT device = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = WxLogInit();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &WxDeviceName, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &device);
    if (!NT_SUCCESS(status)) {
        WxLogFini();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = WxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = WxCreateClose;
    DriverObject->DriverUnload = WxUnload;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
