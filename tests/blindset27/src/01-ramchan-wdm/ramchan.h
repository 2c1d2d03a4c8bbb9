/*
 * ramchan.h - tiny RAM "channels" you can write to and read back.
 *
 * Weekend project: four named devices (\\.\RamChan0 .. \\.\RamChan3),
 * each holding up to 4 KB.  A one-second timer counts how long each
 * channel has been idle so the test tool can show it.
 */
#pragma once

#include <ntddk.h>
#include <ntstrsafe.h>

#define RC_TAG              'hCmR'
#define RC_CHANNEL_COUNT    4
#define RC_CHANNEL_BYTES    4096
#define RC_AGE_PERIOD_MS    1000

#define RC_DEVICE_TYPE      0x8337

#define IOCTL_RC_GET_STATS  CTL_CODE(RC_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RC_CLEAR      CTL_CODE(RC_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _RC_STATS {
    ULONG BytesStored;
    ULONG Reads;
    ULONG Writes;
    ULONG SecondsIdle;
} RC_STATS, *PRC_STATS;

typedef struct _RC_CHANNEL {
    ULONG          Index;
    KSPIN_LOCK     Lock;
    ULONG          Used;
    RC_STATS       Stats;
    UNICODE_STRING LinkName;
    WCHAR          LinkBuffer[48];
    UCHAR          Data[RC_CHANNEL_BYTES];
} RC_CHANNEL, *PRC_CHANNEL;

extern PDEVICE_OBJECT g_RcDevices[RC_CHANNEL_COUNT];

DRIVER_DISPATCH RcDispatchCreateClose;
DRIVER_DISPATCH RcDispatchRead;
DRIVER_DISPATCH RcDispatchWrite;
DRIVER_DISPATCH RcDispatchIoctl;
