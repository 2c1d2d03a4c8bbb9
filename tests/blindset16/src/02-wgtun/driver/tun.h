/* SPDX-License-Identifier: GPL-2.0
 *
 * Copyright (C) wgtun contributors. All Rights Reserved.
 */

#pragma once

#include <ntifs.h>
#include <wdm.h>
#include <wdmsec.h>
#include <ndis.h>
#include <ntstrsafe.h>

#define NDIS_MINIPORT_VERSION_MIN ((NDIS_MINIPORT_MINIMUM_MAJOR_VERSION << 16) | NDIS_MINIPORT_MINIMUM_MINOR_VERSION)
#define NDIS_MINIPORT_VERSION_MAX ((NDIS_MINIPORT_MAJOR_VERSION << 16) | NDIS_MINIPORT_MINOR_VERSION)

#ifndef WGTUN_VERSION_MAJ
#    define WGTUN_VERSION_MAJ 0
#    define WGTUN_VERSION_MIN 14
#endif

#define TUN_VENDOR_NAME "wgtun Tunnel"
#define TUN_VENDOR_ID 0xFFFFFF00
#define TUN_LINK_SPEED 100000000000ULL /* 100gbps */

#define TUN_MIN_RING_CAPACITY 0x20000    /* 128kiB */
#define TUN_MAX_RING_CAPACITY 0x4000000  /* 64MiB */
#define TUN_MAX_IP_PACKET_SIZE 0xFFFF
#define TUN_ALIGNMENT sizeof(ULONG)
#define TUN_ALIGN(Size) (((ULONG)(Size) + ((ULONG)TUN_ALIGNMENT - 1)) & ~((ULONG)TUN_ALIGNMENT - 1))
#define TUN_IS_ALIGNED(Size) (!((ULONG)(Size) & ((ULONG)TUN_ALIGNMENT - 1)))
#define TUN_MAX_PACKET_SIZE TUN_ALIGN(sizeof(TUN_PACKET) + TUN_MAX_IP_PACKET_SIZE)
#define TUN_RING_TRAILING_BYTES (TUN_MAX_PACKET_SIZE - TUN_ALIGNMENT)
#define TUN_RING_SIZE(Capacity) (sizeof(TUN_RING) + (Capacity) + TUN_RING_TRAILING_BYTES)
#define TUN_RING_CAPACITY(Size) ((Size) - sizeof(TUN_RING) - TUN_RING_TRAILING_BYTES)

#define InterlockedGet(Val) (InterlockedAdd((Val), 0))
#define InterlockedGetU(Val) ((ULONG)InterlockedAdd((LONG *)(Val), 0))
#define InterlockedExchangeU(Target, Value) ((ULONG)InterlockedExchange((LONG *)(Target), (LONG)(Value)))

#define TUN_MEMORY_TAG 'nutW'

#define TUN_IOCTL_REGISTER_RINGS CTL_CODE(51820U, 0x970U, METHOD_BUFFERED, (FILE_READ_DATA | FILE_WRITE_DATA))
#define TUN_IOCTL_FORCE_CLOSE_HANDLES CTL_CODE(51820U, 0x971U, METHOD_NEITHER, FILE_READ_DATA | FILE_WRITE_DATA)

#if REG_DWORD == REG_DWORD_BIG_ENDIAN
#    define TUN_HTONS(x) ((USHORT)(x))
#elif REG_DWORD == REG_DWORD_LITTLE_ENDIAN
#    define TUN_HTONS(x) ((((USHORT)(x)&0x00ff) << 8) | (((USHORT)(x)&0xff00) >> 8))
#endif

typedef struct _TUN_PACKET
{
    ULONG Size;
    _Field_size_bytes_(Size)
    UCHAR Data[];
} TUN_PACKET;

typedef struct _TUN_RING
{
    volatile ULONG Head;
    volatile ULONG Tail;
    volatile LONG Alertable;
    UCHAR Data[];
} TUN_RING;

typedef struct _TUN_REGISTER_RINGS
{
    struct
    {
        ULONG RingSize;
        TUN_RING *Ring;
        HANDLE TailMoved;
    } Send, Receive;
} TUN_REGISTER_RINGS;

