/*++

Module Name:    channel.c

Abstract:       Per-channel routines of PataPort: resource discovery, PIO
                command execution and the interrupt-driven data phase.
--*/

#include "pata.h"

#define PataRead(_ch, _reg)         AtaPortReadPortUchar((_ch)->CommandBase + (_reg))
#define PataWrite(_ch, _reg, _val)  AtaPortWritePortUchar((_ch)->CommandBase + (_reg), (_val))
#define PataAltStatus(_ch)          AtaPortReadPortUchar((_ch)->ControlBase)

static BOOLEAN
PataWaitNotBusy(_In_ PPATA_CHANNEL_EXTENSION Channel, _Out_ PUCHAR Status)
{
    ULONG i;
    UCHAR status = 0;

    for (i = 0; i < PATA_BUSY_SPIN_COUNT; i++) {
        status = PataAltStatus(Channel);
        if ((status & PATA_STATUS_BSY) == 0) {
            *Status = status;
            return TRUE;
        }
        AtaPortStallExecution(PATA_BUSY_SPIN_US);
    }
    *Status = status;
    return FALSE;
}

static VOID
PataComplete(_In_ PPATA_CHANNEL_EXTENSION Channel, _In_ PIDE_REQUEST_BLOCK Irb, _In_ UCHAR IrbStatus)
{
    Irb->IrbStatus = IrbStatus;
    Channel->CurrentIrb = NULL;
    Channel->DataPointer = NULL;
    Channel->WordsLeft = 0;
    AtaPortCompleteRequest(Channel, Irb);
}

static VOID
PataCompleteWithError(_In_ PPATA_CHANNEL_EXTENSION Channel, _In_ PIDE_REQUEST_BLOCK Irb, _In_ UCHAR Status)
{
    Irb->AtaStatus = Status;
    Irb->AtaError = PataRead(Channel, PATA_REG_ERROR_FEATURES);
    PataComplete(Channel, Irb, IRB_STATUS_DEVICE_ERROR);
}

BOOLEAN
PataHwControl(
    _In_ PVOID ChannelExtension,
    _In_ IDE_CONTROL_ACTION ControlAction,
    _Inout_ PVOID Parameters
    )
{
    PPATA_CHANNEL_EXTENSION channel = (PPATA_CHANNEL_EXTENSION)ChannelExtension;
    PIDE_CHANNEL_CONFIGURATION config;
    PIDE_MINIPORT_RESOURCES resources;
    PIDE_ACCESS_RANGE range;
    ULONG i;

    switch (ControlAction) {
    case IdeStart:
        config = (PIDE_CHANNEL_CONFIGURATION)Parameters;
        if (config == NULL || config->Version < sizeof(IDE_CHANNEL_CONFIGURATION)) {
            return FALSE;
        }

        resources = config->ChannelResources;
        if (resources == NULL) {
            return FALSE;
        }

        channel->CommandBase = NULL;
        channel->ControlBase = NULL;

        // Expect an 8-byte command block and a 1..4 byte control block (I/O space).
        for (i = 0; i < resources->NumberOfAccessRanges; i++) {
            range = &resources->IdeAccessRange[i];
            if (range->InMemory) {
                continue;
            }
            if (range->RangeLength >= 8 && channel->CommandBase == NULL) {
                channel->CommandBase = (PUCHAR)(ULONG_PTR)range->RangeStart.QuadPart;
            } else if (range->RangeLength <= 4 && channel->ControlBase == NULL) {
                channel->ControlBase = (PUCHAR)(ULONG_PTR)range->RangeStart.QuadPart;
            }
        }

        if (channel->CommandBase == NULL || channel->ControlBase == NULL) {
            PataTrace(PATA_TRACE_ERROR, "channel %u: missing I/O ranges", channel->ChannelNumber);
            return FALSE;
        }

        config->MaxTargetId = PATA_MAX_TARGETS - 1;
        config->NumberOfOverlappedRequests = 1;
        config->SyncWithIsr = TRUE;
        config->SupportsWmi = FALSE;

        channel->Started = TRUE;
        return TRUE;

    case IdeStop:
        channel->Started = FALSE;
        return TRUE;

    case IdePowerUp:
    case IdePowerDown:
    case IdeVendorDefined:
        return TRUE;

    default:
        return FALSE;
    }
}

