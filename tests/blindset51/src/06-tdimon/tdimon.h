/*
 * tdimon - old school TDI filter, sits on top of \Device\Tcp and prints
 * every outbound TDI_CONNECT. Written against the XP DDK originally, still
 * loads on Win10 (TDI is deprecated but the devices are still there).
 */
#ifndef TDIMON_H
#define TDIMON_H

#include <ntddk.h>
#include <tdi.h>
#include <tdikrnl.h>

#define TDIMON_TAG          'MidT'
#define TDIMON_TCP_NAME     L"\\Device\\Tcp"
#define TDIMON_MAX_TRACKED  256

#define DBGOUT(x)           DbgPrint x

#define FILTER_MAGIC        0x4D494454  /* 'TDIM' */

typedef struct _TDIMON_EXT {
    ULONG           Magic;
    PDEVICE_OBJECT  Lower;
    ULONG           Connects;
} TDIMON_EXT, *PTDIMON_EXT;

typedef struct _TDIMON_CONN {
    ULONG   RemoteAddr;     /* network order */
    USHORT  RemotePort;     /* network order */
    USHORT  Pad;
    HANDLE  Pid;
} TDIMON_CONN, *PTDIMON_CONN;

typedef struct _TDIMON_GLOBALS {
    PDEVICE_OBJECT  TcpFilter;
    PDEVICE_OBJECT  TcpLower;
    PTDIMON_CONN    Table;
    ULONG           TableNext;
    KSPIN_LOCK      TableLock;
} TDIMON_GLOBALS;

extern TDIMON_GLOBALS g_Mon;

/* dispatch.c */
DRIVER_DISPATCH TdiMonPassThrough;
DRIVER_DISPATCH TdiMonInternalIoctl;
DRIVER_DISPATCH TdiMonDeviceIoctl;

#endif
