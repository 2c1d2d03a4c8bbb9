#pragma once
#include <ntddk.h>
#include <ntddkbd.h>

#define KLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kbdhook: " fmt "\n", __VA_ARGS__)

// bail out of the current function with the failing status
#define RETURN_ON_FAILURE(expr)                                     \
    do {                                                            \
        NTSTATUS __st = (expr);                                     \
        if (!NT_SUCCESS(__st)) {                                    \
            KLOG("%s -> 0x%08X", #expr, __st);                      \
            return __st;                                            \
        }                                                           \
    } while (0)

#define KBD_TARGET L"\\Device\\KeyboardClass0"

typedef struct _KBD_EXT {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    volatile LONG  PendingReads;
    ULONG          KeysSeen;
} KBD_EXT, *PKBD_EXT;

DRIVER_DISPATCH KbPassThrough;
DRIVER_DISPATCH KbRead;
DRIVER_DISPATCH KbPower;
IO_COMPLETION_ROUTINE KbReadComplete;