BOOLEAN
PataHwInitialize(
    _In_ PVOID ChannelExtension,
    _Inout_ PIDE_DEVICE_PARAMETERS DeviceParameters,
    _In_ PIDENTIFY_DEVICE_DATA IdentifyData
    )
{
    UNREFERENCED_PARAMETER(ChannelExtension);
    UNREFERENCED_PARAMETER(DeviceParameters);

    // Nothing to program per device in PIO-only mode.
    return (IdentifyData != NULL);
}

BOOLEAN
PataHwBuildIo(
    _In_ PVOID ChannelExtension,
    _In_ PIDE_REQUEST_BLOCK Irb
    )
{
    UNREFERENCED_PARAMETER(ChannelExtension);
    UNREFERENCED_PARAMETER(Irb);

    return TRUE;
}

static VOID
PataIssueAtaCommand(
    _In_ PPATA_CHANNEL_EXTENSION Channel,
    _In_ PIDE_REQUEST_BLOCK Irb
    )
{
    PIDE_TASK_FILE taskFile = &Irb->IdeTaskFile;
    UCHAR drive;
    UCHAR status;

    if (!PataWaitNotBusy(Channel, &status)) {
        PataComplete(Channel, Irb, IRB_STATUS_BUS_RESET);
        return;
    }

    drive = PATA_DRIVE_OBSOLETE | PATA_DRIVE_LBA | (taskFile->Current.bDriveHeadReg & 0x0F);
    if (Irb->TargetId != 0) {
        drive |= PATA_DRIVE_SLAVE;
    }
    PataWrite(Channel, PATA_REG_DRIVE_HEAD, drive);

    if (FlagOn(Irb->IrbFlags, IRB_FLAGS_48BIT)) {
        PataWrite(Channel, PATA_REG_ERROR_FEATURES, taskFile->Previous.bFeaturesReg);
        PataWrite(Channel, PATA_REG_SECTOR_COUNT, taskFile->Previous.bSectorCountReg);
        PataWrite(Channel, PATA_REG_LBA_LOW, taskFile->Previous.bSectorNumberReg);
        PataWrite(Channel, PATA_REG_LBA_MID, taskFile->Previous.bCylLowReg);
        PataWrite(Channel, PATA_REG_LBA_HIGH, taskFile->Previous.bCylHighReg);
    }
    PataWrite(Channel, PATA_REG_ERROR_FEATURES, taskFile->Current.bFeaturesReg);
    PataWrite(Channel, PATA_REG_SECTOR_COUNT, taskFile->Current.bSectorCountReg);
    PataWrite(Channel, PATA_REG_LBA_LOW, taskFile->Current.bSectorNumberReg);
    PataWrite(Channel, PATA_REG_LBA_MID, taskFile->Current.bCylLowReg);
    PataWrite(Channel, PATA_REG_LBA_HIGH, taskFile->Current.bCylHighReg);

    Channel->CurrentIrb = Irb;
    Channel->DataPointer = (PUSHORT)Irb->DataBuffer;
    Channel->WordsLeft = Irb->DataTransferLength / sizeof(USHORT);
    Channel->WriteRequest = FlagOn(Irb->IrbFlags, IRB_FLAGS_DATA_OUT) ? TRUE : FALSE;

    PataWrite(Channel, PATA_REG_STATUS_COMMAND, taskFile->Current.bCommandReg);

    if (Channel->WriteRequest && Channel->WordsLeft != 0) {
        // PIO out: first sector on DRQ, the rest from the interrupt.
        if (!PataWaitNotBusy(Channel, &status) || (status & PATA_STATUS_ERR) != 0) {
            PataCompleteWithError(Channel, Irb, status);
            return;
        }
        if (status & PATA_STATUS_DRQ) {
            AtaPortWritePortBufferUshort((PUSHORT)(Channel->CommandBase + PATA_REG_DATA),
                                         Channel->DataPointer, PATA_SECTOR_WORDS);
            Channel->DataPointer += PATA_SECTOR_WORDS;
            Channel->WordsLeft -= min(Channel->WordsLeft, PATA_SECTOR_WORDS);
        }
    }
}

