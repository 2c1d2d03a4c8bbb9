/*
 * beeptap.h
 *
 * BeepTap - legacy filter on \Device\Beep.  Logs every beep request and
 * can mute them; a small control device lets the tray app toggle that.
 */

#pragma once

#include <ntddk.h>
#include <ntddbeep.h>

#define BT_TAG                  'pTtB'
#define BT_CONTROL_NAME         L"\\Device\\BeepTapCtl"
#define BT_LINK_NAME            L"\\DosDevices\\BeepTap"

#define IOCTL_BEEPTAP_SET_MUTE  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_BEEPTAP_GET_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

#define BT_LOG(fmt, ...)  KdPrint(("BeepTap: " fmt "\n", __VA_ARGS__))

#define CHECK(_s, _msg)                                     \
    if (!NT_SUCCESS(_s)) {                                  \
        BT_LOG("%s failed 0x%08X", _msg, _s);               \
        goto Cleanup;                                       \
    }

typedef enum _BT_DEVICE_KIND {
    BtControlDevice = 1,
    BtFilterDevice  = 2
} BT_DEVICE_KIND;

typedef struct _BT_EXTENSION {
    BT_DEVICE_KIND  Kind;
    PDEVICE_OBJECT  LowerDevice;        // filter only
} BT_EXTENSION, *PBT_EXTENSION;

typedef struct _BT_STATS {
    LONG            BeepsSeen;
    LONG            BeepsMuted;
} BT_STATS;

typedef struct _BT_GLOBALS {
    PDEVICE_OBJECT  ControlDevice;
    PDEVICE_OBJECT  FilterDevice;
    PDEVICE_OBJECT  LowerDevice;
    UNICODE_STRING  LinkName;
    BOOLEAN         Muted;
    BT_STATS        Stats;
} BT_GLOBALS;

extern BT_GLOBALS g_BeepTap;

// dispatch.c
DRIVER_DISPATCH BtDispatchAny;
DRIVER_DISPATCH BtDispatchDeviceControl;
