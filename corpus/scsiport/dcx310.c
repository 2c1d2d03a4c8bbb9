/*
 * dcx310.c - SCSI miniport for the DCX-310 family of bus-master SCSI host
 * adapters (ISA and PCI versions of the same ASIC). Legacy ScsiPort model:
 * DriverEntry registers one HW_INITIALIZATION_DATA per bus type and returns
 * the smallest status, so that the port driver reports success if any bus
 * found an adapter.
 */

#include <ntdef.h>          /* miniport.h expects the basic NT types */
#include <miniport.h>
#include <srb.h>
#include <scsi.h>

#define DCX_VENDOR_ID        "1A7E"
#define DCX_DEVICE_ID        "0310"
#define DCX_MAX_TRANSFER     (64 * 1024)
#define DCX_ISA_BASE_PORTS   4

typedef struct _DCX_HW_EXTENSION {
    PUCHAR  IoBase;
    UCHAR   HostTargetId;
    BOOLEAN IsPci;
    ULONG   ActiveRequests;
} DCX_HW_EXTENSION, *PDCX_HW_EXTENSION;

typedef struct _DCX_SRB_EXTENSION {
    UCHAR Ccb[64];
} DCX_SRB_EXTENSION;

/* Search context for ISA: index into the list of base ports to probe. */
typedef struct _DCX_ISA_CONTEXT {
    ULONG NextPort;
} DCX_ISA_CONTEXT;

static const USHORT DcxIsaPorts[DCX_ISA_BASE_PORTS] = { 0x330, 0x334, 0x230, 0x234 };

/* ScsiPort's port form; miniport.h has no role type for it (DE002 notes that). */
ULONG DriverEntry(PVOID DriverObject, PVOID Argument2);

BOOLEAN NTAPI DcxHwInitialize(PVOID HwDeviceExtension);
BOOLEAN NTAPI DcxStartIo(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb);
BOOLEAN NTAPI DcxInterrupt(PVOID HwDeviceExtension);
BOOLEAN NTAPI DcxResetBus(PVOID HwDeviceExtension, ULONG PathId);
ULONG NTAPI DcxFindAdapter(PVOID HwDeviceExtension, PVOID Context, PVOID BusInformation,
                           PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                           PBOOLEAN Again);

ULONG
DriverEntry(                                            // expect-entry: scsiport-miniport
    IN PVOID DriverObject,
    IN PVOID Argument2
    )
{
    HW_INITIALIZATION_DATA hwInitData;
    DCX_ISA_CONTEXT isaContext;
    ULONG isaStatus;
    ULONG pciStatus;
    ULONG i;
    PUCHAR p;

    /* Older scsiport headers have no ScsiPortZeroMemory: clear by hand. */
    for (i = 0, p = (PUCHAR)&hwInitData; i < sizeof(HW_INITIALIZATION_DATA); i++) {
        p[i] = 0;
    }

    hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    hwInitData.HwInitialize   = DcxHwInitialize;
    hwInitData.HwStartIo      = DcxStartIo;
    hwInitData.HwInterrupt    = DcxInterrupt;
    hwInitData.HwFindAdapter  = DcxFindAdapter;
    hwInitData.HwResetBus     = DcxResetBus;

    hwInitData.DeviceExtensionSize     = sizeof(DCX_HW_EXTENSION);
    hwInitData.SrbExtensionSize        = sizeof(DCX_SRB_EXTENSION);
    hwInitData.SpecificLuExtensionSize = 0;
    hwInitData.NumberOfAccessRanges    = 1;
    hwInitData.NeedPhysicalAddresses   = TRUE;
    hwInitData.AutoRequestSense        = TRUE;
    hwInitData.TaggedQueuing           = FALSE;
    hwInitData.MultipleRequestPerLu    = FALSE;

    /* PCI boards first; the port driver matches on vendor/device id. */
    hwInitData.AdapterInterfaceType = PCIBus;
    hwInitData.VendorId       = DCX_VENDOR_ID;
    hwInitData.VendorIdLength = 4;
    hwInitData.DeviceId       = DCX_DEVICE_ID;
    hwInitData.DeviceIdLength = 4;

    pciStatus = ScsiPortInitialize(DriverObject, Argument2, &hwInitData, NULL);

    /* Then ISA boards at the jumper-selectable base ports. */
    hwInitData.AdapterInterfaceType = Isa;
    hwInitData.VendorId       = NULL;
    hwInitData.VendorIdLength = 0;
    hwInitData.DeviceId       = NULL;
    hwInitData.DeviceIdLength = 0;
    isaContext.NextPort = 0;

    isaStatus = ScsiPortInitialize(DriverObject, Argument2, &hwInitData, &isaContext);

    /* Success if either bus type produced an adapter. */
    return (pciStatus < isaStatus) ? pciStatus : isaStatus;
}

