// pata.h - Litware PIIX-compatible PATA controller, ATAport miniport (PIO only)

#pragma once

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

#define PX_MAX_CHANNELS             2
#define PX_PCI_TIMING_REG(ch)       (0x40 + ((ch) * 2))     /* PIIX IDETIM */
#define PX_TIMING_DECODE_ENABLE     0x8000
#define PX_MAX_TRANSFER_BYTES       (128 * 1024)

/* task file register offsets from the command block base */
#define PX_REG_DATA                 0
#define PX_REG_ERROR                1
#define PX_REG_FEATURES             1
#define PX_REG_SECTOR_COUNT         2
#define PX_REG_LBA_LOW              3
#define PX_REG_LBA_MID              4
#define PX_REG_LBA_HIGH             5
#define PX_REG_DEVICE               6
#define PX_REG_STATUS               7
#define PX_REG_COMMAND              7

/* status / control bits */
#define PX_STATUS_ERR               0x01
#define PX_STATUS_DRQ               0x08
#define PX_STATUS_DRDY              0x40
#define PX_STATUS_BSY               0x80
#define PX_CTRL_NIEN                0x02
#define PX_CTRL_SRST                0x04
#define PX_CTRL_HOB                 0x80

#define PX_SECTOR_WORDS             256

typedef struct _PX_CONTROLLER_EXTENSION {
    UCHAR                   NumberOfChannels;
    BOOLEAN                 NativeMode;
    PVOID                   Channel[PX_MAX_CHANNELS];
} PX_CONTROLLER_EXTENSION, *PPX_CONTROLLER_EXTENSION;

typedef struct _PX_CHANNEL_EXTENSION {
    PPX_CONTROLLER_EXTENSION Controller;
    UCHAR                   ChannelNumber;
    PUCHAR                  CommandBlock;
    PUCHAR                  ControlBlock;

    /* single outstanding PIO request */
    PIDE_REQUEST_BLOCK      CurrentIrb;
    PUSHORT                 DataPointer;
    ULONG                   WordsLeft;
    BOOLEAN                 DataOut;
} PX_CHANNEL_EXTENSION, *PPX_CHANNEL_EXTENSION;

/* entry.c */
ULONG DriverEntry(_In_ PVOID DriverObject, _In_ PVOID RegistryPath);

/* channel.c */
BOOLEAN PxHwInitialize(_In_ PVOID ChannelExtension, _Inout_ PIDE_DEVICE_PARAMETERS DeviceParameters,
                       _In_ PIDENTIFY_DEVICE_DATA IdentifyData);
BOOLEAN PxHwBuildIo(_In_ PVOID ChannelExtension, _In_ PIDE_REQUEST_BLOCK Irb);
BOOLEAN PxHwStartIo(_In_ PVOID ChannelExtension, _In_ PIDE_REQUEST_BLOCK Irb);
BOOLEAN PxHwInterrupt(_In_ PVOID ChannelExtension);
BOOLEAN PxHwReset(_In_ PVOID ChannelExtension);
BOOLEAN PxHwControl(_In_ PVOID ChannelExtension, _In_ IDE_CONTROL_ACTION ControlAction,
                    _Inout_opt_ PVOID Parameters);
