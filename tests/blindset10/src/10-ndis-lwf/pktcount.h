/*
 * pktcount.h - NDIS 6.30 lightweight filter that counts frames per adapter
 * and exposes the numbers through \\.\PktCount for pktstat.exe.
 */
#pragma once

#define NDIS630 1
#include <ndis.h>

#define PC_TAG                  'tCkP'
#define PC_FRIENDLY_NAME        L"Packet Counter NDIS LWF"
#define PC_UNIQUE_NAME          L"{8B3F0C62-4D1E-4E7B-A6C3-5E9A1F27D804}"
#define PC_SERVICE_NAME         L"pktcount"
#define PC_DEVICE_NAME          L"\\Device\\PktCount"
#define PC_LINK_NAME            L"\\DosDevices\\PktCount"

#define PC_NDIS_MAJOR 6
#define PC_NDIS_MINOR 30

#define IOCTL_PC_GET_COUNTERS CTL_CODE(FILE_DEVICE_NETWORK, 0x870, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _PC_STATE {
    PcDetached = 0,
    PcPaused,
    PcRunning
} PC_STATE;

typedef struct _PC_MODULE {
    LIST_ENTRY   Link;
    NDIS_HANDLE  FilterHandle;
    NET_IFINDEX  IfIndex;
    PC_STATE     State;
    volatile LONG64 RxFrames;
    volatile LONG64 TxFrames;
} PC_MODULE, *PPC_MODULE;

typedef struct _PC_COUNTERS {
    ULONG    IfIndex;
    LONG64   RxFrames;
    LONG64   TxFrames;
} PC_COUNTERS;

/* globals, pktcount.c */
extern NDIS_HANDLE     g_FilterDriverHandle;
extern NDIS_SPIN_LOCK  g_ModuleLock;
extern LIST_ENTRY      g_ModuleList;

/* device.c */
NDIS_STATUS PcRegisterDevice(VOID);
VOID        PcDeregisterDevice(VOID);
