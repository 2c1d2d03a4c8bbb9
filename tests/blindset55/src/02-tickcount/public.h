//
// public.h - shared between tickcount.sys and the tickctl console tool
//
#pragma once

// {6C3F1A52-8D1E-4B7A-9E21-3A5D7710C42B}
DEFINE_GUID(GUID_DEVINTERFACE_TICKCOUNT,
    0x6c3f1a52, 0x8d1e, 0x4b7a, 0x9e, 0x21, 0x3a, 0x5d, 0x77, 0x10, 0xc4, 0x2b);

#define IOCTL_TICK_GET_SNAPSHOT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_TICK_SET_PERIOD    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_TICK_RESET         CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _TICK_SNAPSHOT {
    unsigned long long Ticks;
    unsigned long      PeriodMs;
    unsigned long      Flushes;
} TICK_SNAPSHOT, *PTICK_SNAPSHOT;
