/*
 * pcictr.h - PCI 4-channel counter/timer card (WDM). A GPS PPS receiver,
 * if present, latches the counters; the control device serves stats.
 */
#ifndef PCICTR_H
#define PCICTR_H

#include <ntddk.h>
#include <wdm.h>
#include <wdmguid.h>

#define CTR_TAG                 'rtCP'
#define CTR_CTL_NAME            L"\\Device\\PciCtrCtl"
#define CTR_CTL_LINK            L"\\DosDevices\\PciCtr"
#define CTR_DEFAULT_GATE_MS     1000

#define CTR_REG_CONTROL         0x00
#define CTR_REG_INTSTATUS       0x04
#define CTR_REG_GATE            0x08

#define CTR_CTRL_RUN            0x01
#define CTR_CTRL_OVF_IE         0x02
#define CTR_CTRL_EXT_LATCH      0x04
#define IOCTL_CTR_GET_STATS     CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB00, METHOD_BUFFERED, FILE_READ_ACCESS)
#define DBG_OUT(...)            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pcictr: " __VA_ARGS__)

// {0D5B3E71-8C2A-4F46-9E13-6A7B0C4D2E95}
DEFINE_GUID(GUID_DEVINTERFACE_PPS_SOURCE,
    0x0d5b3e71, 0x8c2a, 0x4f46, 0x9e, 0x13, 0x6a, 0x7b, 0x0c, 0x4d, 0x2e, 0x95);

enum { KIND_CONTROL = 1, KIND_CARD = 2 };
typedef struct _CTR_STATS {
    ULONG   Overflows;
    ULONG   PpsSources;
} CTR_STATS, *PCTR_STATS;

typedef struct _CARD_EXT {
    ULONG           Kind;
    LIST_ENTRY      Link;
    PDEVICE_OBJECT  Lower;
    PUCHAR          Regs;
    SIZE_T          RegsLength;
    PKINTERRUPT     Interrupt;
    ULONG           GateMs;
    BOOLEAN         Started;
} CARD_EXT, *PCARD_EXT;

typedef struct _CTR_GLOBALS {
    UNICODE_STRING  RegistryPath;   // private copy, NUL terminated
    PDEVICE_OBJECT  ControlDevice;
    PCTR_STATS      Stats;
    PVOID           PpsNotifyEntry;
    KSPIN_LOCK      Lock;           // Cards
    LIST_ENTRY      Cards;
} CTR_GLOBALS;

extern CTR_GLOBALS g_Ctr;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       CtrUnload;
DRIVER_ADD_DEVICE   CtrAddDevice;
KSERVICE_ROUTINE    CtrIsr;
DRIVER_NOTIFICATION_CALLBACK_ROUTINE CtrPpsNotify;
DRIVER_DISPATCH CtrDispatchCreateClose;
DRIVER_DISPATCH CtrDispatchIoctl;
DRIVER_DISPATCH CtrDispatchShutdown;
DRIVER_DISPATCH CtrDispatchPnp;
DRIVER_DISPATCH CtrDispatchPower;
DRIVER_DISPATCH CtrDispatchSystemControl;

#endif
