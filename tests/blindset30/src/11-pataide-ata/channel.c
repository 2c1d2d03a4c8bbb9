// channel.c - channel entry points: PIO command execution and interrupts

#include "pata.h"

#define PxRead(ch, reg)         AtaPortReadPortUchar((ch)->CommandBlock + (reg))
#define PxWrite(ch, reg, v)     AtaPortWritePortUchar((ch)->CommandBlock + (reg), (UCHAR)(v))
#define PxAltStatus(ch)         AtaPortReadPortUchar((ch)->ControlBlock)
#define PxDevCtl(ch, v)         AtaPortWritePortUchar((ch)->ControlBlock, (UCHAR)(v))

static BOOLEAN
PxWaitNotBusy(
    _In_ PPX_CHANNEL_EXTENSION Channel,
    _In_ ULONG Microseconds,
    _Out_ PUCHAR Status
    )
{
    ULONG i;

    for (i = 0; i < Microseconds / 10; i++) {
        *Status = PxAltStatus(Channel);
        if ((*Status & PX_STATUS_BSY) == 0) {
            return TRUE;
        }
        AtaPortStallExecution(10);
    }
    *Status = PxAltStatus(Channel);
    return FALSE;
}

static VOID
PxCompleteCurrent(
    _In_ PPX_CHANNEL_EXTENSION Channel,
    _In_ UCHAR IrbStatus,
    _In_ UCHAR AtaStatus
    )
{
    PIDE_REQUEST_BLOCK irb = Channel->CurrentIrb;

    Channel->CurrentIrb = NULL;
    Channel->WordsLeft = 0;

    irb->IrbStatus = IrbStatus;
    irb->AtaStatus = AtaStatus;
    irb->AtaError  = (AtaStatus & PX_STATUS_ERR) ? PxRead(Channel, PX_REG_ERROR) : 0;

    AtaPortCompleteRequest(Channel, irb);
}

BOOLEAN
PxHwControl(
    _In_ PVOID ChannelExtension,
    _In_ IDE_CONTROL_ACTION ControlAction,
    _Inout_opt_ PVOID Parameters
    )
{
    PPX_CHANNEL_EXTENSION channel = (PPX_CHANNEL_EXTENSION)ChannelExtension;
    PIDE_CHANNEL_CONFIGURATION config;
    PIDE_MINIPORT_RESOURCES resources;

    switch (ControlAction) {

    case IdeStart:
        config = (PIDE_CHANNEL_CONFIGURATION)Parameters;
        if (config == NULL || config->Version < sizeof(IDE_CHANNEL_CONFIGURATION)) {
            return FALSE;
        }

        resources = config->ChannelResources;
        if (resources == NULL || resources->NumberOfAccessRanges < 2) {
            return FALSE;
        }

        /* range 0: command block (8 ports), range 1: control block */
        channel->CommandBlock = (PUCHAR)(ULONG_PTR)resources->IdeAccessRange[0].RangeStart.QuadPart;
        channel->ControlBlock = (PUCHAR)(ULONG_PTR)resources->IdeAccessRange[1].RangeStart.QuadPart;

        config->NumberOfOverlappedRequests = 1;
        config->MaxTargetId = MAX_IDE_DEVICE - 1;
        config->SyncWithIsr = TRUE;
        config->SupportsWmi = TRUE;

        PxDevCtl(channel, 0);   /* interrupts on */
        return TRUE;

    case IdeStop:
    case IdePowerDown:
        PxDevCtl(channel, PX_CTRL_NIEN);
        return TRUE;

    case IdePowerUp:
        PxDevCtl(channel, 0);
        return TRUE;

    default:
        return FALSE;
    }
}

BOOLEAN
PxHwInitialize(
    _In_ PVOID ChannelExtension,
    _Inout_ PIDE_DEVICE_PARAMETERS DeviceParameters,
    _In_ PIDENTIFY_DEVICE_DATA IdentifyData
    )
{
    UNREFERENCED_PARAMETER(ChannelExtension);
    UNREFERENCED_PARAMETER(IdentifyData);

    if (DeviceParameters->IdeDeviceType != DeviceIsAta) {
        return FALSE;   /* no ATAPI on this part */
    }

    DeviceParameters->MaximumLun = 0;
    DeviceParameters->NumberOfOverlappedRequests = 1;
    DeviceParameters->MaxBlockXfer = 0;     /* no READ/WRITE MULTIPLE */
    return TRUE;
}

BOOLEAN
PxHwBuildIo(
    _In_ PVOID ChannelExtension,
    _In_ PIDE_REQUEST_BLOCK Irb
    )
{
    UNREFERENCED_PARAMETER(ChannelExtension);

    /* PIO needs a virtual address for the data buffer */
    if (IRB_FOR_DATA_TRANSFER(Irb)) {
        Irb->IrbFlags |= IRB_FLAGS_MAP_BUFFERS;
    }
    return TRUE;
}

