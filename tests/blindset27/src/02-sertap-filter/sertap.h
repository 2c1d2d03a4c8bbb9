/*
 * sertap.h - SerTap, an upper filter that counts traffic on a serial
 *            port stack (install it as UpperFilters under the port's
 *            device class or a single device key).
 */
#pragma once

#include <ntddk.h>

#define ST_TAG          'paTS'

#define ST_LOG_READS    0x1
#define ST_LOG_WRITES   0x2
#define ST_LOG_IOCTLS   0x4

typedef struct _ST_GLOBALS {
    UNICODE_STRING RegistryPath;
    LONG           DeviceCount;
} ST_GLOBALS, *PST_GLOBALS;

extern ST_GLOBALS g_St;

typedef struct _ST_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Pdo;
    PDEVICE_OBJECT Lower;
    IO_REMOVE_LOCK RemoveLock;
    ULONG          LogMask;
    LONG           Reads;
    LONG           Writes;
    LONG           Ioctls;
} ST_EXTENSION, *PST_EXTENSION;

DRIVER_ADD_DEVICE StAddDevice;
DRIVER_DISPATCH   StDispatchPassThrough;
DRIVER_DISPATCH   StDispatchCounted;
DRIVER_DISPATCH   StDispatchPnp;

ULONG StReadLogMask(VOID);
