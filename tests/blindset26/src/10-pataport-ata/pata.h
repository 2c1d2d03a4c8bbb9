/*++

Module Name:    pata.h

Abstract:       PataPort - ATA miniport (ataport.sys) for legacy compatibility-
                mode PATA controllers on embedded x86 boards. PIO only, two
                channels, master/slave per channel.
--*/

#pragma once

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

#define PATA_MAX_CHANNELS           2
#define PATA_MAX_TARGETS            2
#define PATA_MAX_TRANSFER           (64 * 1024)
#define PATA_SECTOR_WORDS           256
#define PATA_BUSY_SPIN_US           10
#define PATA_BUSY_SPIN_COUNT        50000       /* 0.5 s */

//
// Task file register offsets from the command block base.
//
#define PATA_REG_DATA               0
#define PATA_REG_ERROR_FEATURES     1
#define PATA_REG_SECTOR_COUNT       2
#define PATA_REG_LBA_LOW            3
#define PATA_REG_LBA_MID            4
#define PATA_REG_LBA_HIGH           5
#define PATA_REG_DRIVE_HEAD         6
#define PATA_REG_STATUS_COMMAND     7

//
// Control block (alternate status / device control).
//
#define PATA_DEVCTL_NIEN            0x02
#define PATA_DEVCTL_SRST            0x04

#define PATA_STATUS_ERR             0x01
#define PATA_STATUS_DRQ             0x08
#define PATA_STATUS_DF              0x20
#define PATA_STATUS_DRDY            0x40
#define PATA_STATUS_BSY             0x80

#define PATA_DRIVE_LBA              0x40
#define PATA_DRIVE_SLAVE            0x10
#define PATA_DRIVE_OBSOLETE         0xA0

#define PATA_PIO_MODE_MASK          0x0000001F  /* PIO0..PIO4 bits */

#define PATA_IRB_CATEGORY(_f) \
    ((_f) & (IRB_FUNCTION_ATA_COMMAND | IRB_FUNCTION_ATAPI_COMMAND | IRB_FUNCTION_MINIPORT_COMMAND))

// Tracing is DbgPrintEx only: in dump mode nothing else is available.
#define PATA_TRACE_ERROR    DPFLTR_ERROR_LEVEL
#define PATA_TRACE_INFO     DPFLTR_INFO_LEVEL

#define PataTrace(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_ATAPI_ID, (_lvl), "PataPort: " _fmt "\n", __VA_ARGS__)

typedef struct _PATA_CONTROLLER_EXTENSION {
    ULONG               NumberOfChannels;
    IDE_OPERATION_MODE  Mode;
    BOOLEAN             Started;
} PATA_CONTROLLER_EXTENSION, *PPATA_CONTROLLER_EXTENSION;

typedef struct _PATA_CHANNEL_EXTENSION {
    PPATA_CONTROLLER_EXTENSION  Controller;
    UCHAR                       ChannelNumber;
    BOOLEAN                     Started;
    PUCHAR                      CommandBase;
    PUCHAR                      ControlBase;

    //
    // The one request in flight (NumberOfOverlappedRequests == 1).
    //
    PIDE_REQUEST_BLOCK          CurrentIrb;
    PUSHORT                     DataPointer;
    ULONG                       WordsLeft;
    BOOLEAN                     WriteRequest;
} PATA_CHANNEL_EXTENSION, *PPATA_CHANNEL_EXTENSION;

//
// irb.h declares the callback types as pointer typedefs (they are used
// directly as structure members), so the routines get plain prototypes.
//

/* pata.c */
DRIVER_INITIALIZE DriverEntry;

BOOLEAN PataChannelInit(_In_ PVOID ChannelExtension, _Inout_ PIDE_CHANNEL_INTERFACE ChannelInterface, _Inout_ PVOID InitContext);
ATA_CHANNEL_STATE PataChannelEnabled(_In_ PVOID ControllerExtension, _In_ ULONG Channel);
BOOLEAN PataTransferModeSelect(_In_ PVOID ControllerExtension, _Inout_ PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect);
BOOLEAN PataAdapterControl(_In_ PVOID ControllerExtension, _In_ IDE_CONTROL_ACTION ControlAction, _Inout_ PVOID Parameters);

/* channel.c */
BOOLEAN PataHwInitialize(_In_ PVOID ChannelExtension, _Inout_ PIDE_DEVICE_PARAMETERS DeviceParameters, _In_ PIDENTIFY_DEVICE_DATA IdentifyData);
BOOLEAN PataHwBuildIo(_In_ PVOID ChannelExtension, _In_ PIDE_REQUEST_BLOCK Irb);
BOOLEAN PataHwStartIo(_In_ PVOID ChannelExtension, _In_ PIDE_REQUEST_BLOCK Irb);
BOOLEAN PataHwInterrupt(_In_ PVOID ChannelExtension);
BOOLEAN PataHwReset(_In_ PVOID ChannelExtension);
BOOLEAN PataHwControl(_In_ PVOID ChannelExtension, _In_ IDE_CONTROL_ACTION ControlAction, _Inout_ PVOID Parameters);
