/*
 * hdmiaud.cpp - PortCls adapter driver for the HDMI audio function of the
 * panel controller. PcInitializeAdapterDriver installs PortCls's IRP
 * handlers (IRP_MJ_PNP among them) and our AddDevice; we then take over
 * IRP_MJ_PNP to veto removal while a stream is open and forward the rest to
 * PortCls, and chain our unload in front of PortCls's.
 */

extern "C" {
#include <portcls.h>
}

#define HDMIAUD_POOLTAG 'aMDH'
#define HDMIAUD_MAX_MINIPORTS 3

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE HdmiAudAddDevice;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH HdmiAudPnp;
DRIVER_UNLOAD HdmiAudUnload;

static PDRIVER_UNLOAD g_PortClsUnload;
static LONG g_OpenStreams;

#pragma code_seg("INIT")
extern "C"
NTSTATUS
DriverEntry(                                                    // expect-entry: audio-adapter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    status = PcInitializeAdapterDriver(DriverObject, RegistryPath, HdmiAudAddDevice);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVAUDIO_ID, DPFLTR_ERROR_LEVEL,
                   "hdmiaud: PcInitializeAdapterDriver failed 0x%08X\n", status);
        return status;
    }

    // Overrides of what PortCls installed: they must come after it.
    DriverObject->MajorFunction[IRP_MJ_PNP] = HdmiAudPnp;
    g_PortClsUnload = DriverObject->DriverUnload;
    DriverObject->DriverUnload = HdmiAudUnload;

    return STATUS_SUCCESS;
}
#pragma code_seg()

#pragma code_seg("PAGE")
_Use_decl_annotations_
NTSTATUS
HdmiAudAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PAGED_CODE();
    return PcAddAdapterDevice(DriverObject, PhysicalDeviceObject, NULL,
                              HDMIAUD_MAX_MINIPORTS, 0);
}

_Use_decl_annotations_
NTSTATUS
HdmiAudPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    if (stack->MinorFunction == IRP_MN_QUERY_REMOVE_DEVICE && g_OpenStreams > 0) {
        Irp->IoStatus.Status = STATUS_DEVICE_BUSY;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_DEVICE_BUSY;
    }
    return PcDispatchIrp(DeviceObject, Irp);
}

_Use_decl_annotations_
VOID
HdmiAudUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();
    if (g_PortClsUnload != NULL) {
        g_PortClsUnload(DriverObject);
    }
}
#pragma code_seg()
