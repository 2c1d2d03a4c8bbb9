/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's overlay of <srb.h> (SCSI port / Storport request blocks),
 * written from the documented Storport/ScsiPort DDI reference.  It reuses
 * mingw-w64's srb.h for SRBs and constants but replaces the two structures
 * whose Storport layout is a superset of the ScsiPort one:
 *   PORT_CONFIGURATION_INFORMATION and HW_INITIALIZATION_DATA, plus the
 *   SCSI_ADAPTER_CONTROL_TYPE enum, which Storport extends.
 * ScsiPort miniports therefore see the Storport layout (every ScsiPort field
 * is present, in the same order); ScsiPortInitialize and
 * ScsiPortGetUncachedExtension are redeclared against it.  Deliberately
 * leaves out the STORAGE_REQUEST_BLOCK (SRB_EX) family. */
#ifndef ENTRYCHECK_SRB_H
#define ENTRYCHECK_SRB_H

#include <ntddk.h>

#if defined(_NTSRB_)
/* mingw's srb.h was already read directly (a quoted #include "srb.h" from
 * another mingw header, before this overlay): its ScsiPort layouts stay. */
#define ENTRYCHECK_SRB_SCSIPORT_LAYOUT 1
#else

#define _PORT_CONFIGURATION_INFORMATION entrycheck_mingw__PORT_CONFIGURATION_INFORMATION
#define PORT_CONFIGURATION_INFORMATION  entrycheck_mingw_PORT_CONFIGURATION_INFORMATION
#define PPORT_CONFIGURATION_INFORMATION entrycheck_mingw_PPORT_CONFIGURATION_INFORMATION
#define PHW_FIND_ADAPTER                entrycheck_mingw_PHW_FIND_ADAPTER
#define _HW_INITIALIZATION_DATA         entrycheck_mingw__HW_INITIALIZATION_DATA
#define HW_INITIALIZATION_DATA          entrycheck_mingw_HW_INITIALIZATION_DATA
#define PHW_INITIALIZATION_DATA         entrycheck_mingw_PHW_INITIALIZATION_DATA
#define ScsiPortInitialize              entrycheck_mingw_ScsiPortInitialize
#define ScsiPortGetUncachedExtension    entrycheck_mingw_ScsiPortGetUncachedExtension
#define _SCSI_ADAPTER_CONTROL_TYPE        entrycheck_mingw__SCSI_ADAPTER_CONTROL_TYPE
#define SCSI_ADAPTER_CONTROL_TYPE         entrycheck_mingw_SCSI_ADAPTER_CONTROL_TYPE
#define PSCSI_ADAPTER_CONTROL_TYPE        entrycheck_mingw_PSCSI_ADAPTER_CONTROL_TYPE
#define ScsiQuerySupportedControlTypes    entrycheck_mingw_ScsiQuerySupportedControlTypes
#define ScsiStopAdapter                   entrycheck_mingw_ScsiStopAdapter
#define ScsiRestartAdapter                entrycheck_mingw_ScsiRestartAdapter
#define ScsiSetBootConfig                 entrycheck_mingw_ScsiSetBootConfig
#define ScsiSetRunningConfig              entrycheck_mingw_ScsiSetRunningConfig
#define ScsiAdapterControlMax             entrycheck_mingw_ScsiAdapterControlMax
#define MakeAdapterControlTypeSizeOfUlong entrycheck_mingw_MakeAdapterControlTypeSizeOfUlong
#define PHW_ADAPTER_CONTROL               entrycheck_mingw_PHW_ADAPTER_CONTROL
#include_next <srb.h>
#undef _SCSI_ADAPTER_CONTROL_TYPE
#undef SCSI_ADAPTER_CONTROL_TYPE
#undef PSCSI_ADAPTER_CONTROL_TYPE
#undef ScsiQuerySupportedControlTypes
#undef ScsiStopAdapter
#undef ScsiRestartAdapter
#undef ScsiSetBootConfig
#undef ScsiSetRunningConfig
#undef ScsiAdapterControlMax
#undef MakeAdapterControlTypeSizeOfUlong
#undef PHW_ADAPTER_CONTROL
#undef _PORT_CONFIGURATION_INFORMATION
#undef PORT_CONFIGURATION_INFORMATION
#undef PPORT_CONFIGURATION_INFORMATION
#undef PHW_FIND_ADAPTER
#undef _HW_INITIALIZATION_DATA
#undef HW_INITIALIZATION_DATA
#undef PHW_INITIALIZATION_DATA
#undef ScsiPortInitialize
#undef ScsiPortGetUncachedExtension

