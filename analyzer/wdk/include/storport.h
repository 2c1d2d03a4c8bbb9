/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's model of <storport.h> (Storport miniport interface), written
 * from the documented Storport DDI reference.  SRBs, PORT_CONFIGURATION_
 * INFORMATION, HW_INITIALIZATION_DATA and the HW_* role types come from
 * entrycheck's <srb.h> overlay (Storport layouts); this header adds the
 * StorPort* routines a miniport calls from DriverEntry/HwFindAdapter/HwStartIo
 * and the constants they take.  Leaves out SRB_EX, PoFx, crypto and NVMe. */
#ifndef ENTRYCHECK_STORPORT_H
#define ENTRYCHECK_STORPORT_H
#ifndef _NTSTORPORT_
#define _NTSTORPORT_
#ifndef __STORPORT_H
#define __STORPORT_H
#endif

#include <ntddk.h>
#include <srb.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef STORPORT_API
#define STORPORT_API
#endif

typedef PHYSICAL_ADDRESS STOR_PHYSICAL_ADDRESS, *PSTOR_PHYSICAL_ADDRESS;

/* DriverEntry role type of a Storport (or ScsiPort) miniport. */
typedef ULONG sp_DRIVER_INITIALIZE(PVOID DriverObject, PVOID RegistryPath);

/* HW_INITIALIZATION_DATA.FeatureSupport */
#define STOR_FEATURE_VIRTUAL_MINIPORT                   0x00000001
#define STOR_FEATURE_ATA_PASS_THROUGH                   0x00000002
#define STOR_FEATURE_FULL_PNP_DEVICE_CAPABILITIES       0x00000004
#define STOR_FEATURE_DUMP_POINTERS                      0x00000008
#define STOR_FEATURE_DEVICE_NAME_NO_SUFFIX              0x00000010
#define STOR_FEATURE_DUMP_RESUME_CAPABLE                0x00000020
#define STOR_FEATURE_DEVICE_DESCRIPTOR_FROM_ANCHOR      0x00000040
#define STOR_FEATURE_SET_ADAPTER_INTERFACE_TYPE         0x00000080
#define STOR_FEATURE_DUMP_16_BYTE_ALIGNMENT             0x00000100
#define STOR_FEATURE_ADAPTER_CONTROL_PRE_FINDADAPTER    0x00000200
#define STOR_FEATURE_ADAPTER_NOT_REQUIRE_IO_PORT        0x00000400
#define STOR_FEATURE_DUMP_INFO                          0x00000800
#define STOR_FEATURE_DMA_ALLOCATION_NUMA_NODE           0x00001000
#define STOR_FEATURE_NVME                               0x00002000

/* HW_INITIALIZATION_DATA.MapBuffers / PORT_CONFIGURATION_INFORMATION.MapBuffers
 * ("Use of Mapping Buffers in the Storport I/O Model"). */
#ifndef STOR_MAP_NO_BUFFERS
#define STOR_MAP_NO_BUFFERS                      (0)
#define STOR_MAP_ALL_BUFFERS                     (1)
#define STOR_MAP_NON_READ_WRITE_BUFFERS          (2)
#define STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE (3)
#endif

/* HW_INITIALIZATION_DATA.SrbTypeFlags / AddressTypeFlags */
#define SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK    0x1
#define SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK 0x2
#define STORAGE_ADDRESS_TYPE_BTL8           0x0
#define ADDRESS_TYPE_FLAG_BTL8              (1 << STORAGE_ADDRESS_TYPE_BTL8)

#define STOR_STATUS_SUCCESS                 0x00000000L

/* DPCs and passive initialization */
typedef struct _STOR_DPC {
    KDPC Dpc;
    KSPIN_LOCK Lock;
} STOR_DPC, *PSTOR_DPC;
typedef VOID HW_DPC_ROUTINE(PSTOR_DPC Dpc, PVOID HwDeviceExtension,
                            PVOID SystemArgument1, PVOID SystemArgument2);
typedef HW_DPC_ROUTINE *PHW_DPC_ROUTINE;
typedef BOOLEAN HW_PASSIVE_INITIALIZE_ROUTINE(PVOID DeviceExtension);
typedef HW_PASSIVE_INITIALIZE_ROUTINE *PHW_PASSIVE_INITIALIZE_ROUTINE;

