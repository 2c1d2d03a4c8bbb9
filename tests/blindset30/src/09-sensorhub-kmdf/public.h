// public.h - interface shared with user-mode clients

#pragma once

//
// {b3f1d6a2-7c48-4e0a-9d15-2a6c8e4f7b90}
//
DEFINE_GUID(GUID_DEVINTERFACE_SENSORHUB,
    0xb3f1d6a2, 0x7c48, 0x4e0a, 0x9d, 0x15, 0x2a, 0x6c, 0x8e, 0x4f, 0x7b, 0x90);

#define SH_IOCTL(_n_, _access_) \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800 + (_n_), METHOD_BUFFERED, (_access_))

#define IOCTL_SH_GET_LATEST     SH_IOCTL(1, FILE_READ_ACCESS)
#define IOCTL_SH_WAIT_SAMPLE    SH_IOCTL(2, FILE_READ_ACCESS)

typedef struct _SH_SAMPLE {
    ULONG       Sequence;
    LONG        MilliCelsius;
    ULONG       MilliPercentHumidity;
    ULONG       Reserved;
    ULONGLONG   Timestamp;      // interrupt time, 100ns units
} SH_SAMPLE, *PSH_SAMPLE;
