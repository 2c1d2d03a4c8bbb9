// bootlog.h - shared declarations (C and C++)
//
// bootlog records every image the kernel maps (drivers and user DLLs)
// into a text buffer and appends it to a file from a work item, plus
// once more at shutdown. Config comes from the service key (cfg.c).
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

#include <ntddk.h>

#define BL_TAG                  'goLB'
#define BL_DEVICE_NAME          L"\\Device\\BootLog"
#define BL_LINK_NAME            L"\\DosDevices\\BootLog"
#define BL_DEFAULT_LOG_PATH     L"\\SystemRoot\\bootlog_images.txt"
#define BL_DEFAULT_THRESHOLD    (16 * 1024)
#define BL_BUFFER_SIZE          (64 * 1024)

#define IOCTL_BL_FLUSH          CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define BL_DBG(fmt, ...)        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "bootlog: " fmt "\n", __VA_ARGS__)
#define BL_ERR(fmt, ...)        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "bootlog: !! " fmt "\n", __VA_ARGS__)

typedef struct _BL_CONFIG {
    UNICODE_STRING LogPath;         // pool (BL_TAG), always set on success
    ULONG          FlushThreshold;  // bytes buffered before a flush is queued
    ULONG          KernelOnly;      // 1 = skip user mode images
} BL_CONFIG, *PBL_CONFIG;

// cfg.c
NTSTATUS BlReadConfig(_In_ PCUNICODE_STRING RegistryPath, _Out_ PBL_CONFIG Config);
VOID     BlFreeConfig(_Inout_ PBL_CONFIG Config);

#ifdef __cplusplus
}
#endif
