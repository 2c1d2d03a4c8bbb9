/*
 * lwfcap.h - LwfCapture, an NDIS 6 lightweight filter that copies the
 * first bytes of every received frame into a ring that a capture tool
 * reads through \\.\LwfCapture.
 */
#pragma once

#include <ndis.h>
#include <wdmsec.h>
#include <ntstrsafe.h>

#define LC_TAG                  'paCL'
#define LC_NDIS_MAJOR           6
#define LC_NDIS_MINOR           20
#define LC_DRIVER_MAJOR         1
#define LC_DRIVER_MINOR         3

#define LC_FRIENDLY_NAME        L"LwfCapture NDIS Filter"
#define LC_UNIQUE_NAME          L"{8e2f6b1a-4d3c-4a7e-b0c9-2a15f7d3e961}"
#define LC_SERVICE_NAME         L"LwfCapture"
#define LC_DEVICE_NAME          L"\\Device\\LwfCapture"
#define LC_LINK_NAME            L"\\DosDevices\\LwfCapture"

#define LC_SNAP_BYTES           64
#define LC_RING_ENTRIES         1024

#define IOCTL_LC_READ_RING      CTL_CODE(FILE_DEVICE_NETWORK, 0xD00, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_LC_GET_MODULES    CTL_CODE(FILE_DEVICE_NETWORK, 0xD01, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _LC_STATE {
    LcStateDetached = 0,
    LcStateAttaching,
    LcStatePaused,
    LcStateRunning,
    LcStatePausing
} LC_STATE;

typedef struct _LC_SNAPSHOT {
    ULONG       IfIndex;
    ULONG       FrameLength;
    LARGE_INTEGER Time;
    UCHAR       Bytes[LC_SNAP_BYTES];
} LC_SNAPSHOT, *PLC_SNAPSHOT;

typedef struct _LC_RING {
    ULONG       Head;
    ULONG       Count;
    ULONG       Dropped;
    LC_SNAPSHOT Entries[LC_RING_ENTRIES];
} LC_RING, *PLC_RING;

typedef struct _LC_FILTER_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     MiniportIfIndex;
    LC_STATE        State;
    NDIS_SPIN_LOCK  Lock;
    ULONG64         FramesSeen;
} LC_FILTER_MODULE, *PLC_FILTER_MODULE;

typedef struct _LC_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_HANDLE     DeviceHandle;
    PDEVICE_OBJECT  DeviceObject;
    NDIS_SPIN_LOCK  FilterListLock;
    LIST_ENTRY      FilterModuleList;
    ULONG           ModuleCount;
    NDIS_SPIN_LOCK  RingLock;
    PLC_RING        Ring;
} LC_GLOBALS, *PLC_GLOBALS;

extern LC_GLOBALS g_Lc;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LcUnload;

/* state.c */
NDIS_STATUS LcInitializeCaptureState(VOID);
VOID LcFreeCaptureState(VOID);
VOID LcRingAdd(_In_ PLC_FILTER_MODULE Module, _In_ PNET_BUFFER NetBuffer);
ULONG LcRingRead(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length);

/* filter.c */
FILTER_SET_OPTIONS LcSetOptions;
FILTER_ATTACH LcAttach;
FILTER_DETACH LcDetach;
FILTER_RESTART LcRestart;
FILTER_PAUSE LcPause;
FILTER_SEND_NET_BUFFER_LISTS LcSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE LcSendNetBufferListsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS LcReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS LcReturnNetBufferLists;

/* device.c */
NDIS_STATUS LcRegisterDevice(VOID);
VOID LcDeregisterDevice(VOID);