typedef enum _STOR_SPINLOCK {
    DpcLock = 1,
    StartIoLock,
    InterruptLock,
    ThreadedDpcLock,
    DpcLevelLock
} STOR_SPINLOCK;
typedef struct _STOR_LOCK_HANDLE {
    STOR_SPINLOCK Lock;
    struct {
        KLOCK_QUEUE_HANDLE LockHandle;
        KIRQL OldIrql;
    } Context;
} STOR_LOCK_HANDLE, *PSTOR_LOCK_HANDLE;

/* Routines */
/* A virtual miniport (no hardware: iSCSI, RAM and network disks) hands
 * StorPortInitialize this layout, cast to PHW_INITIALIZATION_DATA, with
 * STOR_FEATURE_VIRTUAL_MINIPORT; its HwFindAdapter also gets the lower
 * device object. */
typedef ULONG VIRTUAL_HW_FIND_ADAPTER(PVOID DeviceExtension, PVOID HwContext,
                                      PVOID BusInformation, PVOID LowerDevice,
                                      PCHAR ArgumentString,
                                      PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                      PBOOLEAN Again);
typedef VIRTUAL_HW_FIND_ADAPTER *PVIRTUAL_HW_FIND_ADAPTER;

typedef struct _VIRTUAL_HW_INITIALIZATION_DATA {
    ULONG HwInitializationDataSize;
    INTERFACE_TYPE AdapterInterfaceType;
    PHW_INITIALIZE HwInitialize;
    PHW_STARTIO HwStartIo;
    PHW_INTERRUPT HwInterrupt;
    PVIRTUAL_HW_FIND_ADAPTER HwFindAdapter;
    PHW_RESET_BUS HwResetBus;
    PHW_DMA_STARTED HwDmaStarted;
    PHW_ADAPTER_STATE HwAdapterState;
    ULONG DeviceExtensionSize;
    ULONG SpecificLuExtensionSize;
    ULONG SrbExtensionSize;
    ULONG NumberOfAccessRanges;
    PVOID Reserved;
    UCHAR MapBuffers;
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
} VIRTUAL_HW_INITIALIZATION_DATA, *PVIRTUAL_HW_INITIALIZATION_DATA;

STORPORT_API ULONG NTAPI StorPortInitialize(PVOID Argument1, PVOID Argument2,
    struct _HW_INITIALIZATION_DATA *HwInitializationData, PVOID HwContext);
STORPORT_API VOID __cdecl StorPortNotification(SCSI_NOTIFICATION_TYPE NotificationType,
                                               PVOID HwDeviceExtension, ...);
STORPORT_API VOID __cdecl StorPortDebugPrint(ULONG DebugPrintLevel,
                                             PCCHAR DebugMessage, ...);
STORPORT_API STOR_PHYSICAL_ADDRESS NTAPI StorPortGetPhysicalAddress(
    PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, PVOID VirtualAddress,
    ULONG *Length);
STORPORT_API PVOID NTAPI StorPortGetVirtualAddress(PVOID HwDeviceExtension,
    STOR_PHYSICAL_ADDRESS PhysicalAddress);
STORPORT_API PVOID NTAPI StorPortGetDeviceBase(PVOID HwDeviceExtension,
    INTERFACE_TYPE BusType, ULONG SystemIoBusNumber, STOR_PHYSICAL_ADDRESS IoAddress,
    ULONG NumberOfBytes, BOOLEAN InIoSpace);
STORPORT_API VOID NTAPI StorPortFreeDeviceBase(PVOID HwDeviceExtension,
                                              PVOID MappedAddress);
STORPORT_API PVOID NTAPI StorPortGetUncachedExtension(PVOID HwDeviceExtension,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo, ULONG NumberOfBytes);
STORPORT_API PVOID NTAPI StorPortGetLogicalUnit(PVOID HwDeviceExtension,
    UCHAR PathId, UCHAR TargetId, UCHAR Lun);
STORPORT_API VOID NTAPI StorPortCompleteRequest(PVOID HwDeviceExtension,
    UCHAR PathId, UCHAR TargetId, UCHAR Lun, UCHAR SrbStatus);
