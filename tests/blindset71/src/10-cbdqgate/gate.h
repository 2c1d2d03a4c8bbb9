// gate.h - "I/O gate": while the gate is closed, writes to a volume are
// parked in a per-instance cancel-safe queue; opening the gate releases
// them from a generic work item.  Used around snapshot windows.
#pragma once

#include <fltKernel.h>

#define GATE_TAG_INST   'iTaG'
#define GATE_TAG_IOCTX  'qTaG'

#define GLOG(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "cbdqgate: " fmt "\n", __VA_ARGS__)

namespace gate {

struct IoQueueContext {
    FLT_CALLBACK_DATA_QUEUE_IO_CONTEXT Cbdq;
};

struct InstanceContext {
    PFLT_INSTANCE           Instance;
    FLT_CALLBACK_DATA_QUEUE Queue;
    LIST_ENTRY              Parked;
    KSPIN_LOCK              Lock;
    volatile LONG           Closed;         // gate state
    volatile LONG           Draining;       // a release work item is queued
};

struct Driver {
    static PFLT_FILTER           Filter;
    static NPAGED_LOOKASIDE_LIST IoContexts;

    static NTSTATUS Init(PDRIVER_OBJECT DriverObject);
    static void     Shutdown();
};

// queue.cpp
NTSTATUS InitQueue(InstanceContext* ctx);
bool     Park(InstanceContext* ctx, PFLT_CALLBACK_DATA data);
ULONG    ReleaseAll(InstanceContext* ctx, bool failThem);
void     ScheduleRelease(InstanceContext* ctx);

// instance.cpp
extern const FLT_CONTEXT_REGISTRATION Contexts[];
NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS,
                              DEVICE_TYPE, FLT_FILESYSTEM_TYPE);
VOID FLTAPI InstanceTeardownStart(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_TEARDOWN_FLAGS);

} // namespace gate