BOOLEAN
PataHwStartIo(
    _In_ PVOID ChannelExtension,
    _In_ PIDE_REQUEST_BLOCK Irb
    )
{
    PPATA_CHANNEL_EXTENSION channel = (PPATA_CHANNEL_EXTENSION)ChannelExtension;

    if (!channel->Started || Irb->TargetId >= PATA_MAX_TARGETS || Irb->Lun != 0) {
        PataComplete(channel, Irb, IRB_STATUS_NO_DEVICE);
        return TRUE;
    }

    switch (PATA_IRB_CATEGORY(Irb->Function)) {
    case IRB_FUNCTION_ATA_COMMAND:
        if (Irb->DataTransferLength > PATA_MAX_TRANSFER ||
            (Irb->DataTransferLength % (PATA_SECTOR_WORDS * sizeof(USHORT))) != 0) {
            PataComplete(channel, Irb, IRB_STATUS_INVALID_REQUEST);
            break;
        }
        PataIssueAtaCommand(channel, Irb);
        break;

    case IRB_FUNCTION_MINIPORT_COMMAND:
        // flush/shutdown/power: nothing is cached, acknowledge
        PataComplete(channel, Irb, IRB_STATUS_SUCCESS);
        break;

    case IRB_FUNCTION_ATAPI_COMMAND:
    default:
        PataComplete(channel, Irb, IRB_STATUS_INVALID_REQUEST);
        break;
    }
    return TRUE;
}

BOOLEAN
PataHwInterrupt(
    _In_ PVOID ChannelExtension
    )
{
    PPATA_CHANNEL_EXTENSION channel = (PPATA_CHANNEL_EXTENSION)ChannelExtension;
    PIDE_REQUEST_BLOCK irb = channel->CurrentIrb;
    UCHAR status;
    ULONG words;

    if (channel->CommandBase == NULL) {
        return FALSE;
    }

    // Reading the status register acknowledges the device interrupt.
    status = PataRead(channel, PATA_REG_STATUS_COMMAND);

    if (irb == NULL) {
        return FALSE;           /* not ours (shared line) */
    }
    if (status & PATA_STATUS_BSY) {
        return TRUE;
    }
    if (status & (PATA_STATUS_ERR | PATA_STATUS_DF)) {
        PataCompleteWithError(channel, irb, status);
        return TRUE;
    }

    if ((status & PATA_STATUS_DRQ) && channel->WordsLeft != 0) {
        words = min(channel->WordsLeft, PATA_SECTOR_WORDS);
        if (channel->WriteRequest) {
            AtaPortWritePortBufferUshort((PUSHORT)(channel->CommandBase + PATA_REG_DATA),
                                         channel->DataPointer, words);
        } else {
            AtaPortReadPortBufferUshort((PUSHORT)(channel->CommandBase + PATA_REG_DATA),
                                        channel->DataPointer, words);
        }
        channel->DataPointer += words;
        channel->WordsLeft -= words;

        if (channel->WriteRequest || channel->WordsLeft != 0) {
            return TRUE;        /* more interrupts to come */
        }
    }

    if (channel->WordsLeft == 0) {
        irb->AtaStatus = status;
        PataComplete(channel, irb, IRB_STATUS_SUCCESS);
    }
    return TRUE;
}

BOOLEAN
PataHwReset(
    _In_ PVOID ChannelExtension
    )
{
    PPATA_CHANNEL_EXTENSION channel = (PPATA_CHANNEL_EXTENSION)ChannelExtension;
    PIDE_REQUEST_BLOCK irb = channel->CurrentIrb;
    UCHAR status;

    if (channel->ControlBase == NULL) {
        return FALSE;
    }

    AtaPortWritePortUchar(channel->ControlBase, PATA_DEVCTL_SRST | PATA_DEVCTL_NIEN);
    AtaPortStallExecution(10);
    AtaPortWritePortUchar(channel->ControlBase, 0);
    AtaPortStallExecution(2000);

    (VOID)PataWaitNotBusy(channel, &status);

    if (irb != NULL) {
        PataComplete(channel, irb, IRB_STATUS_BUS_RESET);
    }
    return TRUE;
}
