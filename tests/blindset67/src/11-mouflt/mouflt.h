/*
 * mouflt.h - legacy mouse class filter: counts movement and clicks
 *
 * Attaches above \Device\PointerClass0 from DriverEntry (non-PnP style).
 */
#ifndef MOUFLT_H
#define MOUFLT_H

#include <ntddk.h>
#include <ntddmou.h>

#define MF_TARGET           L"\\Device\\PointerClass0"
#define MF_POLL_MS          50

#define MF_DBG(...)         DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "mouflt: " __VA_ARGS__)
#define MF_ERR(...)         DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "mouflt: " __VA_ARGS__)

typedef struct _MF_EXT {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    LONG64         DeltaX;
    LONG64         DeltaY;
    ULONG          Clicks;
} MF_EXT, *PMF_EXT;

extern PDEVICE_OBJECT g_MfFilter;
extern volatile LONG  g_MfReadsInFlight;

DRIVER_DISPATCH       MfPass;
DRIVER_DISPATCH       MfPower;
DRIVER_DISPATCH       MfRead;
IO_COMPLETION_ROUTINE MfReadDone;

#endif