#ifdef __cplusplus
extern "C" {
#endif

typedef enum _STOR_SYNCHRONIZATION_MODEL {
    StorSynchronizeHalfDuplex,
    StorSynchronizeFullDuplex
} STOR_SYNCHRONIZATION_MODEL;

typedef enum _INTERRUPT_SYNCHRONIZATION_MODE {
    InterruptSupportNone,
    InterruptSynchronizeAll,
    InterruptSynchronizePerMessage
} INTERRUPT_SYNCHRONIZATION_MODE;

typedef BOOLEAN HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE(PVOID HwDeviceExtension,
                                                      ULONG MessageId);
typedef HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE *PHW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE;

typedef struct _MEMORY_REGION {
    PUCHAR VirtualBase;
    PHYSICAL_ADDRESS PhysicalBase;
    ULONG Length;
} MEMORY_REGION, *PMEMORY_REGION;

#define DUMP_MODE_CRASH        0x01
#define DUMP_MODE_HIBER        0x02
#define DUMP_MODE_MARK_MEMORY  0x03
#define DUMP_MODE_RESUME       0x04

typedef struct _PORT_CONFIGURATION_INFORMATION {
    ULONG Length;
    ULONG SystemIoBusNumber;
    INTERFACE_TYPE AdapterInterfaceType;
    ULONG BusInterruptLevel;
    ULONG BusInterruptVector;
    KINTERRUPT_MODE InterruptMode;
    ULONG MaximumTransferLength;
    ULONG NumberOfPhysicalBreaks;
    ULONG DmaChannel;
    ULONG DmaPort;
    DMA_WIDTH DmaWidth;
    DMA_SPEED DmaSpeed;
    ULONG AlignmentMask;
    ULONG NumberOfAccessRanges;
    ACCESS_RANGE (*AccessRanges)[];
    PVOID MiniportDumpData;
    UCHAR NumberOfBuses;
    CCHAR InitiatorBusId[8];
    BOOLEAN ScatterGather;
    BOOLEAN Master;
    BOOLEAN CachesData;
    BOOLEAN AdapterScansDown;
    BOOLEAN AtdiskPrimaryClaimed;
    BOOLEAN AtdiskSecondaryClaimed;
    BOOLEAN Dma32BitAddresses;
    BOOLEAN DemandMode;
    UCHAR MapBuffers;
    BOOLEAN NeedPhysicalAddresses;
    BOOLEAN TaggedQueuing;
    BOOLEAN AutoRequestSense;
    BOOLEAN MultipleRequestPerLu;
    BOOLEAN ReceiveEvent;
    BOOLEAN RealModeInitialized;
    BOOLEAN BufferAccessScsiPortControlled;
    UCHAR MaximumNumberOfTargets;
    UCHAR SrbType;
    UCHAR ReservedUchar;
    ULONG SlotNumber;
    ULONG BusInterruptLevel2;
    ULONG BusInterruptVector2;
    KINTERRUPT_MODE InterruptMode2;
    ULONG DmaChannel2;
    ULONG DmaPort2;
    DMA_WIDTH DmaWidth2;
    DMA_SPEED DmaSpeed2;
    ULONG DeviceExtensionSize;
    ULONG SpecificLuExtensionSize;
    ULONG SrbExtensionSize;
    UCHAR Dma64BitAddresses;
    BOOLEAN ResetTargetSupported;
    UCHAR MaximumNumberOfLogicalUnits;
    BOOLEAN WmiDataProvider;
    /* Storport-only members from here on. */
    STOR_SYNCHRONIZATION_MODEL SynchronizationModel;
    PHW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE HwMSInterruptRoutine;
    INTERRUPT_SYNCHRONIZATION_MODE InterruptSynchronizationMode;
    MEMORY_REGION DumpRegion;
    ULONG RequestedDumpBufferSize;
    BOOLEAN VirtualDevice;
    UCHAR DumpMode;
    UCHAR DmaAddressWidth;
    ULONG ExtendedFlags1;
    ULONG MaxNumberOfIO;
    ULONG MaxIOsPerLun;
    ULONG InitialLunQueueDepth;
    ULONG BusResetHoldTime;
    ULONG FeatureSupport;
} PORT_CONFIGURATION_INFORMATION, *PPORT_CONFIGURATION_INFORMATION;

/* Miniport role types.  The pointer types PHW_INITIALIZE ... PHW_ADAPTER_CONTROL
 * come from mingw's srb.h with the same signatures. */
typedef BOOLEAN HW_INITIALIZE(PVOID DeviceExtension);
typedef BOOLEAN HW_STARTIO(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
typedef BOOLEAN HW_BUILDIO(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
typedef HW_BUILDIO *PHW_BUILDIO;
typedef BOOLEAN HW_INTERRUPT(PVOID DeviceExtension);
typedef VOID HW_TIMER(PVOID DeviceExtension);
typedef VOID HW_DMA_STARTED(PVOID DeviceExtension);
typedef ULONG HW_FIND_ADAPTER(PVOID DeviceExtension, PVOID HwContext,
                              PVOID BusInformation, PCHAR ArgumentString,
                              PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                              PBOOLEAN Again);
typedef HW_FIND_ADAPTER *PHW_FIND_ADAPTER;
typedef BOOLEAN HW_RESET_BUS(PVOID DeviceExtension, ULONG PathId);
typedef BOOLEAN HW_ADAPTER_STATE(PVOID DeviceExtension, PVOID Context, BOOLEAN SaveState);
typedef VOID HW_FREE_ADAPTER_RESOURCES(PVOID DeviceExtension);
typedef HW_FREE_ADAPTER_RESOURCES *PHW_FREE_ADAPTER_RESOURCES;
typedef VOID HW_PROCESS_SERVICE_REQUEST(PVOID DeviceExtension, PVOID Irp);
typedef HW_PROCESS_SERVICE_REQUEST *PHW_PROCESS_SERVICE_REQUEST;
typedef VOID HW_COMPLETE_SERVICE_IRP(PVOID DeviceExtension);
typedef HW_COMPLETE_SERVICE_IRP *PHW_COMPLETE_SERVICE_IRP;
typedef VOID HW_INITIALIZE_TRACING(PVOID Arg1, PVOID Arg2);
typedef HW_INITIALIZE_TRACING *PHW_INITIALIZE_TRACING;
typedef VOID HW_CLEANUP_TRACING(PVOID Arg1);
typedef HW_CLEANUP_TRACING *PHW_CLEANUP_TRACING;
typedef VOID HW_TRACING_ENABLED(PVOID HwDeviceExtension, BOOLEAN Enabled);
typedef HW_TRACING_ENABLED *PHW_TRACING_ENABLED;

typedef enum _SCSI_UNIT_CONTROL_TYPE {
    ScsiQuerySupportedUnitControlTypes = 0,
    ScsiUnitUsage,
    ScsiUnitStart,
    ScsiUnitPower,
    ScsiUnitPoFxPowerInfo,
    ScsiUnitPoFxPowerRequired,
    ScsiUnitPoFxPowerActive,
    ScsiUnitPoFxPowerSetFState,
    ScsiUnitPoFxPowerControl,
    ScsiUnitRemove,
    ScsiUnitSurpriseRemoval,
    ScsiUnitRichDescription,
    ScsiUnitQueryBusType,
    ScsiUnitQueryFruId,
    ScsiUnitReportInternalData,
    ScsiUnitControlMax,
    MakeUnitControlTypeSizeOfUlong = 0xffffffff
} SCSI_UNIT_CONTROL_TYPE, *PSCSI_UNIT_CONTROL_TYPE;

typedef enum _SCSI_UNIT_CONTROL_STATUS {
    ScsiUnitControlSuccess = 0,
    ScsiUnitControlUnsuccessful
} SCSI_UNIT_CONTROL_STATUS, *PSCSI_UNIT_CONTROL_STATUS;

typedef SCSI_UNIT_CONTROL_STATUS HW_UNIT_CONTROL(PVOID DeviceExtension,
    SCSI_UNIT_CONTROL_TYPE ControlType, PVOID Parameters);
typedef HW_UNIT_CONTROL *PHW_UNIT_CONTROL;

/* Storport's adapter-control actions (mingw's ScsiPort enum stops at
 * ScsiSetRunningConfig). */
typedef enum _SCSI_ADAPTER_CONTROL_TYPE {
    ScsiQuerySupportedControlTypes = 0,
    ScsiStopAdapter,
    ScsiRestartAdapter,
    ScsiSetBootConfig,
    ScsiSetRunningConfig,
    ScsiPowerSettingNotification,
    ScsiAdapterPower,
    ScsiAdapterPoFxPowerRequired,
    ScsiAdapterPoFxPowerActive,
    ScsiAdapterPoFxPowerSetFState,
    ScsiAdapterPoFxPowerControl,
    ScsiAdapterPrepareForBusReScan,
    ScsiAdapterSystemPowerHints,
    ScsiAdapterFilterResourceRequirements,
    ScsiAdapterPoFxMaxOperationalPower,
    ScsiAdapterPoFxSetPerfState,
    ScsiAdapterSurpriseRemoval,
    ScsiAdapterSerialNumber,
    ScsiAdapterCryptoOperation,
    ScsiAdapterQueryFruId,
    ScsiAdapterSetEventLogging,
    ScsiAdapterReportInternalData,
    ScsiAdapterControlMax,
    MakeAdapterControlTypeSizeOfUlong = 0xffffffff
} SCSI_ADAPTER_CONTROL_TYPE, *PSCSI_ADAPTER_CONTROL_TYPE;

typedef SCSI_ADAPTER_CONTROL_STATUS HW_ADAPTER_CONTROL(PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters);
typedef HW_ADAPTER_CONTROL *PHW_ADAPTER_CONTROL;

/* Storport layout (a superset of the ScsiPort one). */
typedef struct _HW_INITIALIZATION_DATA {
    ULONG HwInitializationDataSize;
    INTERFACE_TYPE AdapterInterfaceType;
    PHW_INITIALIZE HwInitialize;
    PHW_STARTIO HwStartIo;
    PHW_INTERRUPT HwInterrupt;
    PHW_FIND_ADAPTER HwFindAdapter;
    PHW_RESET_BUS HwResetBus;
    PHW_DMA_STARTED HwDmaStarted;
    PHW_ADAPTER_STATE HwAdapterState;
    ULONG DeviceExtensionSize;
    ULONG SpecificLuExtensionSize;
    ULONG SrbExtensionSize;
    ULONG NumberOfAccessRanges;
    PVOID Reserved;
    BOOLEAN MapBuffers;
    BOOLEAN NeedPhysicalAddresses;
    BOOLEAN TaggedQueuing;
    BOOLEAN AutoRequestSense;
    BOOLEAN MultipleRequestPerLu;
    BOOLEAN ReceiveEvent;
    USHORT VendorIdLength;
    PVOID VendorId;
    union {
        USHORT ReservedUshort;
        USHORT PortVersionFlags;
    };
    USHORT DeviceIdLength;
    PVOID DeviceId;
    PHW_ADAPTER_CONTROL HwAdapterControl;
    PHW_BUILDIO HwBuildIo;
    PHW_FREE_ADAPTER_RESOURCES HwFreeAdapterResources;
    PHW_PROCESS_SERVICE_REQUEST HwProcessServiceRequest;
    PHW_COMPLETE_SERVICE_IRP HwCompleteServiceIrp;
    PHW_INITIALIZE_TRACING HwInitializeTracing;
    PHW_CLEANUP_TRACING HwCleanupTracing;
    PHW_TRACING_ENABLED HwTracingEnabled;
    ULONG FeatureSupport;
    ULONG SrbTypeFlags;
    ULONG AddressTypeFlags;
    ULONG Reserved1;
    PHW_UNIT_CONTROL HwUnitControl;
} HW_INITIALIZATION_DATA, *PHW_INITIALIZATION_DATA;

ULONG NTAPI ScsiPortInitialize(PVOID Argument1, PVOID Argument2,
                               struct _HW_INITIALIZATION_DATA *HwInitializationData,
                               PVOID HwContext);
PVOID NTAPI ScsiPortGetUncachedExtension(PVOID HwDeviceExtension,
                                         PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                         ULONG NumberOfBytes);

#ifdef __cplusplus
}
#endif

#endif /* !_NTSRB_ before this overlay */
#endif /* ENTRYCHECK_SRB_H */
