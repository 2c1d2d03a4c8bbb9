/*
 * chanmon.h - ChanMon: synthetic multi-channel signal source used by the
 *             lab's data-acquisition test rigs.  Exposes \\.\ChanMon0..3;
 *             a worker thread paced by a periodic kernel timer fills a
 *             per-channel sample ring that readers drain with ReadFile.
 */
#pragma once

#include <ntifs.h>
#include <ntstrsafe.h>

#define CM_CHANNELS             4
#define CM_RING_SAMPLES         128
#define CM_SAMPLE_PERIOD_MS     250
#define CM_NAME_CHARS           40

#define IOCTL_CM_RESET  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xC01, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _CM_SAMPLE {
    LONGLONG Time;
    ULONG    Channel;
    ULONG    Value;
} CM_SAMPLE, *PCM_SAMPLE;

typedef struct _CM_CHANNEL_EXT {
    ULONG          Index;
    KSPIN_LOCK     Lock;
    ULONG          Head;
    ULONG          Count;
    ULONG          Overruns;
    ULONG          Seed;
    BOOLEAN        LinkCreated;
    UNICODE_STRING LinkName;
    WCHAR          LinkBuffer[CM_NAME_CHARS];
    CM_SAMPLE      Ring[CM_RING_SAMPLES];
} CM_CHANNEL_EXT, *PCM_CHANNEL_EXT;

typedef struct _CM_STATE {
    PDEVICE_OBJECT Channels[CM_CHANNELS];
    ULONG          ChannelCount;        /* channels fully created */

    KTIMER         Timer;
    KDPC           TimerDpc;
    KEVENT         TickEvent;           /* synchronization, set by the DPC */
    KEVENT         StopEvent;           /* notification, set at shutdown */
    PETHREAD       Worker;              /* referenced thread object */
    volatile LONG64 Ticks;
} CM_STATE;

extern CM_STATE g_Cm;

/*
 * Evaluate an NTSTATUS-returning call; on failure log it and jump to the
 * given unwind label.  Expects a local named "status".
 */
#define CM_CHECK(expr, label)                                               \
    do {                                                                    \
        status = (expr);                                                    \
        if (!NT_SUCCESS(status)) {                                          \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,             \
                       "ChanMon: %s -> 0x%08X\n", #expr, status);           \
            goto label;                                                     \
        }                                                                   \
    } while (0)

/* channels.c */
NTSTATUS CmCreateChannels(_In_ PDRIVER_OBJECT DriverObject);
VOID     CmDeleteChannels(VOID);

/* sampler.c */
NTSTATUS CmStartSampler(VOID);
VOID     CmStopSampler(VOID);

/* dispatch.c */
DRIVER_DISPATCH CmDispatchCreateClose;
DRIVER_DISPATCH CmDispatchRead;
DRIVER_DISPATCH CmDispatchIoctl;
