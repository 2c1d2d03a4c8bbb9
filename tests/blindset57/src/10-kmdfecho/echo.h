#pragma once
//
// kmdfecho - software-enumerated echo device (root\kmdfecho)
//
#include <ntddk.h>
#include <wdf.h>

#include "trace.h"

#define ECHO_TAG         'ohcE'
#define ECHO_MAX_LENGTH  (16 * 1024)

struct EchoDeviceContext {
    WDFQUEUE DefaultQueue;
    ULONG    InstanceNumber;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(EchoDeviceContext, EchoGetDeviceContext)

struct EchoQueueContext {
    WDFMEMORY Buffer;       // last write, parented to the queue
    size_t    Length;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(EchoQueueContext, EchoGetQueueContext)

namespace echo {

class Device {
public:
    static EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;

private:
    static EVT_WDF_DEVICE_D0_ENTRY   EvtD0Entry;
    static EVT_WDF_DEVICE_D0_EXIT    EvtD0Exit;
    static volatile LONG             s_Instances;
};

class Queue {
public:
    static NTSTATUS Create(WDFDEVICE Device, WDFQUEUE* Queue);

private:
    static EVT_WDF_IO_QUEUE_IO_READ  EvtRead;
    static EVT_WDF_IO_QUEUE_IO_WRITE EvtWrite;
};

} // namespace echo