ULONG NTAPI
DcxFindAdapter(
    PVOID HwDeviceExtension,
    PVOID Context,
    PVOID BusInformation,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again
    )
{
    PDCX_HW_EXTENSION ext = (PDCX_HW_EXTENSION)HwDeviceExtension;
    DCX_ISA_CONTEXT *isa = (DCX_ISA_CONTEXT *)Context;
    SCSI_PHYSICAL_ADDRESS base;

    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    if (ConfigInfo->AdapterInterfaceType == Isa) {
        if (isa == NULL || isa->NextPort >= DCX_ISA_BASE_PORTS) {
            return SP_RETURN_NOT_FOUND;
        }
        base = ScsiPortConvertUlongToPhysicalAddress(DcxIsaPorts[isa->NextPort++]);
        *Again = (isa->NextPort < DCX_ISA_BASE_PORTS);
        ext->IsPci = FALSE;
    } else {
        base = (*ConfigInfo->AccessRanges)[0].RangeStart;
        ext->IsPci = TRUE;
    }

    ext->IoBase = (PUCHAR)ScsiPortGetDeviceBase(HwDeviceExtension,
                                                ConfigInfo->AdapterInterfaceType,
                                                ConfigInfo->SystemIoBusNumber,
                                                base, 4, TRUE);
    if (ext->IoBase == NULL) {
        return SP_RETURN_NOT_FOUND;
    }

    ext->HostTargetId = 7;
    ConfigInfo->InitiatorBusId[0]     = ext->HostTargetId;
    ConfigInfo->NumberOfBuses         = 1;
    ConfigInfo->MaximumTransferLength = DCX_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = 16;
    ConfigInfo->ScatterGather         = TRUE;
    ConfigInfo->Master                = TRUE;
    ConfigInfo->Dma32BitAddresses     = ext->IsPci;

    return SP_RETURN_FOUND;
}

BOOLEAN NTAPI
DcxHwInitialize(PVOID HwDeviceExtension)
{
    PDCX_HW_EXTENSION ext = (PDCX_HW_EXTENSION)HwDeviceExtension;

    ext->ActiveRequests = 0;
    return TRUE;
}

BOOLEAN NTAPI
DcxStartIo(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    /* Command submission to the ASIC mailbox is elided in this revision. */
    Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    ScsiPortNotification(RequestComplete, HwDeviceExtension, Srb);
    ScsiPortNotification(NextRequest, HwDeviceExtension, NULL);
    return TRUE;
}

BOOLEAN NTAPI
DcxInterrupt(PVOID HwDeviceExtension)
{
    UNREFERENCED_PARAMETER(HwDeviceExtension);
    return FALSE;       /* not ours */
}

BOOLEAN NTAPI
DcxResetBus(PVOID HwDeviceExtension, ULONG PathId)
{
    ScsiPortCompleteRequest(HwDeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    ScsiPortNotification(NextRequest, HwDeviceExtension, NULL);
    return TRUE;
}