BOOLEAN
PxHwStartIo(
    _In_ PVOID ChannelExtension,
    _In_ PIDE_REQUEST_BLOCK Irb
    )
{
    PPX_CHANNEL_EXTENSION channel = (PPX_CHANNEL_EXTENSION)ChannelExtension;
    PIDEREGISTERS cur = GET_IRB_CURRENT_REG(Irb);
    PIDEREGISTERS prev = GET_IRB_PREVIOUS_REG(Irb);
    UCHAR status;

    if (!IsAtaCommand(Irb)) {
        /* miniport commands (flush, shutdown, power) need nothing from us */
        Irb->IrbStatus = IsMiniportCommand(Irb) ? IRB_STATUS_SUCCESS : IRB_STATUS_INVALID_REQUEST;
        AtaPortCompleteRequest(channel, Irb);
        return TRUE;
    }

    if (!PxWaitNotBusy(channel, 50000, &status)) {
        Irb->IrbStatus = IRB_STATUS_BUSY;
        AtaPortCompleteRequest(channel, Irb);
        return TRUE;
    }

    channel->CurrentIrb = Irb;
    channel->DataPointer = (PUSHORT)Irb->DataBuffer;
    channel->WordsLeft = Irb->DataTransferLength / sizeof(USHORT);
    channel->DataOut = (Irb->IrbFlags & IRB_FLAGS_DATA_OUT) != 0;

    PxWrite(channel, PX_REG_DEVICE, (Irb->TargetId == 0 ? 0xA0 : 0xB0) | (cur->bDriveHeadReg & 0x4F));

    if (Is48BitIrb(Irb)) {
        PxWrite(channel, PX_REG_FEATURES, prev->bFeaturesReg);
        PxWrite(channel, PX_REG_SECTOR_COUNT, prev->bSectorCountReg);
        PxWrite(channel, PX_REG_LBA_LOW, prev->bSectorNumberReg);
        PxWrite(channel, PX_REG_LBA_MID, prev->bCylLowReg);
        PxWrite(channel, PX_REG_LBA_HIGH, prev->bCylHighReg);
    }
    PxWrite(channel, PX_REG_FEATURES, cur->bFeaturesReg);
    PxWrite(channel, PX_REG_SECTOR_COUNT, cur->bSectorCountReg);
    PxWrite(channel, PX_REG_LBA_LOW, cur->bSectorNumberReg);
    PxWrite(channel, PX_REG_LBA_MID, cur->bCylLowReg);
    PxWrite(channel, PX_REG_LBA_HIGH, cur->bCylHighReg);

    PxWrite(channel, PX_REG_COMMAND, cur->bCommandReg);

    /* PIO out: the first sector goes without an interrupt */
    if (channel->DataOut && channel->WordsLeft != 0) {
        if (!PxWaitNotBusy(channel, 50000, &status) || (status & PX_STATUS_DRQ) == 0) {
            PxCompleteCurrent(channel, IRB_STATUS_DEVICE_ERROR, status);
            return TRUE;
        }
        AtaPortWritePortBufferUshort((PUSHORT)(channel->CommandBlock + PX_REG_DATA),
                                     channel->DataPointer, PX_SECTOR_WORDS);
        channel->DataPointer += PX_SECTOR_WORDS;
        channel->WordsLeft -= PX_SECTOR_WORDS;
    }

    return TRUE;
}

BOOLEAN
PxHwInterrupt(
    _In_ PVOID ChannelExtension
    )
{
    PPX_CHANNEL_EXTENSION channel = (PPX_CHANNEL_EXTENSION)ChannelExtension;
    ULONG words;
    UCHAR status;

    status = PxAltStatus(channel);
    if (status & PX_STATUS_BSY) {
        return FALSE;           /* not ours / not yet */
    }

    status = PxRead(channel, PX_REG_STATUS);    /* acknowledges the interrupt */

    if (channel->CurrentIrb == NULL) {
        return FALSE;
    }

    if (status & PX_STATUS_ERR) {
        PxCompleteCurrent(channel, IRB_STATUS_DEVICE_ERROR, status);
        return TRUE;
    }

    if ((status & PX_STATUS_DRQ) && channel->WordsLeft != 0) {
        words = min(channel->WordsLeft, PX_SECTOR_WORDS);
        if (channel->DataOut) {
            AtaPortWritePortBufferUshort((PUSHORT)(channel->CommandBlock + PX_REG_DATA),
                                         channel->DataPointer, words);
        } else {
            AtaPortReadPortBufferUshort((PUSHORT)(channel->CommandBlock + PX_REG_DATA),
                                        channel->DataPointer, words);
        }
        channel->DataPointer += words;
        channel->WordsLeft -= words;

        /* reads complete once the last sector is in; writes wait for the final interrupt */
        if (channel->DataOut || channel->WordsLeft != 0) {
            return TRUE;
        }
    }

    PxCompleteCurrent(channel, channel->WordsLeft == 0 ? IRB_STATUS_SUCCESS : IRB_STATUS_DATALENGTH_MISMATCH,
                      status);
    return TRUE;
}

BOOLEAN
PxHwReset(
    _In_ PVOID ChannelExtension
    )
{
    PPX_CHANNEL_EXTENSION channel = (PPX_CHANNEL_EXTENSION)ChannelExtension;
    UCHAR status;

    PxDevCtl(channel, PX_CTRL_SRST | PX_CTRL_NIEN);
    AtaPortStallExecution(10);
    PxDevCtl(channel, PX_CTRL_NIEN);
    AtaPortStallExecution(2000);

    (VOID)PxWaitNotBusy(channel, 1000000, &status);
    PxDevCtl(channel, 0);

    if (channel->CurrentIrb != NULL) {
        PxCompleteCurrent(channel, IRB_STATUS_BUS_RESET, status);
    }
    return TRUE;
}
