/*
 * upfilt.h - generic WDM upper filter that counts IRPs per major
 * function for whatever device it is installed on (UpperFilters).
 * Counts are printed when the device is removed.
 */
#ifndef UPFILT_H
#define UPFILT_H

#include <wdm.h>

#define UF_TAG          'tFpU'
#define UF_NAME         "upfilt: "

#define UF_PRINT(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, UF_NAME fmt "\n", __VA_ARGS__)
#define UF_ERROR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, UF_NAME fmt "\n", __VA_ARGS__)

#define UF_PROPAGATE_FLAGS  (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE)

typedef struct _UF_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
    ULONG           Verbose;
    volatile LONG   Counts[IRP_MJ_MAXIMUM_FUNCTION + 1];
} UF_EXTENSION, *PUF_EXTENSION;

typedef struct _UF_GLOBALS {
    UNICODE_STRING  RegistryPath;   /* our own copy, UF_TAG */
    ULONG           DefaultVerbose;
} UF_GLOBALS;

extern UF_GLOBALS g_Uf;

/* upfilt.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE UfAddDevice;
DRIVER_UNLOAD     UfUnload;

/* pnp.c */
DRIVER_DISPATCH UfDispatchAny;
DRIVER_DISPATCH UfDispatchPnp;
DRIVER_DISPATCH UfDispatchPower;

#endif
