/*
 * camflash.h - camflash: KMDF driver for the strobe controller of the
 * CF-1 machine-vision camera (PCIe, one BAR, flash duration in registers).
 */

#pragma once

#include <ntddk.h>
#include <wdf.h>

#include "trace.h"

#define CAMFLASH_TAG          'hsFC'
#define CAMFLASH_DEFAULT_MS   5
#define CAMFLASH_MAX_MS       50

/* House style: bail out with the failing status. */
#define CF_RETURN_IF_FAILED(_status) \
    if (!NT_SUCCESS(_status)) { return (_status); }

typedef struct _CAMFLASH_SETTINGS {
    ULONG FlashMs;
    ULONG Flags;
} CAMFLASH_SETTINGS, *PCAMFLASH_SETTINGS;

extern CAMFLASH_SETTINGS CfSettings;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD CfEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP CfEvtDriverCleanup;

/* config.c */
NTSTATUS CfLoadSettings(_In_ PUNICODE_STRING RegistryPath, _Out_ PCAMFLASH_SETTINGS Settings);
