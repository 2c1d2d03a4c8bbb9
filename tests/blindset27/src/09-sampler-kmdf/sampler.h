// sampler.h - Sampler: non-PnP KMDF driver that records interrupt-time
//             jitter of a periodic timer and hands the samples to a
//             monitoring service through \\.\Sampler.
#pragma once

#include "wdfguard.h"

extern "C" {
#include <wdmsec.h>
}

constexpr ULONG  SAMPLER_TAG         = 'lpmS';
constexpr ULONG  SAMPLER_PERIOD_MS   = 10;
constexpr ULONG  SAMPLER_RING_SIZE   = 1024;
constexpr size_t SAMPLER_BATCH       = 32;

#define SAMPLER_DEVICE_NAME  L"\\Device\\Sampler"
#define SAMPLER_LINK_NAME    L"\\DosDevices\\Sampler"

#define IOCTL_SAMPLER_READ   CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_SAMPLER_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)

struct SAMPLE_RECORD {
    LONGLONG InterruptTime;
    LONG     JitterUs;
    ULONG    Sequence;
};

struct SAMPLER_STATS {
    ULONG Produced;
    ULONG Dropped;
    LONG  MaxJitterUs;
    ULONG Reserved;
};

// Batch of raw timestamps handed from the timer callback to the work item.
struct SAMPLE_BATCH {
    ULONG    Count;
    LONGLONG Stamps[SAMPLER_BATCH];
};

struct CONTROL_CONTEXT {
    WDFTIMER     Timer;
    WDFWORKITEM  WorkItem;
    WDFLOOKASIDE SnapshotLookaside;
    WDFSPINLOCK  Lock;

    // Timestamps collected by the timer, handed to the work item (under Lock).
    SAMPLE_BATCH Pending;
    SAMPLE_BATCH Ready;
    BOOLEAN      WorkQueued;

    // Ring of processed samples (under Lock).
    SAMPLE_RECORD Ring[SAMPLER_RING_SIZE];
    ULONG         Head;
    ULONG         Count;
    ULONG         Sequence;
    LONGLONG      LastStamp;
    SAMPLER_STATS Stats;
};

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CONTROL_CONTEXT, ControlGetContext)

namespace Sampler {
NTSTATUS CreateControlDevice(_In_ WDFDRIVER Driver, _Out_ WDFDEVICE* Device);
}

EVT_WDF_TIMER                      SamplerEvtTimer;
EVT_WDF_WORKITEM                   SamplerEvtWorkItem;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL SamplerEvtIoDeviceControl;
EVT_WDF_DEVICE_FILE_CREATE         SamplerEvtFileCreate;
EVT_WDF_FILE_CLOSE                 SamplerEvtFileClose;
