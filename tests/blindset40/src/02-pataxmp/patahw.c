/*++

Module Name:

    patahw.c

Abstract:

    Registry tuning and the ataport callbacks for the PATA-X miniport.

--*/

#include "pataxmp.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, PataxReadTuning)
#pragma alloc_text(INIT, PataxDefaultTuning)
#endif

static
NTSTATUS
PataxQueryDword(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _Out_ PULONG Value
    )
{
    UCHAR                           buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION  info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    UNICODE_STRING                  valueName;
    ULONG                           resultLength;
    NTSTATUS                        status;

    *Value = 0;
    RtlInitUnicodeString(&valueName, Name);

    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }

    *Value = *(PULONG)info->Data;
    return STATUS_SUCCESS;
}

VOID
PataxDefaultTuning(
    _Out_writes_(PATAX_MAX_CHANNELS) PPATAX_TUNING Tuning
    )
{
    ULONG i;

    for (i = 0; i < PATAX_MAX_CHANNELS; i++) {
        Tuning[i].Flags        = 0;
        Tuning[i].MaxUdmaMode  = 5;         // UDMA/100
        Tuning[i].ResetDelayUs = 2000;
    }
}

/*++

Routine Description:

    Reads Parameters\Channel<n>Flags / Channel<n>MaxUdma.  Returns
    STATUS_OBJECT_NAME_NOT_FOUND if there is no Parameters key at all.

--*/
NTSTATUS
PataxReadTuning(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_writes_(PATAX_MAX_CHANNELS) PPATAX_TUNING Tuning
    )
{
    OBJECT_ATTRIBUTES   oa;
    UNICODE_STRING      paramName = RTL_CONSTANT_STRING(L"Parameters");
    HANDLE              serviceKey = NULL;
    HANDLE              paramKey = NULL;
    ULONG               value;
    NTSTATUS            status;

    PataxDefaultTuning(Tuning);

    __try {

        InitializeObjectAttributes(&oa, RegistryPath,
                                   OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
        status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        InitializeObjectAttributes(&oa, &paramName,
                                   OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey, NULL);
        status = ZwOpenKey(&paramKey, KEY_READ, &oa);
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        // missing values keep the defaults, out of range fails the load

        if (NT_SUCCESS(PataxQueryDword(paramKey, L"Channel0Flags", &value))) {
            Tuning[0].Flags = value;
        }
        if (NT_SUCCESS(PataxQueryDword(paramKey, L"Channel1Flags", &value))) {
            Tuning[1].Flags = value;
        }
        if (NT_SUCCESS(PataxQueryDword(paramKey, L"Channel0MaxUdma", &value))) {
            Tuning[0].MaxUdmaMode = value;
        }
        if (NT_SUCCESS(PataxQueryDword(paramKey, L"Channel1MaxUdma", &value))) {
            Tuning[1].MaxUdmaMode = value;
        }

        if (Tuning[0].MaxUdmaMode > 6 || Tuning[1].MaxUdmaMode > 6) {
            status = STATUS_INVALID_PARAMETER;
            __leave;
        }

        status = STATUS_SUCCESS;

    } __finally {

        if (paramKey != NULL) {
            ZwClose(paramKey);
        }
        if (serviceKey != NULL) {
            ZwClose(serviceKey);
        }
    }

    return status;
}

_Use_decl_annotations_
BOOLEAN
PataxAdapterControl(
    PVOID ControllerExtension,
    IDE_ADAPTER_CONTROL_ACTION ControlAction,
    PVOID Parameters
    )
{
    PPATAX_CONTROLLER_EXTENSION     ctrl = (PPATAX_CONTROLLER_EXTENSION)ControllerExtension;
    PIDE_CONTROLLER_CONFIGURATION   config;

    switch (ControlAction) {

    case IdeStart:
        config = (PIDE_CONTROLLER_CONFIGURATION)Parameters;
        config->NumberOfChannels = PATAX_MAX_CHANNELS;
        ctrl->NumberOfChannels = PATAX_MAX_CHANNELS;
        ctrl->Started = TRUE;
        InterlockedIncrement((volatile LONG *)&PataxGlobals.ControllerCount);
        break;

    case IdeStop:
        ctrl->Started = FALSE;
        InterlockedDecrement((volatile LONG *)&PataxGlobals.ControllerCount);
        break;

    default:
        break;
    }

    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
PataxChannelInit(
    PVOID ChannelExtension,
    PIDE_CHANNEL_INTERFACE ChannelInterface,
    PVOID InitContext
    )
{
    PPATAX_CHANNEL_EXTENSION chan = (PPATAX_CHANNEL_EXTENSION)ChannelExtension;

    UNREFERENCED_PARAMETER(InitContext);

    if (ChannelInterface->ChannelNumber >= PATAX_MAX_CHANNELS) {
        return FALSE;
    }

    chan->ChannelNumber   = ChannelInterface->ChannelNumber;
    chan->Tuning          = &PataxGlobals.Tuning[chan->ChannelNumber];
    chan->ResetInProgress = FALSE;

    ChannelInterface->IdeHwInitialize = PataxHwInitialize;
    ChannelInterface->IdeHwStartIo    = PataxHwStartIo;
    ChannelInterface->IdeHwInterrupt  = PataxHwInterrupt;
    ChannelInterface->IdeHwReset      = PataxHwReset;

    return TRUE;
}

_Use_decl_annotations_
ATA_CHANNEL_STATE
PataxChannelEnabled(
    PVOID ControllerExtension,
    ULONG Channel
    )
{
    UNREFERENCED_PARAMETER(ControllerExtension);

    return (Channel < PATAX_MAX_CHANNELS) ? ChannelStateEnabled : ChannelStateDisabled;
}

_Use_decl_annotations_
BOOLEAN
PataxTransferModeSelect(
    PVOID ControllerExtension,
    PIDE_TRANSFER_MODE_PARAMETERS TransferModeSelect
    )
{
    UNREFERENCED_PARAMETER(ControllerExtension);
    UNREFERENCED_PARAMETER(TransferModeSelect);

    // the bridge runs whatever mode the drive negotiates
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
PataxHwInitialize(
    PVOID ChannelExtension,
    PIDE_DEVICE_PARAMETERS DeviceParameters,
    PIDENTIFY_DEVICE_DATA IdentifyData
    )
{
    PPATAX_CHANNEL_EXTENSION chan = (PPATAX_CHANNEL_EXTENSION)ChannelExtension;

    UNREFERENCED_PARAMETER(DeviceParameters);
    UNREFERENCED_PARAMETER(IdentifyData);

    PATAX_LOG("channel %u device init, flags %x", chan->ChannelNumber, chan->Tuning->Flags);
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
PataxHwStartIo(
    PVOID ChannelExtension,
    PIDE_REQUEST_BLOCK Irb
    )
{
    // task-file programming lives in the (not yet ported) patacmd.c
    Irb->IrbStatus = IRB_STATUS_INVALID_REQUEST;
    AtaPortCompleteRequest(ChannelExtension, Irb);
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
PataxHwInterrupt(
    PVOID ChannelExtension
    )
{
    PPATAX_CHANNEL_EXTENSION chan = (PPATAX_CHANNEL_EXTENSION)ChannelExtension;
    UCHAR bmStatus;

    if (chan->BusMasterBase == NULL) {
        return FALSE;
    }

    bmStatus = AtaPortReadPortUchar(chan->BusMasterBase + PATAX_REG_BM_STATUS);
    if (!(bmStatus & PATAX_BM_INTERRUPT)) {
        return FALSE;
    }

    AtaPortWritePortUchar(chan->BusMasterBase + PATAX_REG_BM_STATUS, bmStatus);
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
PataxHwReset(
    PVOID ChannelExtension
    )
{
    PPATAX_CHANNEL_EXTENSION chan = (PPATAX_CHANNEL_EXTENSION)ChannelExtension;

    chan->ResetInProgress = TRUE;
    AtaPortStallExecution(chan->Tuning->ResetDelayUs);
    chan->ResetInProgress = FALSE;

    return TRUE;
}
