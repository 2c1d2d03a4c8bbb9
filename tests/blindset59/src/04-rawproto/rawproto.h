/*
 * rawproto.h
 *
 * Minimal NDIS 6 protocol driver: binds to ethernet adapters and counts
 * frames of one private ethertype (0x88B5, local experimental).
 */
#pragma once

#define NDIS630 1
#include <ndis.h>

#define RP_TAG              'PwaR'
#define RP_PROTOCOL_NAME    L"RAWPROTO"
#define RP_DEVICE_NAME      L"\\Device\\RawProto"
#define RP_LINK_NAME        L"\\DosDevices\\RawProto"
#define RP_ETHERTYPE        0x88B5

#define IOCTL_RP_GET_BINDINGS CTL_CODE(FILE_DEVICE_NETWORK, 0x810, METHOD_BUFFERED, FILE_ANY_ACCESS)

#ifdef DBG
#  define RPDBG(_x_)  do { DbgPrint("rawproto: "); DbgPrint _x_; } while (0)
#else
#  define RPDBG(_x_)
#endif

typedef struct _RP_OPEN {
    LIST_ENTRY      Link;
    NDIS_HANDLE     BindingHandle;
    NDIS_HANDLE     BindContext;        /* valid only while bind is pending */
    NDIS_HANDLE     UnbindContext;      /* valid only while unbind is pending */
    NDIS_MEDIUM     Medium;
    volatile LONG   Frames;
} RP_OPEN, *PRP_OPEN;

typedef struct _RP_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PDEVICE_OBJECT  ControlDevice;
    NDIS_HANDLE     ProtocolHandle;
    UNICODE_STRING  RegistryPath;
    NDIS_SPIN_LOCK  Lock;
    LIST_ENTRY      Opens;
    LONG            OpenCount;
} RP_GLOBALS;

extern RP_GLOBALS Globals;

/* ctl.c */
NTSTATUS rpCreateControlDevice(PDRIVER_OBJECT DriverObject);
VOID     rpDeleteControlDevice(VOID);
