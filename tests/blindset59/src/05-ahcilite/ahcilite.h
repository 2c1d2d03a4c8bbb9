/*
 * ahcilite.h - a learning-project AHCI miniport for Storport.
 * Only enumerates ports and answers the adapter-level requests so far;
 * command list / FIS handling lives on the 'cmd' branch.
 */
#ifndef AHCILITE_H
#define AHCILITE_H

#include <storport.h>

#define AHCI_MAX_PORTS          32
#define AHCI_ABAR_INDEX         5           /* BAR5 = ABAR */
#define AHCI_ABAR_MIN_LENGTH    0x180

/* generic host control registers */
#define AHCI_REG_CAP            0x00
#define AHCI_REG_GHC            0x04
#define AHCI_REG_IS             0x08
#define AHCI_REG_PI             0x0C
#define AHCI_REG_VS             0x10

#define AHCI_GHC_HR             0x00000001
#define AHCI_GHC_IE             0x00000002
#define AHCI_GHC_AE             0x80000000

#define AHCI_CAP_NP_MASK        0x1F
#define AHCI_CAP_S64A           0x80000000

#if DBG
#define AHCI_DBG(...)   StorPortDebugPrint(0, __VA_ARGS__)
#else
#define AHCI_DBG(...)
#endif

typedef union _AHCI_VERSION {
    ULONG AsUlong;
    struct {
        USHORT Minor;
        USHORT Major;
    };
} AHCI_VERSION;

typedef struct _AHCI_ADAPTER {
    PUCHAR          Abar;
    ULONG           AbarLength;
    ULONG           Cap;
    ULONG           PortsImplemented;
    ULONG           PortCount;
    AHCI_VERSION    Version;
    BOOLEAN         Is64Bit;
    BOOLEAN         Started;
} AHCI_ADAPTER, *PAHCI_ADAPTER;

typedef struct _AHCI_GLOBALS {
    ULONG   MaxPorts;
    ULONG   AdapterCount;
    ULONG   DebugFlags;
} AHCI_GLOBALS;

extern AHCI_GLOBALS g_AhciGlobals;

/* hw.c */
ULONG   AhciRead(PAHCI_ADAPTER Adapter, ULONG Offset);
VOID    AhciWrite(PAHCI_ADAPTER Adapter, ULONG Offset, ULONG Value);
BOOLEAN AhciResetController(PAHCI_ADAPTER Adapter);
VOID    AhciEnable(PAHCI_ADAPTER Adapter, BOOLEAN Interrupts);

#endif /* AHCILITE_H */
