//
// moufilt.h
//
// Upper filter for the mouse class (installed under
// HKLM\SYSTEM\CurrentControlSet\Control\Class\{4D36E96F-...}\UpperFilters).
// Counts button presses and wheel ticks, prints a summary on remove.
//
#ifndef _MOUFILT_H_
#define _MOUFILT_H_

#include <wdm.h>
#include <ntddmou.h>

#define MF_TAG              'fuoM'
#define MF_REMLOCK_TAG      'lRfM'
#define MF_WHEEL_DELTA      120     // same as user32 WHEEL_DELTA

// 0 = quiet, 1 = errors, 2 = chatty
#ifndef MF_VERBOSITY
#define MF_VERBOSITY 2
#endif

#define MF_TRACE(lvl, ...)                                                  \
    do {                                                                    \
        if ((lvl) <= MF_VERBOSITY) {                                        \
            DbgPrint("moufilt: ");                                          \
            DbgPrint(__VA_ARGS__);                                          \
        }                                                                   \
    } while (0)

#define MF_ERR(...)   MF_TRACE(1, __VA_ARGS__)
#define MF_INFO(...)  MF_TRACE(2, __VA_ARGS__)

typedef struct _MF_STATS {
    ULONG LeftDown;
    ULONG RightDown;
    ULONG MiddleDown;
    LONG  WheelTicks;
    ULONG Packets;
} MF_STATS, *PMF_STATS;

typedef struct _MF_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  LowerDevice;
    IO_REMOVE_LOCK  RemoveLock;
    BOOLEAN         Started;
    MF_STATS        Stats;
} MF_EXTENSION, *PMF_EXTENSION;

// moufilt.c
DRIVER_INITIALIZE       DriverEntry;
DRIVER_ADD_DEVICE       MfAddDevice;
DRIVER_UNLOAD           MfUnload;
DRIVER_DISPATCH         MfDispatchPassThrough;
DRIVER_DISPATCH         MfDispatchRead;
IO_COMPLETION_ROUTINE   MfReadComplete;

// pnp.c
DRIVER_DISPATCH         MfDispatchPnp;
DRIVER_DISPATCH         MfDispatchPower;

VOID MfDumpStats(PMF_EXTENSION Ext);

#endif // _MOUFILT_H_