STORPORT_API ULONG NTAPI StorPortGetBusData(PVOID DeviceExtension,
    ULONG BusDataType, ULONG SystemIoBusNumber, ULONG SlotNumber, PVOID Buffer,
    ULONG Length);
STORPORT_API VOID NTAPI StorPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer,
                                          ULONG Length);
STORPORT_API VOID NTAPI StorPortStallExecution(ULONG Delay);
STORPORT_API BOOLEAN NTAPI StorPortEnablePassiveInitialization(PVOID DeviceExtension,
    PHW_PASSIVE_INITIALIZE_ROUTINE HwPassiveInitializeRoutine);
STORPORT_API VOID NTAPI StorPortInitializeDpc(PVOID DeviceExtension, PSTOR_DPC Dpc,
                                             PHW_DPC_ROUTINE HwDpcRoutine);
STORPORT_API BOOLEAN NTAPI StorPortIssueDpc(PVOID DeviceExtension, PSTOR_DPC Dpc,
    PVOID SystemArgument1, PVOID SystemArgument2);
STORPORT_API VOID NTAPI StorPortAcquireSpinLock(PVOID DeviceExtension,
    STOR_SPINLOCK SpinLock, PVOID LockContext, PSTOR_LOCK_HANDLE LockHandle);
STORPORT_API VOID NTAPI StorPortReleaseSpinLock(PVOID DeviceExtension,
                                               PSTOR_LOCK_HANDLE LockHandle);
STORPORT_API ULONG NTAPI StorPortAllocatePool(PVOID HwDeviceExtension,
    ULONG NumberOfBytes, ULONG Tag, PVOID *BufferPointer);
STORPORT_API ULONG NTAPI StorPortFreePool(PVOID HwDeviceExtension, PVOID BufferPointer);
STORPORT_API BOOLEAN NTAPI StorPortBusy(PVOID HwDeviceExtension,
                                       ULONG RequestsToComplete);
STORPORT_API BOOLEAN NTAPI StorPortReady(PVOID HwDeviceExtension);
STORPORT_API BOOLEAN NTAPI StorPortPause(PVOID HwDeviceExtension, ULONG TimeOut);
STORPORT_API BOOLEAN NTAPI StorPortResume(PVOID HwDeviceExtension);
STORPORT_API BOOLEAN NTAPI StorPortSetDeviceQueueDepth(PVOID HwDeviceExtension,
    UCHAR PathId, UCHAR TargetId, UCHAR Lun, ULONG Depth);
STORPORT_API UCHAR NTAPI StorPortReadPortUchar(PVOID HwDeviceExtension, PUCHAR Port);
STORPORT_API USHORT NTAPI StorPortReadPortUshort(PVOID HwDeviceExtension, PUSHORT Port);
STORPORT_API ULONG NTAPI StorPortReadPortUlong(PVOID HwDeviceExtension, PULONG Port);
STORPORT_API VOID NTAPI StorPortWritePortUchar(PVOID HwDeviceExtension, PUCHAR Port, UCHAR Value);
STORPORT_API VOID NTAPI StorPortWritePortUshort(PVOID HwDeviceExtension, PUSHORT Port, USHORT Value);
STORPORT_API VOID NTAPI StorPortWritePortUlong(PVOID HwDeviceExtension, PULONG Port, ULONG Value);
STORPORT_API UCHAR NTAPI StorPortReadRegisterUchar(PVOID HwDeviceExtension, PUCHAR Register);
STORPORT_API USHORT NTAPI StorPortReadRegisterUshort(PVOID HwDeviceExtension, PUSHORT Register);
STORPORT_API ULONG NTAPI StorPortReadRegisterUlong(PVOID HwDeviceExtension, PULONG Register);
STORPORT_API VOID NTAPI StorPortWriteRegisterUchar(PVOID HwDeviceExtension, PUCHAR Register, UCHAR Value);
STORPORT_API VOID NTAPI StorPortWriteRegisterUshort(PVOID HwDeviceExtension, PUSHORT Register, USHORT Value);
STORPORT_API VOID NTAPI StorPortWriteRegisterUlong(PVOID HwDeviceExtension, PULONG Register, ULONG Value);

#ifdef __cplusplus
}
#endif

#endif /* _NTSTORPORT_ */
#endif /* ENTRYCHECK_STORPORT_H */
