/*
 * ndisproto.h - "NdisPeek", an NDIS 6.20 protocol driver that binds to
 * Ethernet adapters and counts the frames it sees. Counters are read
 * from user mode through \\.\NdisPeek.
 */
#pragma once

#ifndef NDIS620
#define NDIS620 1
#endif

#include <ndis.h>

#define NP_TAG            'keeP'
#define NP_PROTOCOL_NAME  L"NDISPEEK"
#define NP_DEVICE_NAME    L"\\Device\\NdisPeek"
#define NP_LINK_NAME      L"\\DosDevices\\NdisPeek"

#define IOCTL_NP_GET_STATS  CTL_CODE(FILE_DEVICE_NETWORK, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_NP_RESET      CTL_CODE(FILE_DEVICE_NETWORK, 0xA02, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define NP_DBG(...) KdPrint(("NdisPeek: " __VA_ARGS__))

/* what DriverEntry managed to set up; NpTeardown undoes exactly these */
#define NP_F_LOOKASIDE   0x01
#define NP_F_DEVICE      0x02
#define NP_F_LINK        0x04
#define NP_F_PROTOCOL    0x08

typedef struct _NP_STATS {
    ULONG64 Frames;
    ULONG64 Bytes;
    ULONG   Bindings;
} NP_STATS, *PNP_STATS;

typedef struct _NP_BINDING {
    LIST_ENTRY   Link;
    NDIS_HANDLE  BindingHandle;
    NDIS_HANDLE  BindContext;
    UINT         MediumIndex;
    NDIS_EVENT   OpenEvent;
    NDIS_EVENT   CloseEvent;
    NDIS_STATUS  OpenStatus;
    NP_STATS     Stats;
} NP_BINDING, *PNP_BINDING;

typedef struct _NP_GLOBALS {
    ULONG               Flags;
    PDEVICE_OBJECT      ControlDevice;
    NDIS_HANDLE         ProtocolHandle;
    NPAGED_LOOKASIDE_LIST BindingLookaside;
    NDIS_SPIN_LOCK      Lock;
    LIST_ENTRY          Bindings;
} NP_GLOBALS;

extern NP_GLOBALS g_Np;

/* proto.c */
NDIS_STATUS NpRegisterProtocol(VOID);
VOID        NpCollectStats(_Out_ PNP_STATS Stats);
VOID        NpResetStats(VOID);
