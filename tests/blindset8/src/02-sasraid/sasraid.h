/*
 * sasraid.h - Storport miniport for the SR-8x SAS RAID HBA family.
 *
 * Register layout reverse-engineered from the vendor's Linux driver
 * (see doc/regs.txt in the repo); only the message-unit path is used.
 */
#ifndef _SASRAID_H_
#define _SASRAID_H_

#include <storport.h>

#define SRD_PCI_VENDOR_ID           0x1B4B
#define SRD_PCI_DEVICE_SR80         0x9480
#define SRD_PCI_DEVICE_SR82         0x9485

#define SRD_MAX_TARGETS             64
#define SRD_MAX_LUNS                8
#define SRD_MAX_SG_ELEMENTS         129
#define SRD_MAX_TRANSFER_LENGTH     (512 * 1024)
#define SRD_QUEUE_DEPTH             256

/* BAR0 registers */
#define SRD_REG_DOORBELL            0x0020
#define SRD_REG_DOORBELL_CLEAR      0x0024
#define SRD_REG_INT_MASK            0x0034
#define SRD_REG_INT_STATUS          0x0030
#define SRD_REG_INBOUND_QUEUE       0x0040
#define SRD_REG_OUTBOUND_QUEUE      0x0044
#define SRD_REG_FW_STATE            0x00B0

#define SRD_FW_STATE_READY          0xF0000000
#define SRD_FW_STATE_MASK           0xF0000000

#define SRD_INT_OUTBOUND_POST       0x00000008

/* Debug levels */
#define SRD_ERR                     0
#define SRD_WARN                    1
#define SRD_INFO                    2

extern ULONG SrdDebugLevel;

#define SrdDbg(lvl, ...) \
    do { if ((lvl) <= SrdDebugLevel) { DbgPrint("sasraid: " __VA_ARGS__); } } while (0)

typedef struct _SRD_GLOBAL_STATS {
    ULONG   Generation;
    ULONG   AdaptersFound;
    ULONG   ResetsIssued;
    ULONG   CommandsTimedOut;
} SRD_GLOBAL_STATS, *PSRD_GLOBAL_STATS;

extern SRD_GLOBAL_STATS SrdGlobalStats;

typedef struct _SRD_HW_EXTENSION {
    PUCHAR      Bar0;
    ULONG       Bar0Length;
    ULONG       BusNumber;
    ULONG       SlotNumber;
    USHORT      DeviceId;
    BOOLEAN     InterruptsEnabled;
    BOOLEAN     Resetting;
    ULONG       OutstandingCommands;
    ULONG       FirmwareVersion;
} SRD_HW_EXTENSION, *PSRD_HW_EXTENSION;

typedef struct _SRD_SRB_EXTENSION {
    ULONG       Tag;
    ULONG       SgCount;
    STOR_PHYSICAL_ADDRESS SgListPhys;
} SRD_SRB_EXTENSION, *PSRD_SRB_EXTENSION;

/* hw.c */
HW_FIND_ADAPTER             SrdHwFindAdapter;
HW_INITIALIZE               SrdHwInitialize;
HW_BUILDIO                  SrdHwBuildIo;
HW_STARTIO                  SrdHwStartIo;
HW_INTERRUPT                SrdHwInterrupt;
HW_RESET_BUS                SrdHwResetBus;
HW_ADAPTER_CONTROL          SrdHwAdapterControl;

NTSTATUS SrdStatsInitialize(_Out_ PSRD_GLOBAL_STATS Stats);

#endif /* _SASRAID_H_ */
