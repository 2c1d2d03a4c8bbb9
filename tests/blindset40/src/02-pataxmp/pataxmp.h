/*++

Module Name:

    pataxmp.h

Abstract:

    Definitions for the PATA-X ATA miniport (ataport model).  Targets the
    two-channel PATA-X PCI bridge found on old hobby boards.

--*/

#pragma once

#include <ntddk.h>
#include <ata.h>
#include <irb.h>

#define PATAX_TAG               'xtaP'
#define PATAX_MAX_CHANNELS      2
#define PATAX_MAX_DEVICES       2

#define PATAX_REG_CMD_BLOCK     0x00
#define PATAX_REG_CTL_BLOCK     0x0C
#define PATAX_REG_BM_STATUS     0x12
#define PATAX_BM_INTERRUPT      0x04

#define PATAX_PIO_ONLY          0x01
#define PATAX_NO_ATAPI_DMA      0x02

#if DBG
#define PATAX_LOG(_fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pataxmp: " _fmt "\n", __VA_ARGS__)
#else
#define PATAX_LOG(_fmt, ...)
#endif

//
// Per-channel tuning, read once at DriverEntry from
// HKLM\...\Services\pataxmp\Parameters and shared by all controllers.
//

typedef struct _PATAX_TUNING {
    ULONG   Flags;                      // PATAX_PIO_ONLY, ...
    ULONG   MaxUdmaMode;
    ULONG   ResetDelayUs;
} PATAX_TUNING, *PPATAX_TUNING;

typedef struct _PATAX_GLOBALS {
    PPATAX_TUNING   Tuning;             // PATAX_MAX_CHANNELS entries
    ULONG           ControllerCount;
} PATAX_GLOBALS;

extern PATAX_GLOBALS PataxGlobals;

typedef struct _PATAX_CONTROLLER_EXTENSION {
    ULONG           NumberOfChannels;
    BOOLEAN         Started;
} PATAX_CONTROLLER_EXTENSION, *PPATAX_CONTROLLER_EXTENSION;

typedef struct _PATAX_CHANNEL_EXTENSION {
    ULONG           ChannelNumber;
    PPATAX_TUNING   Tuning;
    PUCHAR          BusMasterBase;
    BOOLEAN         ResetInProgress;
} PATAX_CHANNEL_EXTENSION, *PPATAX_CHANNEL_EXTENSION;

//
// patahw.c
//

NTSTATUS
PataxReadTuning(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_writes_(PATAX_MAX_CHANNELS) PPATAX_TUNING Tuning
    );

VOID
PataxDefaultTuning(
    _Out_writes_(PATAX_MAX_CHANNELS) PPATAX_TUNING Tuning
    );

IDE_ADAPTER_CONTROL         PataxAdapterControl;
IDE_CHANNEL_INIT            PataxChannelInit;
IDE_CHANNEL_ENABLED         PataxChannelEnabled;
IDE_TRANSFER_MODE_SELECT    PataxTransferModeSelect;
IDE_HW_INITIALIZE           PataxHwInitialize;
IDE_HW_STARTIO              PataxHwStartIo;
IDE_HW_INTERRUPT            PataxHwInterrupt;
IDE_HW_RESET                PataxHwReset;
