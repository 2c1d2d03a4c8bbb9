/*
 * hwrng.h - hwrng: KMDF driver for the on-die random number generator of
 * the EP-9 SoC. Serves \\.\HwRng reads for the user-mode entropy daemon.
 */

#pragma once

#include <ntddk.h>
#include <wdf.h>

#define HWRNG_TAG               'gnRH'
#define HWRNG_MAX_READ          4096

typedef struct _HWRNG_DEVICE_CONTEXT {
    volatile ULONG *Registers;      /* DATA at +0, STATUS at +4 */
    SIZE_T          RegisterLength;
} HWRNG_DEVICE_CONTEXT, *PHWRNG_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(HWRNG_DEVICE_CONTEXT, HwRngGetDeviceContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD HwRngEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD HwRngEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_READ HwRngEvtIoRead;

/* framework.c */
NTSTATUS HwRngCreateFrameworkDriver(_In_ PDRIVER_OBJECT DriverObject,
                                    _In_ PUNICODE_STRING RegistryPath);
