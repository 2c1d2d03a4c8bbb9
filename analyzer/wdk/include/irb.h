/* SPDX-License-Identifier: Apache-2.0 */
/* entrycheck's model of <irb.h> (ATA port / ATA miniport interface), written
 * from the documented irb.h DDI reference.  As documented, IDE_CHANNEL_INIT,
 * IDE_HW_INITIALIZE, ... are pointer types (they are the member types of
 * IDE_CONTROLLER_INTERFACE / IDE_CHANNEL_INTERFACE); PIDE_* spellings are
 * entrycheck aliases.  Keeps registration, the controller configuration, the
 * IRB and a few AtaPort* routines;
 * leaves out the power, DMA and SCSI-translation helpers. */
#ifndef ENTRYCHECK_IRB_H
#define ENTRYCHECK_IRB_H
#ifndef _NTIRB_
#define _NTIRB_

#include <ntddk.h>
#include <ata.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef MAX_IDE_DEVICE
#define MAX_IDE_DEVICE 2
#endif
#ifndef MAX_IDE_LINE
#define MAX_IDE_LINE 2
#endif
#define MAX_IDE_LUN 8

typedef enum {
    ChannelStateDisabled = 0,
    ChannelStateEnabled,
    ChannelStateUnKnown
} ATA_CHANNEL_STATE;

typedef enum {
    IdeStart,
    IdeStop,
    IdePowerUp,
    IdePowerDown,
    IdeVendorDefined
} IDE_CONTROL_ACTION;

typedef enum {
    DeviceUnknown = 0,
    DeviceIsAta,
    DeviceIsAtapi,
    DeviceNotExist
} IDE_DEVICE_TYPE;

typedef enum {
    UnknownMode = 0,
    ChsMode,
    LbaMode,
    Lba48BitMode
} ATA_ADDRESS_TRANSLATION;

typedef struct _IDE_TRANSFER_MODE_PARAMETERS {
    UCHAR ChannelNumber;
    IDE_DEVICE_TYPE DeviceType[MAX_IDE_DEVICE];
    BOOLEAN IoReadySupported[MAX_IDE_DEVICE];
    ULONG DeviceTransferModeSupported[MAX_IDE_DEVICE];
    ULONG DeviceTransferModeCurrent[MAX_IDE_DEVICE];
    ULONG DeviceTransferModeSelected[MAX_IDE_DEVICE];
} IDE_TRANSFER_MODE_PARAMETERS, *PIDE_TRANSFER_MODE_PARAMETERS;

typedef struct _IDE_DEVICE_PARAMETERS {
    USHORT Version;
    IDE_DEVICE_TYPE IdeDeviceType;
    UCHAR TargetId;
    UCHAR MaximumLun;
    UCHAR NumberOfOverlappedRequests;
    UCHAR MaxBlockXfer;
    USHORT DeviceCharacteristics;
    ATA_ADDRESS_TRANSLATION AddressTranslation;
    ULONG TransferModeSupported;
    ULONG TransferModeCurrent;
    ULONG TransferModeSelected;
} IDE_DEVICE_PARAMETERS, *PIDE_DEVICE_PARAMETERS;

/* Resources and controller configuration handed to the miniport. */
typedef PHYSICAL_ADDRESS IDE_PHYSICAL_ADDRESS, *PIDE_PHYSICAL_ADDRESS;

typedef struct _IDE_ACCESS_RANGE {
    IDE_PHYSICAL_ADDRESS RangeStart;
    IDE_PHYSICAL_ADDRESS PhysicalRangeStart;
    ULONG RangeLength;
    BOOLEAN InMemory;
    UCHAR Bar;
} IDE_ACCESS_RANGE, *PIDE_ACCESS_RANGE;

typedef struct _IDE_MINIPORT_RESOURCES {
    ULONG NumberOfAccessRanges;
    PIDE_ACCESS_RANGE IdeAccessRange;
} IDE_MINIPORT_RESOURCES, *PIDE_MINIPORT_RESOURCES;

typedef enum {
    IdeModeNormal = 0,
    IdeModeDump,
    IdeModeRemovableBay
} IDE_OPERATION_MODE;

typedef enum {
    IdeBusPata = 0,
    IdeBusSata,
    IdeBusUnknown
} IDE_BUS_TYPE, *PIDE_BUS_TYPE;

