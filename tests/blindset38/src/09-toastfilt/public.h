#pragma once
//
// toastfilt control device interface, shared with tfstat.exe
//

#define TOASTFILT_NT_NAME       L"\\Device\\ToastFilt"
#define TOASTFILT_DOS_NAME      L"\\DosDevices\\ToastFilt"

#define IOCTL_TOASTFILT_GET_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_READ_ACCESS)

#define TOASTFILT_MAX_REPORTED  16

typedef struct _TOASTFILT_DEVICE_STATS {
    ULONG   SerialNo;
    LONG    IoctlCount;
} TOASTFILT_DEVICE_STATS;

typedef struct _TOASTFILT_STATS {
    ULONG                   DeviceCount;
    TOASTFILT_DEVICE_STATS  Devices[TOASTFILT_MAX_REPORTED];
} TOASTFILT_STATS, *PTOASTFILT_STATS;
