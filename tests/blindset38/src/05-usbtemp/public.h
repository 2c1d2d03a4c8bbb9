/*
 * public.h - shared with the usbtemp.exe console tool
 */
#pragma once

// {1E9B7C4A-0F6D-4B35-9E21-8C5A3D7F2B60}
DEFINE_GUID(GUID_DEVINTERFACE_USBTEMP,
    0x1e9b7c4a, 0x0f6d, 0x4b35, 0x9e, 0x21, 0x8c, 0x5a, 0x3d, 0x7f, 0x2b, 0x60);

#define USBTEMP_IOCTL_BASE  0x800

// returns the last USBTEMP_READING seen on the interrupt pipe
#define IOCTL_USBTEMP_GET_READING \
    CTL_CODE(FILE_DEVICE_UNKNOWN, USBTEMP_IOCTL_BASE + 0, METHOD_BUFFERED, FILE_READ_ACCESS)

// pends until the next reading arrives
#define IOCTL_USBTEMP_WAIT_READING \
    CTL_CODE(FILE_DEVICE_UNKNOWN, USBTEMP_IOCTL_BASE + 1, METHOD_BUFFERED, FILE_READ_ACCESS)

#include <pshpack1.h>
typedef struct _USBTEMP_READING {
    SHORT   CentiCelsius;       // 2150 == 21.50 C
    UCHAR   Sensor;
    UCHAR   Flags;
} USBTEMP_READING, *PUSBTEMP_READING;
#include <poppack.h>