typedef struct _IDE_CONTROLLER_CONFIGURATION {
    USHORT Version;
    UCHAR NumberOfChannels;
    IDE_OPERATION_MODE ControllerMode;
    UCHAR NumberOfPhysicalBreaks;
    ULONG MaximumTransferLength;
    BOOLEAN Reserved;
    BOOLEAN NativeModeEnabled;
    BOOLEAN Dma64BitAddress;
    BOOLEAN BusMaster;
    IDE_BUS_TYPE AtaBusType;
    PIDE_MINIPORT_RESOURCES ControllerResources;
} IDE_CONTROLLER_CONFIGURATION, *PIDE_CONTROLLER_CONFIGURATION;

typedef struct _IDEREGISTERS {
    UCHAR bFeaturesReg;
    UCHAR bSectorCountReg;
    UCHAR bSectorNumberReg;
    UCHAR bCylLowReg;
    UCHAR bCylHighReg;
    UCHAR bDriveHeadReg;
    UCHAR bCommandReg;
    UCHAR bReserved;
} IDEREGISTERS, *PIDEREGISTERS;

typedef struct _IDE_TASK_FILE {
    IDEREGISTERS Current;
    IDEREGISTERS Previous;
} IDE_TASK_FILE, *PIDE_TASK_FILE;

typedef struct _IDE_REQUEST_BLOCK {
    USHORT Function;
    UCHAR IrbStatus;
    UCHAR AtaStatus;
    UCHAR AtaError;
    UCHAR Channel;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR CdbLength;
    UCHAR SenseInfoBufferLength;
    UCHAR SenseInfoBufferType;
    UCHAR QueueTag;
    ULONG ReservedAsUlong;
    ULONG IrbFlags;
    ULONG TimeOutValue;
    ULONG DataTransferLength;
    PVOID IrbExtension;
    PVOID DataBuffer;
    PVOID SenseInfoBuffer;
    PVOID NextIrb;
    PVOID Reserved;
    union {
        IDE_TASK_FILE IdeTaskFile;
        UCHAR Cdb[16];
    };
} IDE_REQUEST_BLOCK, *PIDE_REQUEST_BLOCK;

#define IRB_FUNCTION_ATA_COMMAND       0x100
#define IRB_FUNCTION_ATAPI_COMMAND     0x200
#define IRB_FUNCTION_MINIPORT_COMMAND  0x300
#define IRB_STATUS_PENDING             0x0
#define IRB_STATUS_SUCCESS             0x1
#define IRB_STATUS_DATALENGTH_MISMATCH 0x2
#define IRB_STATUS_DEVICE_ERROR        0x3
#define IRB_STATUS_INVALID_REQUEST     0x4
#define IRB_STATUS_BUS_RESET           0x5
#define IRB_STATUS_SELECTION_TIMEOUT   0x6
#define IRB_STATUS_BUSY                0x7

/* Channel-level miniport routines (pointer types, as documented). */
typedef BOOLEAN (*IDE_HW_INITIALIZE)(PVOID ChannelExtension,
    PIDE_DEVICE_PARAMETERS DeviceParameters, PIDENTIFY_DEVICE_DATA IdentifyData);
typedef BOOLEAN (*IDE_HW_BUILDIO)(PVOID ChannelExtension, PIDE_REQUEST_BLOCK Irb);
typedef BOOLEAN (*IDE_HW_STARTIO)(PVOID ChannelExtension, PIDE_REQUEST_BLOCK Irb);
typedef BOOLEAN (*IDE_HW_INTERRUPT)(PVOID ChannelExtension);
typedef BOOLEAN (*IDE_HW_RESET)(PVOID ChannelExtension);
typedef BOOLEAN (*IDE_HW_CONTROL)(PVOID ChannelExtension,
    IDE_CONTROL_ACTION ControlAction, PVOID Parameters);
typedef VOID (*IDE_HW_TIMER)(PVOID ChannelExtension);
typedef BOOLEAN (*IDE_HW_SYNCHRONIZED)(PVOID ChannelExtension, PVOID Context);

typedef struct _IDE_CHANNEL_INTERFACE {
    USHORT Version;
    UCHAR ChannelNumber;
    UCHAR Reserved;
    ULONG ReservedUlong;
    IDE_HW_INITIALIZE IdeHwInitialize;
    IDE_HW_BUILDIO IdeHwBuildIo;
    IDE_HW_STARTIO IdeHwStartIo;
    IDE_HW_INTERRUPT IdeHwInterrupt;
    IDE_HW_RESET IdeHwReset;
    IDE_HW_CONTROL IdeHwControl;
} IDE_CHANNEL_INTERFACE, *PIDE_CHANNEL_INTERFACE;

