/*
 * kbfilter.h - KMDF keyboard upper filter (kbfiltr sample, stripped down)
 *
 * Counts key strokes per keyboard and dumps the numbers every few seconds.
 * Started as "let's see what kbfiltr actually does" and grew a timer.
 */
#pragma once

#include <ntddk.h>
#include <kbdmou.h>
#include <ntddkbd.h>
#include <wdf.h>

#define KBF_TAG                 'fbKK'
#define KBF_DEFAULT_INTERVAL    5000        // ms
#define KBF_MIN_INTERVAL        100
#define KBF_MAX_INTERVAL        60000

typedef struct _KBF_DEVICE_CONTEXT {
    WDFDEVICE    Device;
    CONNECT_DATA UpperConnectData;      // kbdclass service callback we chain to
    WDFSPINLOCK  StatsLock;
    WDFTIMER     StatsTimer;
    ULONG        KeysDown;
    ULONG        KeysUp;
    ULONG        Batches;
} KBF_DEVICE_CONTEXT, *PKBF_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KBF_DEVICE_CONTEXT, KbfGetContext)

extern ULONG g_StatsIntervalMs;

DRIVER_INITIALIZE DriverEntry;

EVT_WDF_DRIVER_DEVICE_ADD                    KbFilter_EvtDeviceAdd;
EVT_WDF_DEVICE_D0_ENTRY                      KbFilter_EvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT                       KbFilter_EvtDeviceD0Exit;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL  KbFilter_EvtIoInternalDeviceControl;
EVT_WDF_TIMER                                KbFilter_EvtStatsTimer;

VOID
KbFilter_ServiceCallback(
    _In_ PDEVICE_OBJECT       DeviceObject,
    _In_ PKEYBOARD_INPUT_DATA InputDataStart,
    _In_ PKEYBOARD_INPUT_DATA InputDataEnd,
    _Inout_ PULONG            InputDataConsumed
    );