typedef enum
{
    TUN_FLAGS_RUNNING = 1 << 0,
    TUN_FLAGS_PRESENT = 1 << 1,
    TUN_FLAGS_POWERED = 1 << 2,
} TUN_FLAGS;

typedef struct _TUN_SETTINGS
{
    ULONG MaxAdapters;
    BOOLEAN PauseOnSleep;
    BOOLEAN StrictOwnerCheck;
} TUN_SETTINGS;

typedef struct _TUN_CTX
{
    volatile LONG Flags;

    /* Used like RCU. When we're making use of rings, we take a shared lock. When we want to register or release the
     * rings and toggle the state, we take an exclusive lock before toggling the atomic and then releasing. It's similar
     * to setting the atomic and then calling rcu_barrier(). */
    EX_SPIN_LOCK TransitionLock;

    NDIS_HANDLE MiniportAdapterHandle; /* This is actually a pointer to NDIS_MINIPORT_BLOCK struct. */
    DEVICE_OBJECT *FunctionalDeviceObject;
    NDIS_STATISTICS_INFO Statistics;

    struct
    {
        LIST_ENTRY Entry;
        ERESOURCE RegistrationLock;
        FILE_OBJECT *volatile Owner;
        KEVENT Disconnected;

        struct
        {
            MDL *Mdl;
            TUN_RING *Ring;
            ULONG Capacity;
            KEVENT *TailMoved;
            KSPIN_LOCK Lock;
            ULONG RingTail;
            struct
            {
                NET_BUFFER_LIST *Head, *Tail;
            } ActiveNbls;
        } Send;

        struct
        {
            MDL *Mdl;
            TUN_RING *Ring;
            ULONG Capacity;
            KEVENT *TailMoved;
            HANDLE Thread;
            KSPIN_LOCK Lock;
            struct
            {
                NET_BUFFER_LIST *Head, *Tail;
                IO_REMOVE_LOCK Lock;
            } ActiveNbls;
        } Receive;
    } Device;

    NDIS_HANDLE NblPool;
} TUN_CTX;

/* main.c */
extern NDIS_HANDLE NdisMiniportDriverHandle;
extern ULONG NdisVersion;
extern ERESOURCE TunDispatchCtxGuard;
extern TUN_SETTINGS TunSettings;
extern DRIVER_DISPATCH *NdisDispatchDeviceControl, *NdisDispatchClose, *NdisDispatchPnp;

/* mem.c */
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
TunMemInit(VOID);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID *
TunAlloc(_In_ SIZE_T Size, _In_ BOOLEAN Zero);

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
TunFree(_In_opt_ _Post_invalid_ VOID *Ptr);

/* power.c */
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
TunPowerCallbackInit(VOID);

_IRQL_requires_(PASSIVE_LEVEL)
VOID
TunPowerCallbackFini(VOID);

/* adapter.c */
MINIPORT_INITIALIZE TunInitializeEx;
MINIPORT_HALT TunHaltEx;
MINIPORT_PAUSE TunPause;
MINIPORT_RESTART TunRestart;
MINIPORT_OID_REQUEST TunOidRequest;
MINIPORT_CANCEL_OID_REQUEST TunCancelOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS TunSendNetBufferLists;
MINIPORT_CANCEL_SEND TunCancelSend;
MINIPORT_RETURN_NET_BUFFER_LISTS TunReturnNetBufferLists;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY TunDevicePnPEventNotify;
MINIPORT_SHUTDOWN TunShutdownEx;

_IRQL_requires_max_(APC_LEVEL)
VOID
TunForceHandlesClosed(_Inout_ DEVICE_OBJECT *DeviceObject);

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
TunSetPowerState(_In_ BOOLEAN Powered);

/* dispatch.c */
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH_PAGED TunDispatchDeviceControl;
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH_PAGED TunDispatchClose;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH TunDispatchPnP;

/* ring.c */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
TunRegisterBuffers(_Inout_ TUN_CTX *Ctx, _Inout_ IRP *Irp);

_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
TunUnregisterBuffers(_Inout_ TUN_CTX *Ctx, _In_ FILE_OBJECT *Owner);

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
TunProcessSend(_Inout_ TUN_CTX *Ctx, _In_ NET_BUFFER_LIST *NetBufferLists);