/* Controller-level miniport routines. */
typedef BOOLEAN (*IDE_CHANNEL_INIT)(PVOID ChannelExtension,
    PIDE_CHANNEL_INTERFACE ChannelInterface, PVOID InitContext);
typedef ATA_CHANNEL_STATE (*IDE_CHANNEL_ENABLED)(PVOID ControllerExtension, ULONG Channel);
typedef BOOLEAN (*IDE_TRANSFER_MODE_SELECT)(PVOID ControllerExtension,
    PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect);
typedef BOOLEAN (*IDE_ADAPTER_CONTROL)(PVOID ControllerExtension,
    IDE_CONTROL_ACTION ControlAction, PVOID Parameters);

typedef IDE_CHANNEL_INIT         PIDE_CHANNEL_INIT;
typedef IDE_CHANNEL_ENABLED      PIDE_CHANNEL_ENABLED;
typedef IDE_TRANSFER_MODE_SELECT PIDE_TRANSFER_MODE_SELECT;
typedef IDE_ADAPTER_CONTROL      PIDE_ADAPTER_CONTROL;
typedef IDE_HW_INITIALIZE        PIDE_HW_INITIALIZE;
typedef IDE_HW_BUILDIO           PIDE_HW_BUILDIO;
typedef IDE_HW_STARTIO           PIDE_HW_STARTIO;
typedef IDE_HW_INTERRUPT         PIDE_HW_INTERRUPT;
typedef IDE_HW_RESET             PIDE_HW_RESET;
typedef IDE_HW_CONTROL           PIDE_HW_CONTROL;

typedef struct _IDE_CONTROLLER_INTERFACE {
    USHORT Version;
    USHORT Reserved;
    ULONG ControllerExtensionSize;
    ULONG ChannelExtensionSize;
    ULONG AlignmentMask;
    IDE_CHANNEL_INIT AtaChannelInitRoutine;
    IDE_CHANNEL_ENABLED AtaControllerChannelEnabled;
    IDE_TRANSFER_MODE_SELECT AtaControllerTransferModeSelect;
    IDE_ADAPTER_CONTROL AtaAdapterControl;
} IDE_CONTROLLER_INTERFACE, *PIDE_CONTROLLER_INTERFACE;

typedef enum {
    IdeDeviceArrival,
    IdeDeviceRemoval,
    IdePowerStateChange
} IDE_NOTIFICATION_TYPE;

/* Routines */
ULONG AtaPortInitializeEx(PVOID DriverObject, PVOID RegistryPath,
                          PIDE_CONTROLLER_INTERFACE ControllerInterface);
PHYSICAL_ADDRESS AtaPortGetPhysicalAddress(PVOID ChannelExtension,
    PIDE_REQUEST_BLOCK Irb, PVOID VirtualAddress, ULONG *Length);
PVOID AtaPortGetDeviceBase(PVOID ChannelExtension, PHYSICAL_ADDRESS IoAddress,
                           ULONG NumberOfBytes);
PVOID AtaPortGetUncachedExtension(PVOID ChannelExtension, ULONG NumberOfBytes,
                                  ULONG AlignmentMask);
VOID AtaPortNotification(IDE_NOTIFICATION_TYPE NotificationType,
                         PVOID ChannelExtension, ...);
VOID AtaPortStallExecution(ULONG Delay);
VOID AtaPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length);
BOOLEAN AtaPortRequestTimer(PVOID ChannelExtension, IDE_HW_TIMER TimerCallback,
                            ULONG TimerValue);
BOOLEAN AtaPortRequestSynchronizedRoutine(PVOID ChannelExtension,
    IDE_HW_SYNCHRONIZED SynchronizedRoutine, PVOID Context);
UCHAR AtaPortReadPortUchar(PUCHAR Port);
USHORT AtaPortReadPortUshort(PUSHORT Port);
ULONG AtaPortReadPortUlong(PULONG Port);
VOID AtaPortWritePortUchar(PUCHAR Port, UCHAR Value);
VOID AtaPortWritePortUshort(PUSHORT Port, USHORT Value);
VOID AtaPortWritePortUlong(PULONG Port, ULONG Value);
UCHAR AtaPortReadRegisterUchar(PUCHAR Register);
ULONG AtaPortReadRegisterUlong(PULONG Register);
VOID AtaPortWriteRegisterUchar(PUCHAR Register, UCHAR Value);
VOID AtaPortWriteRegisterUlong(PULONG Register, ULONG Value);

#ifdef __cplusplus
}
#endif

#endif /* _NTIRB_ */
#endif /* ENTRYCHECK_IRB_H */
