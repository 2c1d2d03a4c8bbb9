#pragma once
#include <ntddk.h>

//
// vsensor - WDM function driver for a root-enumerated virtual temperature
// sensor (ROOT\VSENSOR). Student project for the OS internals course.
//

#define VS_TAG          'snSV'
#define VS_DEFAULT_POLL 1000

// {6A1F0C55-9A4B-4C2E-8F63-0D5B6C3E7A11}
DEFINE_GUID(GUID_DEVINTERFACE_VSENSOR,
    0x6a1f0c55, 0x9a4b, 0x4c2e, 0x8f, 0x63, 0x0d, 0x5b, 0x6c, 0x3e, 0x7a, 0x11);

#define IOCTL_VS_GET_READING CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _VS_STATE {
    VsStopped = 0,
    VsStarted,
    VsSurpriseRemoved,
    VsRemoved
} VS_STATE;

typedef struct _VS_READING {
    LONG          MilliCelsius;
    ULONG         Sequence;
    LARGE_INTEGER Timestamp;
} VS_READING, *PVS_READING;

typedef struct _VS_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Pdo;
    PDEVICE_OBJECT LowerDevice;
    IO_REMOVE_LOCK RemoveLock;
    UNICODE_STRING InterfaceName;
    VS_STATE       State;

    KTIMER         SampleTimer;
    KDPC           SampleDpc;
    KSPIN_LOCK     ReadingLock;
    VS_READING     Reading;
    ULONG          Seed;
} VS_EXTENSION, *PVS_EXTENSION;

typedef struct _VS_GLOBALS {
    UNICODE_STRING RegistryPath;
    ULONG          PollIntervalMs;
} VS_GLOBALS;

extern VS_GLOBALS g_Vs;

// pnp.c
_Dispatch_type_(IRP_MJ_PNP)   DRIVER_DISPATCH VsDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH VsDispatchPower;
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL) DRIVER_DISPATCH VsDispatchSystemControl;
KDEFERRED_ROUTINE VsSampleDpc;
